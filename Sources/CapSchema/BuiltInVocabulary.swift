import CapSyntax

/// The parser's words for the built-in kinds, and the way back from the
/// index a syntax node records to the kind it names.
extension Vocabulary {
    /// In `EntityKindName.ordered` order, so a node's `kindIndex` is the
    /// kind's `index`.
    public static let builtIn = Vocabulary(kinds: EntityKindName.ordered.map { ($0.rawValue, EntityKind.named($0).headerName) })
}

extension EntityNode {
    /// nil when the kind word is not a known kind (already reported).
    public var kind: EntityKindName? {
        kindIndex == EntityNode.unknownKind ? nil : EntityKindName.ordered[Int(kindIndex)]
    }
}
