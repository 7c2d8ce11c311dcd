import CapBase

/// The statement a position is in.
public struct StatementContext: Equatable, Sendable {
    public var kind: StatementKind
    public var range: SourceRange
    /// For `let`: the name it defines.
    public var name: String?
    /// Its index in its file's `SyntaxTree.statements`.
    public var index: Int
}
