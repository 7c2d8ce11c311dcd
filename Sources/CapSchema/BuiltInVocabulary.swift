import CapSyntax

/// The parser's words for the built-in kinds and the declarations of the
/// schema. A kind the data declares is not among them: the parser records
/// its entities as unknown, and the workspace resolves them once every file
/// is read (order does not matter).
extension Vocabulary {
    /// In `EntityKindName.ordered` order, so a node's `kindIndex` is the
    /// kind's `index`.
    public static let builtIn = Schema.builtIn.vocabulary
}
