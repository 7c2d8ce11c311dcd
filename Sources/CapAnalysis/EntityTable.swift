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
    /// Each entity's kind, a byte each.
    public internal(set) var kinds: KindColumn
    public internal(set) var ids: [Symbol] = []
    /// symbol → position in `refs` << 6 | its kind's index, or -1: checking
    /// a reference then reads one array, not two. With a million events the
    /// checker's reference lookups waited on a cache miss in each.
    private var bySymbol: [Int32] = []
    /// Past `packedLimit` entities a position no longer fits beside its
    /// kind: those ids are marked `spilled` and found here (a hundred
    /// million entities would take some 60 GB of memory first).
    private var spilledBySymbol: [Symbol: Int] = [:]
    var packedLimit = 1 << 25
    private static let spilled = Int32.max

    /// A table for the built-in kinds only.
    public init() { kinds = KindColumn(names: EntityKindName.ordered) }

    /// A table for a schema's kinds (`Schema.kinds`, by index).
    public init(kindNames: [EntityKindName]) { kinds = KindColumn(names: kindNames) }

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
        return (Int(entry >> 6), Int(entry & 63))
    }

    /// Adds an entity, or returns the index of the one already using the id.
    mutating func insert(_ ref: EntityRef, kind: EntityKindName, id: Symbol, symbolCount: Int) -> Int? {
        if bySymbol.count < symbolCount {
            bySymbol.append(contentsOf: repeatElement(-1, count: symbolCount - bySymbol.count))
        }
        if let existing = lookup(id) { return existing }
        if refs.count < packedLimit {
            bySymbol[Int(id)] = Int32(refs.count) << 6 | Int32(kind.index)
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
        kinds.indices.filter { kinds.index(at: $0) == kind.index }
    }
}

/// The kinds of the entities in a table, stored as one byte each and read
/// as names: a million entities cost a megabyte.
public struct KindColumn: RandomAccessCollection, Sendable, Equatable {
    private var codes: [UInt8] = []
    /// By kind index: the schema's kinds.
    public let names: [EntityKindName]

    init(names: [EntityKindName]) { self.names = names }

    public var startIndex: Int { 0 }
    public var endIndex: Int { codes.count }
    public subscript(position: Int) -> EntityKindName { names[Int(codes[position])] }
    /// The kind's index, without making its name.
    public func index(at position: Int) -> Int { Int(codes[position]) }

    mutating func append(_ kind: EntityKindName) { codes.append(UInt8(kind.index)) }

    /// The same kinds, by word, in the same order.
    public static func == (a: KindColumn, b: KindColumn) -> Bool {
        a.codes.count == b.codes.count && a.indices.allSatisfy { a[$0].rawValue == b[$0].rawValue }
    }
}
