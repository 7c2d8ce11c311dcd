/// Where an entity is declared: its file and its index in that file's tree.
public struct EntityRef: Hashable, Sendable {
    public let file: FileID
    public let index: UInt32
}

/// Every declared entity across all files, found by id in constant time.
public struct EntityTable: Sendable {
    public internal(set) var refs: [EntityRef] = []
    public internal(set) var kinds: [EntityKindName] = []
    public internal(set) var ids: [Symbol] = []
    /// symbol → position in `refs`, or -1.
    private var bySymbol: [Int32] = []

    public init() {}

    public var count: Int { refs.count }

    public func lookup(_ symbol: Symbol) -> Int? {
        let i = Int(symbol)
        guard i < bySymbol.count, bySymbol[i] >= 0 else { return nil }
        return Int(bySymbol[i])
    }

    /// Adds an entity, or returns the index of the one already using the id.
    mutating func insert(_ ref: EntityRef, kind: EntityKindName, id: Symbol, symbolCount: Int) -> Int? {
        if bySymbol.count < symbolCount {
            bySymbol.append(contentsOf: repeatElement(-1, count: symbolCount - bySymbol.count))
        }
        if let existing = lookup(id) { return existing }
        bySymbol[Int(id)] = Int32(refs.count)
        refs.append(ref)
        kinds.append(kind)
        ids.append(id)
        return nil
    }

    /// Indices of the entities of one kind, in declaration order.
    public func indices(of kind: EntityKindName) -> [Int] {
        kinds.indices.filter { kinds[$0] == kind }
    }
}
