import CapBase
import CapSchema

/// The field a position is in, innermost: inside `role { title "…" }`
/// that is `title`, with `role` in `path`.
public struct FieldContext: Equatable, Sendable {
    public var name: String
    public var nameRange: SourceRange
    /// From the name to the end of its last value.
    public var range: SourceRange
    /// What the schema says of it; nil for a field its block does not have.
    public var spec: FieldSpec?
    /// The record fields it is nested in, outermost first.
    public var path: [String]
}
