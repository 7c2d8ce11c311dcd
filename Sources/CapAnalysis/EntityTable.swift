import CapBase
import CapSyntax
import CapSchema

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
    /// symbol → position in `refs` << 4 | its kind's index, or -1: checking
    /// a reference then reads one array, not two. With a million events the
    /// checker's reference lookups waited on a cache miss in each.
    private var bySymbol: [Int32] = []
    /// Past `packedLimit` entities a position no longer fits beside its
    /// kind: those ids are marked `spilled` and found here (a hundred
    /// million entities would take some 60 GB of memory first).
    private var spilledBySymbol: [Symbol: Int] = [:]
    var packedLimit = 1 << 27
    private static let spilled = Int32.max

    public init() {}

    public var count: Int { refs.count }

    public func lookup(_ symbol: Symbol) -> Int? { lookupWithKind(symbol)?.index }

    /// The entity with this id, and its kind's `EntityKindName.index`:
    /// what a reference check tests against its field's mask of kinds.
    @inline(__always)
    func lookupWithKind(_ symbol: Symbol) -> (index: Int, kind: Int)? {
        let i = Int(symbol)
        guard i < bySymbol.count else { return nil }
        let entry = bySymbol[i]
        guard entry >= 0 else { return nil }
        guard entry != Self.spilled else { return spilledBySymbol[symbol].map { ($0, kinds[$0].index) } }
        return (Int(entry >> 4), Int(entry & 15))
    }

    /// Adds an entity, or returns the index of the one already using the id.
    mutating func insert(_ ref: EntityRef, kind: EntityKindName, id: Symbol, symbolCount: Int) -> Int? {
        if bySymbol.count < symbolCount {
            bySymbol.append(contentsOf: repeatElement(-1, count: symbolCount - bySymbol.count))
        }
        if let existing = lookup(id) { return existing }
        if refs.count < packedLimit {
            bySymbol[Int(id)] = Int32(refs.count) << 4 | Int32(kind.index)
        } else {
            bySymbol[Int(id)] = Self.spilled
            spilledBySymbol[id] = refs.count
        }
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
