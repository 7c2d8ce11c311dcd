/// The syntax of one file, stored flat.
///
/// Nodes live in a few arrays and point at each other by index, with exact
/// byte ranges, instead of being objects: a 25 MB data file then costs a
/// fraction of its size in memory, and the formatter and language server can
/// still walk every node, its source range and the comments between them.
public struct SyntaxTree: Sendable {
    public let file: FileID
    /// Top-level items in source order.
    public internal(set) var items: [Item] = []
    public internal(set) var includes: [IncludeNode] = []
    public internal(set) var entities: [EntityNode] = []
    public internal(set) var blocks: [BlockNode] = []
    public internal(set) var fields: [FieldNode] = []
    public internal(set) var values: [ValueNode] = []
    /// Endpoints of `a..b` range values; a `.range` value's payload indexes it.
    public internal(set) var ranges: [(low: ValueNode, high: ValueNode)] = []
    /// Byte ranges of every `//` comment, in order.
    public internal(set) var comments: [Range<UInt32>] = []

    public init(file: FileID) { self.file = file }

    public enum Item: Sendable, Equatable {
        case include(Int)
        case entity(Int)
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
    /// nil when the kind word is not a known kind (already reported).
    public var kind: EntityKindName?
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

    public var nameEnd: UInt32 { nameStart + UInt32(nameLength) }
}

/// One literal value. What it means is decided by the checker from the
/// field's type; the bytes stay in the file and are decoded on demand.
public struct ValueNode: Sendable {
    public enum Kind: UInt8, Sendable {
        case string, longString, integer, date, dateTime, identifier, boolean, range, block
        /// Missing or unreadable; already reported.
        case error
    }

    public var kind: Kind
    public var start: UInt32
    public var end: UInt32
    /// identifier: its symbol · boolean: 0 or 1 · block: block index ·
    /// range: index into `ranges` · integer: 1 when negative.
    public var payload: UInt32
}
