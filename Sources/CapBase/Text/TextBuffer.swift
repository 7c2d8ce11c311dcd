/// Text built as UTF-8 bytes. The publishers write megabytes from short
/// pieces, each escaped for its format: appending bytes to an array is a
/// copy, where appending to a String re-examines the string each time and
/// escaping scalar by scalar costs dozens of instructions a byte.
///
/// Every escape here works on bytes and copies the runs between special
/// bytes whole. They stay exact for all of Unicode because the characters
/// they look for are ASCII (or C1 controls and U+2028/U+2029, recognised by
/// their byte sequences), and UTF-8 never reuses an ASCII byte inside a
/// multi-byte scalar.
///
/// The bytes live in memory the buffer owns, and it is never copied (it is
/// `~Copyable`): an append is a capacity check and a copy. As an `Array`,
/// each append went through the array's uniqueness check and bookkeeping,
/// some 90 instructions, and a timeline makes several per field.
package struct TextBuffer: ~Copyable {
    // Internal but usable from inlinable code: the writers in other layers
    // append through @inlinable functions, as they did when all was one
    // module (a call per append cost a build some 5% of its instructions).
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline package internal(set) var count = 0
    @usableFromInline var capacity: Int
    /// Where a long output goes while it is made (`cap build` passes it on
    /// to its file): `flushIfLarge` hands it the bytes every megabyte or so,
    /// so that an output of 25 MB never sits whole in memory.
    @usableFromInline var drain: ((UnsafeBufferPointer<UInt8>) -> Void)?

    package init(capacity: Int = 0) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    package init(draining drain: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.init(capacity: TextBuffer.drainSize + 64 * 1024)
        self.drain = drain
    }

    deinit { base.deallocate() }

    /// The buffer, leaving an empty one in its place.
    package mutating func take() -> TextBuffer {
        let taken = consume self
        self = TextBuffer()
        return taken
    }

    @usableFromInline package static let drainSize = 1 << 20

    /// Writers call this between records, where a cut is harmless.
    @inlinable @inline(__always)
    package mutating func flushIfLarge() {
        if count >= TextBuffer.drainSize && drain != nil { flush() }
    }

    /// Hands everything to the drain, if there is one.
    package mutating func flush() {
        guard let drain, count > 0 else { return }
        drain(UnsafeBufferPointer(start: base, count: count))
        count = 0
    }

    /// The bytes written (since the last flush), for as long as `body` runs.
    package func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// A copy of the bytes written, as an array.
    package func copyBytes() -> [UInt8] { withBytes { Array($0) } }
    package var text: String { withBytes { String(decoding: $0, as: UTF8.self) } }
    package var isEmpty: Bool { count == 0 }

    /// Room for `n` more bytes, at `base + count`.
    @inlinable @inline(__always)
    mutating func reserve(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    @usableFromInline @inline(never)
    mutating func grow(_ n: Int) {
        capacity = max(capacity * 2, count + n)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        new.initialize(from: base, count: count)
        base.deallocate()
        base = new
    }

    package mutating func append(_ s: String) {
        TextBuffer.withUTF8(s) { append(bytes: $0) }
    }

    /// `s`'s bytes in place when it has them contiguous, as a native String
    /// does: `String.withUTF8` is mutating, and the copy it needs retained
    /// and released every string written.
    @inlinable @inline(__always)
    package static func withUTF8<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = s.utf8.withContiguousStorageIfAvailable(body) { return result }
        var s = s
        return s.withUTF8(body)
    }

    /// A literal: its bytes are there already, with no String to look into.
    @inlinable @inline(__always)
    package mutating func append(literal s: StaticString) {
        append(start: s.utf8Start, count: s.utf8CodeUnitCount)
    }

    package mutating func append(_ other: borrowing TextBuffer) { append(start: other.base, count: other.count) }

    @inlinable @inline(__always)
    package mutating func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inlinable @inline(__always)
    package mutating func append(bytes other: UnsafeBufferPointer<UInt8>) {
        guard let start = other.baseAddress else { return }
        append(start: start, count: other.count)
    }

    @inlinable @inline(__always)
    mutating func append(start: UnsafePointer<UInt8>, count n: Int) {
        reserve(n)
        (base + count).initialize(from: start, count: n)
        count += n
    }

    /// Inserts `s` before each of `positions` (ascending offsets into the
    /// bytes), moving what follows once, from the end backwards.
    package mutating func insert(literal s: StaticString, at positions: [Int]) {
        guard !positions.isEmpty else { return }
        let n = s.utf8CodeUnitCount, oldCount = count
        reserve(n * positions.count)
        var end = oldCount
        for (k, p) in positions.enumerated().reversed() {
            let shift = n * (k + 1)
            if end > p { (base + p + shift).update(from: base + p, count: end - p) }
            (base + p + shift - n).update(from: s.utf8Start, count: n)
            end = p
        }
        count += n * positions.count
    }

    /// `n` in decimal, zero-padded to `width` as `String.leftPadded` does.
    /// Mostly the parts of dates: two to four digits.
    @inlinable @inline(__always)
    package mutating func append(_ n: Int, width: Int = 0) {
        guard n >= 0 else { return append(String(n).leftPadded(width)) }
        let digits = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10_000 ? 4 : TextBuffer.digitCount(n)
        let total = max(width, digits)
        reserve(total)
        let end = base + count + total
        var at = end, rest = n
        repeat {
            at -= 1
            at.pointee = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
            rest /= 10
        } while rest > 0
        while at > end - total {
            at -= 1
            at.pointee = 48
        }
        count += total
    }

    /// Decimal digits of `n` ≥ 10,000.
    @usableFromInline static func digitCount(_ n: Int) -> Int {
        var digits = 5, rest = n / 100_000
        while rest > 0 { digits += 1; rest /= 10 }
        return digits
    }

    /// Appends `s`, copying runs of ordinary bytes whole and handing each
    /// byte in `special` to `escape`, which appends what it stands for and
    /// moves the index past what it consumed (at least one byte).
    @inlinable @inline(__always)
    package mutating func append(_ s: String, special: ByteSet,
                         escape: (inout TextBuffer, UnsafeBufferPointer<UInt8>, inout Int) -> Void) {
        TextBuffer.withUTF8(s) { u in
            guard let p = u.baseAddress else { return }
            var i = 0, run = 0
            while true {
                i = special.firstIndex(in: p, from: i, count: u.count)
                guard i < u.count else { break }
                if run < i { append(start: p + run, count: i - run) }
                escape(&self, u, &i)
                run = i
            }
            if run < u.count { append(start: p + run, count: u.count - run) }
        }
    }

    /// The control scalar (C0, DEL, C1, U+2028, U+2029) whose encoding
    /// starts at `u[i]`, with its length in bytes; nil for anything else.
    @inlinable @inline(__always)
    package static func control(_ u: UnsafeBufferPointer<UInt8>, _ i: Int) -> (value: UInt32, length: Int)? {
        let b = u[i]
        if b < 0x20 || b == 0x7F { return (UInt32(b), 1) }
        if b == 0xC2, i + 1 < u.count, u[i + 1] <= 0x9F { return (UInt32(u[i + 1]), 2) }
        if b == 0xE2, i + 2 < u.count, u[i + 1] == 0x80, u[i + 2] == 0xA8 || u[i + 2] == 0xA9 {
            return (0x2000 | UInt32(u[i + 2] & 0x2F), 3)
        }
        return nil
    }

    /// The length of the UTF-8 sequence a lead byte starts.
    @inlinable @inline(__always)
    package static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// `value` in hexadecimal, with no padding.
    package mutating func appendHex(_ value: UInt32, uppercase: Bool) {
        let digits: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        var shift = 28
        while shift > 0 && value >> UInt32(shift) == 0 { shift -= 4 }
        while shift >= 0 {
            append(byte: digits.utf8Start[Int(value >> UInt32(shift) & 0xF)])
            shift -= 4
        }
    }
}

/// A set of bytes as a table of 256 flags. The escapes test every byte of
/// the text they write: a table lookup is one load, where the mask test and
/// the comparisons for the lead bytes of C1 controls and U+2028 cost one
/// each; `firstIndex` tests four bytes per branch, and titles go by at about
/// two instructions a byte instead of a dozen.
package struct ByteSet: @unchecked Sendable {
    /// Never freed: every set is a static constant, made once.
    @usableFromInline let flags: UnsafeMutablePointer<UInt8>

    /// The C0 controls and DEL if `controls`, the ASCII bytes of
    /// `members`, and `bytes` (lead bytes of the multi-byte sequences an
    /// escape looks at).
    package init(controls: Bool, _ members: String, bytes: [UInt8] = []) {
        flags = .allocate(capacity: 256)
        flags.initialize(repeating: 0, count: 256)
        if controls {
            for b in 0..<0x20 { flags[b] = 1 }
            flags[0x7F] = 1
        }
        for b in members.utf8 where b < 128 { flags[Int(b)] = 1 }
        for b in bytes { flags[Int(b)] = 1 }
    }

    @inlinable @inline(__always)
    package func contains(_ b: UInt8) -> Bool { flags[Int(b)] != 0 }

    /// The first position from `i` on whose byte is in the set, or `n`.
    @inlinable @inline(__always)
    package func firstIndex(in p: UnsafePointer<UInt8>, from i: Int, count n: Int) -> Int {
        var i = i
        while i &+ 4 <= n {
            if flags[Int(p[i])] | flags[Int(p[i &+ 1])] | flags[Int(p[i &+ 2])] | flags[Int(p[i &+ 3])] != 0 { break }
            i &+= 4
        }
        while i < n && flags[Int(p[i])] == 0 { i &+= 1 }
        return i
    }
}
