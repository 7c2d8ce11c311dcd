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
struct TextBuffer {
    private(set) var bytes: [UInt8] = []
    /// Where a long output goes while it is made (`cap build` passes it on
    /// to its file): `flushIfLarge` hands it the bytes every megabyte or so,
    /// so that an output of 25 MB never sits whole in memory.
    private var drain: ((UnsafeBufferPointer<UInt8>) -> Void)?

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    init(draining drain: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.reserveCapacity(TextBuffer.drainSize + 64 * 1024)
        self.drain = drain
    }

    static let drainSize = 1 << 20

    /// Writers call this between records, where a cut is harmless.
    @inline(__always)
    mutating func flushIfLarge() {
        if bytes.count >= TextBuffer.drainSize && drain != nil { flush() }
    }

    /// Hands everything to the drain, if there is one.
    mutating func flush() {
        guard let drain, !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer(drain)
        bytes.removeAll(keepingCapacity: true)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
    var isEmpty: Bool { bytes.isEmpty }
    var count: Int { bytes.count }

    mutating func append(_ s: String) {
        TextBuffer.withUTF8(s) { bytes.append(contentsOf: $0) }
    }

    /// `s`'s bytes in place when it has them contiguous, as a native String
    /// does: `String.withUTF8` is mutating, and the copy it needs retained
    /// and released every string written.
    @inline(__always)
    static func withUTF8<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = s.utf8.withContiguousStorageIfAvailable(body) { return result }
        var s = s
        return s.withUTF8(body)
    }

    /// A literal: its bytes are there already, with no String to look into.
    mutating func append(literal s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func append(_ other: TextBuffer) { bytes.append(contentsOf: other.bytes) }

    mutating func append(byte: UInt8) { bytes.append(byte) }

    mutating func append(bytes other: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: other) }

    mutating func removeLast(_ k: Int) { bytes.removeLast(k) }

    /// Inserts `s` before each of `positions` (ascending offsets into the
    /// bytes), moving what follows once, from the end backwards.
    mutating func insert(literal s: StaticString, at positions: [Int]) {
        guard !positions.isEmpty else { return }
        let n = s.utf8CodeUnitCount, oldCount = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: n * positions.count))
        bytes.withUnsafeMutableBytes { b in
            var end = oldCount
            for (k, p) in positions.enumerated().reversed() {
                let shift = n * (k + 1)
                if end > p { (b.baseAddress! + p + shift).copyMemory(from: b.baseAddress! + p, byteCount: end - p) }
                (b.baseAddress! + p + shift - n).copyMemory(from: s.utf8Start, byteCount: n)
                end = p
            }
        }
    }

    /// `n` in decimal, zero-padded to `width` as `String.leftPadded` does.
    mutating func append(_ n: Int, width: Int = 0) {
        guard n >= 0 else { return append(String(n).leftPadded(width)) }
        var digits = 1, p = 1
        while p <= n / 10 { digits += 1; p *= 10 }
        for _ in digits..<max(width, digits) { bytes.append(48) }
        while p > 0 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + n / p % 10))
            p /= 10
        }
    }

    /// Appends `s`, copying runs of ordinary bytes whole and handing each
    /// byte for which `special` holds to `escape`, which appends what it
    /// stands for and moves the index past what it consumed (at least one
    /// byte).
    @inline(__always)
    mutating func append(_ s: String, special: (UInt8) -> Bool,
                         escape: (inout TextBuffer, UnsafeBufferPointer<UInt8>, inout Int) -> Void) {
        TextBuffer.withUTF8(s) { u in
            var i = 0, run = 0
            while i < u.count {
                if !special(u[i]) { i += 1; continue }
                if run < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i])) }
                escape(&self, u, &i)
                run = i
            }
            if run < u.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<u.count])) }
        }
    }

    /// The control scalar (C0, DEL, C1, U+2028, U+2029) whose encoding
    /// starts at `u[i]`, with its length in bytes; nil for anything else.
    @inline(__always)
    static func control(_ u: UnsafeBufferPointer<UInt8>, _ i: Int) -> (value: UInt32, length: Int)? {
        let b = u[i]
        if b < 0x20 || b == 0x7F { return (UInt32(b), 1) }
        if b == 0xC2, i + 1 < u.count, u[i + 1] <= 0x9F { return (UInt32(u[i + 1]), 2) }
        if b == 0xE2, i + 2 < u.count, u[i + 1] == 0x80, u[i + 2] == 0xA8 || u[i + 2] == 0xA9 {
            return (0x2000 | UInt32(u[i + 2] & 0x2F), 3)
        }
        return nil
    }

    /// The length of the UTF-8 sequence a lead byte starts.
    @inline(__always)
    static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// `value` in hexadecimal, with no padding.
    mutating func appendHex(_ value: UInt32, uppercase: Bool) {
        let digits: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        var shift = 28
        while shift > 0 && value >> UInt32(shift) == 0 { shift -= 4 }
        while shift >= 0 {
            bytes.append(digits.utf8Start[Int(value >> UInt32(shift) & 0xF)])
            shift -= 4
        }
    }
}

/// A set of ASCII bytes as two 64-bit masks: testing a byte costs a shift,
/// where a chain of comparisons costs one each, on every byte of the text.
struct ASCIISet {
    let low: UInt64, high: UInt64

    /// The C0 controls and DEL if `controls`, and the bytes of `members`.
    init(controls: Bool, _ members: String) {
        var low: UInt64 = controls ? 0xFFFF_FFFF : 0, high: UInt64 = controls ? 1 << 63 : 0
        for b in members.utf8 where b < 128 {
            if b < 64 { low |= 1 << UInt64(b) } else { high |= 1 << UInt64(b - 64) }
        }
        (self.low, self.high) = (low, high)
    }

    @inline(__always)
    func contains(_ b: UInt8) -> Bool {
        b < 64 ? low >> UInt64(b) & 1 != 0 : b < 128 && high >> UInt64(b &- 64) & 1 != 0
    }
}
