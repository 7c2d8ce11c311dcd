import CapBase
import CapSchema

/// The declaration a position is in.
public struct EntityContext: Equatable, Sendable {
    /// Nil when the kind word is not a known kind (already reported).
    public var kind: EntityKindName?
    /// The kind word as written.
    public var kindWord: String
    /// Nil when the header has no id (a syntax error).
    public var id: String?
    public var idRange: SourceRange
    /// From the kind word to the closing brace.
    public var range: SourceRange
    /// Its index in its file's `SyntaxTree.entities`.
    public var index: Int
}
