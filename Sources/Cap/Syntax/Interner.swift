/// A symbol: the index of an interned identifier.
public typealias Symbol = UInt32

/// Maps identifier bytes to small integers, once per distinct spelling.
///
/// Entity ids, field names, references, enum words and codes are all
/// identifiers; interning them while parsing lets the checker resolve a
/// reference or find a field with an array index instead of hashing strings.
public final class Interner: @unchecked Sendable {
    public private(set) var strings: [String] = []
    private var arena: [UInt8] = []
    private var offsets: [UInt32] = []
    private var hashes: [UInt32] = []
    /// Open-addressing table of symbol + 1 (0 = empty).
    private var slots: [UInt32]
    private var mask: Int

    public init(capacity: Int = 1024) {
        var size = 64
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
        for word in Self.keywords { _ = intern(word) }
    }

    /// Words with fixed symbols, so the parser compares integers, not text.
    /// Order matters: see the `Symbol` constants below.
    static let keywords = ["include", "true", "false"] + EntityKindName.allCases.map(\.rawValue)

    public var count: Int { strings.count }

    public subscript(symbol: Symbol) -> String { strings[Int(symbol)] }

    public func intern(_ text: String) -> Symbol {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { intern(UnsafeBufferPointer($0)) }
    }

    /// The symbol of `text` if it was ever interned.
    public func lookup(_ text: String) -> Symbol? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { find(UnsafeBufferPointer($0)).symbol }
    }

    public func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Symbol {
        let (found, slot, hash) = find(bytes)
        if let found { return found }
        let symbol = Symbol(strings.count)
        offsets.append(UInt32(arena.count))
        arena.append(contentsOf: bytes)
        hashes.append(hash)
        strings.append(String(decoding: bytes, as: UTF8.self))
        slots[slot] = symbol + 1
        if strings.count * 2 > slots.count { grow() }
        return symbol
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>) -> (symbol: Symbol?, slot: Int, hash: UInt32) {
        // FNV-1a: identifiers are short, so a simple byte hash is fastest.
        var h: UInt32 = 2_166_136_261
        for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
        var i = Int(h) & mask
        let n = bytes.count
        while true {
            let s = slots[i]
            if s == 0 { return (nil, i, h) }
            let sym = Int(s - 1)
            if hashes[sym] == h {
                let start = Int(offsets[sym])
                let end = sym + 1 < offsets.count ? Int(offsets[sym + 1]) : arena.count
                if end - start == n {
                    var equal = true
                    arena.withUnsafeBufferPointer { a in
                        for k in 0..<n where a[start + k] != bytes[k] { equal = false; break }
                    }
                    if equal { return (Symbol(sym), i, h) }
                }
            }
            i = (i + 1) & mask
        }
    }

    private func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for sym in 0..<strings.count {
            var i = Int(hashes[sym]) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = UInt32(sym + 1)
        }
    }
}

extension Symbol {
    static let include: Symbol = 0
    static let `true`: Symbol = 1
    static let `false`: Symbol = 2
    static let firstKind: Symbol = 3

    /// The entity kind this keyword names, if it is one.
    var entityKind: EntityKindName? {
        guard self >= Self.firstKind, self < Self.firstKind + Symbol(EntityKindName.allCases.count) else { return nil }
        return EntityKindName.allCases[Int(self - Self.firstKind)]
    }
}
