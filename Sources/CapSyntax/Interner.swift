#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A symbol: the index of an interned identifier.
public typealias Symbol = UInt32

/// Maps identifier bytes to small integers, once per distinct spelling.
///
/// Entity ids, field names, references, enum words and codes are all
/// identifiers; interning them while parsing lets the checker resolve a
/// reference or find a field with an array index instead of hashing strings.
public final class Interner {
    /// All storage in one struct: a lookup is then one access to the class's
    /// state (one exclusivity check) rather than one per array.
    private var table = Table()

    public init(capacity: Int = 1024) {
        table.reserve(capacity)
        for word in Self.keywords { _ = intern(word) }
    }

    private init(table: Table) { self.table = table }

    /// An interner with this one's symbols, which later interning here does
    /// not change (the two share storage until one of them grows): for a
    /// thread that reads symbols while this one may still intern.
    package func snapshot() -> Interner { Interner(table: table) }

    /// Words with fixed symbols, so the parser compares integers, not text.
    /// Order matters: see the `Symbol` constants below.
    /// The entity kinds are not among them: they are the schema's words,
    /// not the syntax's, and the parser interns them (see `Vocabulary`).
    static let keywords = ["include", "true", "false",
                           "let", "assert", "print", "and", "or", "not", "in", "none", "it", "desc", "asc"]

    public var count: Int { table.hashes.count }

    /// The text of a symbol, made from its bytes when asked: keeping a
    /// `String` per symbol would cost 16 bytes each for every id in the data.
    public subscript(symbol: Symbol) -> String { table.string(symbol) }

    public func intern(_ text: String) -> Symbol {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { intern(UnsafeBufferPointer($0)) }
    }

    /// The symbol of `text` if it was ever interned.
    public func lookup(_ text: String) -> Symbol? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { table.find(UnsafeBufferPointer($0)).symbol }
    }

    public func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Symbol { table.intern(bytes) }

    /// Interns every symbol of `other`, in its order, and returns what each
    /// became here (indexed by `other`'s symbols). Files parsed side by side
    /// each intern into their own table; merged in file order, symbols are
    /// numbered exactly as one table filled file after file would number them.
    package func absorb(_ other: Interner) -> [Symbol] {
        table.absorb(other.table)
    }

    private struct Table {
        var arena: [UInt8] = []
        /// Start of each symbol's bytes in `arena`, plus one final end offset.
        var offsets: [UInt32] = [0]
        var hashes: [UInt32] = []
        /// Open addressing: symbol + 1, 0 for an empty slot.
        var slots = [UInt32](repeating: 0, count: 64)

        var count: Int { hashes.count }

        mutating func reserve(_ capacity: Int) {
            var size = 64
            while size < capacity * 2 { size <<= 1 }
            guard size > slots.count else { return }
            slots = [UInt32](repeating: 0, count: size)
            rehash()
        }

        mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Symbol {
            intern(bytes, hash: Self.hash(bytes))
        }

        mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Symbol {
            let (found, slot, hash) = find(bytes, hash: hash)
            if let found { return found }
            let symbol = Symbol(hashes.count)
            arena.append(contentsOf: bytes)
            offsets.append(UInt32(arena.count))
            hashes.append(hash)
            slots[slot] = symbol + 1
            if hashes.count * 2 > slots.count { grow() }
            return symbol
        }

        func string(_ symbol: Symbol) -> String {
            let i = Int(symbol)
            return String(decoding: arena[Int(offsets[i])..<Int(offsets[i + 1])], as: UTF8.self)
        }

        func find(_ bytes: UnsafeBufferPointer<UInt8>) -> (symbol: Symbol?, slot: Int, hash: UInt32) {
            find(bytes, hash: Self.hash(bytes))
        }

        func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> (symbol: Symbol?, slot: Int, hash: UInt32) {
            let mask = slots.count - 1
            var i = Int(h) & mask
            let n = bytes.count
            return slots.withUnsafeBufferPointer { slots in
                hashes.withUnsafeBufferPointer { hashes in
                    offsets.withUnsafeBufferPointer { offsets in
                        arena.withUnsafeBufferPointer { arena in
                            while true {
                                let s = slots[i]
                                if s == 0 { return (nil, i, h) }
                                let sym = Int(s - 1)
                                if hashes[sym] == h {
                                    let start = Int(offsets[sym])
                                    if Int(offsets[sym + 1]) - start == n
                                        && (n == 0 || memcmp(arena.baseAddress! + start, bytes.baseAddress!, n) == 0) {
                                        return (Symbol(sym), i, h)
                                    }
                                }
                                i = (i + 1) & mask
                            }
                        }
                    }
                }
            }
        }

        /// Interns every symbol of `other` in order (see `Interner.absorb`).
        ///
        /// Merging a file's table looks up every symbol it holds, and in a
        /// table of a million symbols each lookup waits on cache misses:
        /// the slot, then the symbol's hash and offsets, then its bytes.
        /// One lookup after another, the processor waits on each in turn.
        /// So each batch first reads, stage by stage, what its lookups will
        /// read: loads that do not depend on each other, which the processor
        /// overlaps. The lookups then find it all in the cache.
        mutating func absorb(_ other: Table) -> [Symbol] {
            let n = other.count, batch = 32
            var map = [Symbol](repeating: 0, count: n)
            var touched: UInt32 = 0
            var found = [UInt32](repeating: 0, count: batch)
            other.arena.withUnsafeBufferPointer { source in
                var i = 0
                while i < n {
                    let end = min(i + batch, n)
                    // Room for the whole batch first: no slot moves under it.
                    reserve(count + (end - i))
                    let mask = slots.count - 1
                    slots.withUnsafeBufferPointer { slots in
                        for j in i..<end { found[j - i] = slots[Int(other.hashes[j]) & mask] }
                    }
                    offsets.withUnsafeBufferPointer { offsets in
                        hashes.withUnsafeBufferPointer { hashes in
                            for k in 0..<(end - i) where found[k] != 0 {
                                let sym = Int(found[k] - 1)
                                touched &+= hashes[sym] &+ offsets[sym]
                            }
                        }
                    }
                    arena.withUnsafeBufferPointer { arena in
                        for k in 0..<(end - i) where found[k] != 0 {
                            let start = Int(offsets[Int(found[k] - 1)])
                            if start < arena.count { touched &+= UInt32(arena[start]) }  // an empty symbol may end it
                        }
                    }
                    for j in i..<end {
                        let bytes = UnsafeBufferPointer(rebasing: source[Int(other.offsets[j])..<Int(other.offsets[j + 1])])
                        map[j] = intern(bytes, hash: other.hashes[j])
                    }
                    i = end
                }
            }
            sink = touched  // kept, so the compiler cannot drop the reads
            return map
        }

        /// Where `absorb` leaves the sum of what it read ahead.
        var sink: UInt32 = 0

        /// A few overlapping word loads, then the finaliser of MurmurHash3
        /// (the loads are wyhash's): most names in the data are 4 to 12
        /// bytes, which this hashes in two loads and three multiplies, where
        /// a byte-at-a-time loop took five instructions a byte.
        @inline(__always)
        static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
            let n = bytes.count
            var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
            @inline(__always) func mix(_ word: UInt64) {
                h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
            }
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                if n >= 8 {
                    var i = 0
                    while i + 8 < n { mix(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)); i += 8 }
                    mix(base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
                } else if n >= 4 {
                    mix(UInt64(base.loadUnaligned(as: UInt32.self)) << 32
                        | UInt64(base.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
                } else if n > 0 {
                    mix(UInt64(bytes[0]) << 16 | UInt64(bytes[n >> 1]) << 8 | UInt64(bytes[n - 1]))
                }
            }
            h ^= h >> 33
            h &*= 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 33
            return UInt32(truncatingIfNeeded: h)
        }

        mutating func grow() {
            slots = [UInt32](repeating: 0, count: slots.count * 2)
            rehash()
        }

        /// Puts every symbol into `slots`, which are empty.
        mutating func rehash() {
            let mask = slots.count - 1
            for sym in 0..<hashes.count {
                var i = Int(hashes[sym]) & mask
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = UInt32(sym + 1)
            }
        }
    }
}

extension Symbol {
    static let include: Symbol = 0
    static let `true`: Symbol = 1
    static let `false`: Symbol = 2
    static let `let`: Symbol = 3
    static let assert: Symbol = 4
    static let print: Symbol = 5
    static let and: Symbol = 6
    static let or: Symbol = 7
    static let not: Symbol = 8
    static let `in`: Symbol = 9
    static let none: Symbol = 10
    static let it: Symbol = 11
    static let desc: Symbol = 12
    static let asc: Symbol = 13

    /// Words that start a statement at the top level.
    var startsStatement: Bool { self == .let || self == .assert || self == .print }
}
