import CapBase

/// The innermost node at a position and its context, as a value: what an
/// editor's hover, go-to-definition or completion starts from.
public struct LocatedNode: Equatable, Sendable {
    public var kind: NodeKind
    /// The node's own range (for `.entity` or `.block`, the whole of it).
    public var range: SourceRange
    /// The node's source text, exactly as written.
    public var text: String
    /// The declaration around the position, if any.
    public var entity: EntityContext?
    /// The innermost field around the position, if any.
    public var field: FieldContext?
    /// The statement around the position, if any.
    public var statement: StatementContext?
    /// What the node refers to, when it refers to something that exists.
    public var target: NodeTarget?
}
