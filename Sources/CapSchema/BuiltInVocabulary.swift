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

extension EntityNode {
    /// The built-in kind this node names; nil for a declaration of the
    /// schema, a kind the data declares and an unknown word. Code that must
    /// see declared kinds asks the workspace's schema (`Schema.kind(of:)`).
    public var builtInKind: EntityKindName? {
        Int(kindIndex) < EntityKindName.ordered.count ? EntityKindName.ordered[Int(kindIndex)] : nil
    }
}
