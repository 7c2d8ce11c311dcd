import CapBase

/// The syntax of one file, stored flat.
///
/// Nodes live in a few arrays and point at each other by index, with exact
/// byte ranges, instead of being objects: a 25 MB data file then costs a
/// fraction of its size in memory, and the formatter and language server can
/// still walk every node, its source range and the comments between them.
public struct SyntaxTree: Sendable {
    public let file: FileID
    public internal(set) var includes: [IncludeNode] = []
    public internal(set) var entities: [EntityNode] = []
    public internal(set) var blocks: [BlockNode] = []
    public internal(set) var fields: [FieldNode] = []
    public internal(set) var values: [ValueNode] = []
    /// Endpoints of `a..b` range values; a `.range` value's payload indexes it.
    public internal(set) var ranges: [(low: ValueNode, high: ValueNode)] = []
    /// `let`, `assert` and `print` statements, in source order.
    public package(set) var statements: [Statement] = []
    /// Entities whose kind word was no kind the parser knew, in order: the
    /// schema the data declares may make them kinds (`Workspace`'s
    /// resolution), and their nodes' `kindIndex` is then set.
    public internal(set) var unknownKinds: [UnknownKindWord] = []
    /// Byte ranges of every `//` comment, in order.
    public internal(set) var comments: [Range<UInt32>] = []

    public init(file: FileID) { self.file = file }

    public enum Item: Sendable, Equatable {
        case include(Int)
        case entity(Int)
        case statement(Int)
    }

    /// Top-level items in source order, derived from the includes and
    /// entities (each already in order) rather than stored.
    public var items: [Item] {
        var out: [(UInt32, Item)] = []
        out.reserveCapacity(includes.count + entities.count + statements.count)
        for (i, n) in includes.enumerated() { out.append((n.keywordStart, .include(i))) }
        for (i, n) in entities.enumerated() { out.append((n.kindStart, .entity(i))) }
        for (i, n) in statements.enumerated() { out.append((n.keywordStart, .statement(i))) }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }

    public var isEmpty: Bool { includes.isEmpty && entities.isEmpty && statements.isEmpty }

    /// Sets aside room for a file of `byteCount` bytes. Reserved pages that
    /// are never written are never resident, and the arrays then never grow
    /// by copying, which would briefly hold two copies in memory.
    mutating func reserve(forBytes byteCount: Int) {
        entities.reserveCapacity(byteCount / 64 + 16)
        blocks.reserveCapacity(byteCount / 64 + 16)
        fields.reserveCapacity(byteCount / 8 + 16)
        values.reserveCapacity(byteCount / 6 + 16)
    }
    /// Renumbers every symbol the tree holds (entity ids, field names,
    /// identifier values) through `map`, after the file was parsed with an
    /// interner of its own. `Symbol.max`, a refused identifier, stays.
    package mutating func remapSymbols(_ map: [Symbol]) {
        @inline(__always) func remap(_ s: Symbol) -> Symbol { s == .max ? s : map[Int(s)] }
        for i in entities.indices { entities[i].id = remap(entities[i].id) }
        for i in fields.indices { fields[i].name = remap(fields[i].name) }
        for i in values.indices where values[i].kind == .identifier { values[i].payload = remap(values[i].payload) }
        for i in unknownKinds.indices { unknownKinds[i].word = remap(unknownKinds[i].word) }
    }

    /// Sets the kind of an entity whose word the parser did not know, once
    /// the schema knows it (or back to unknown).
    package mutating func setKind(ofEntity entity: Int, to index: UInt8) {
        entities[entity].kindIndex = index
    }

    public func range(_ start: UInt32, _ end: UInt32) -> SourceRange {
        SourceRange(file: file, start: start, end: end)
    }

    /// The fields of a block, in source order.
    public func fields(of block: BlockNode) -> ArraySlice<FieldNode> {
        fields[Int(block.firstField)..<Int(block.firstField) + Int(block.fieldCount)]
    }

    public func values(of field: FieldNode) -> ArraySlice<ValueNode> {
        values[Int(field.firstValue)..<Int(field.firstValue) + Int(field.valueCount)]
    }
}

/// `include "path"`.
public struct IncludeNode: Sendable {
    public var keywordStart: UInt32
    /// The string token, quotes included.
    public var pathStart: UInt32
    public var pathEnd: UInt32
}

/// `kind id "Name" { … }`.
public struct EntityNode: Sendable {
    /// The kind word's index in the parser's `Vocabulary`, or
    /// `EntityNode.unknownKind` when the word is not a known kind (already
    /// reported). The schema turns the index into a kind.
    public var kindIndex: UInt8
    public var kindStart: UInt32
    public var kindEnd: UInt32
    public var id: Symbol
    public var idStart: UInt32
    public var idEnd: UInt32
    /// The header string token, quotes included; empty when missing.
    public var nameStart: UInt32
    public var nameEnd: UInt32
    public var block: UInt32
    public var end: UInt32

    public var hasName: Bool { nameEnd > nameStart }

    public static let unknownKind: UInt8 = .max
}

/// An entity whose kind word the parser did not know.
public struct UnknownKindWord: Sendable {
    public var entity: UInt32
    public var word: Symbol
}

/// `{ field… }`.
public struct BlockNode: Sendable {
    public var start: UInt32
    public var end: UInt32
    public var firstField: UInt32
    public var fieldCount: UInt32
}

/// `name value, value…` or `name { … }`.
public struct FieldNode: Sendable {
    public var name: Symbol
    public var nameStart: UInt32
    public var firstValue: UInt32
    public var valueCount: UInt16
    public var nameLength: UInt16

    public var nameEnd: UInt32 { nameStart + UInt32(nameLength & 0x7FFF) }

    /// The line held a syntax error after the name; its values are not
    /// checked further (the top bit of `nameLength`; names are short).
    public var isDamaged: Bool {
        get { nameLength & 0x8000 != 0 }
        set { nameLength = newValue ? nameLength | 0x8000 : nameLength & 0x7FFF }
    }
}

/// One literal value. What it means is decided by the checker from the
/// field's type; the bytes stay in the file and are decoded on demand.
public struct ValueNode: Sendable {
    public enum Kind: UInt8, Sendable {
        case string, longString, integer, date, dateTime, identifier, boolean, range, block
        /// Missing or unreadable; already reported.
        case error
        /// 3.2: a number with a fractional part.
        case decimal
    }

    public var start: UInt32
    /// The end offset in the low 28 bits and the kind in the high 4: values
    /// are the most numerous node, and files are capped below 256 MiB.
    private var endAndKind: UInt32
    /// identifier: its symbol · boolean: 0 or 1 · block: block index ·
    /// range: index into `ranges` · integer: 1 when negative.
    public var payload: UInt32

    public init(kind: Kind, start: UInt32, end: UInt32, payload: UInt32) {
        self.start = start
        self.endAndKind = (end & 0x0FFF_FFFF) | UInt32(kind.rawValue) << 28
        self.payload = payload
    }

    public var kind: Kind { Kind(rawValue: UInt8(endAndKind >> 28))! }
    public var end: UInt32 { endAndKind & 0x0FFF_FFFF }
}
