/// Line starts of one file, built only when a position must be shown.
///
/// LF, CRLF and a lone CR all end a line, as in most editors, so the line
/// numbers printed agree with what the user sees.
public struct LineTable: Sendable {
    /// Byte offset at which each line begins; `starts[0] == 0`.
    public let starts: [UInt32]
    private let size: UInt32

    public init(_ bytes: [UInt8]) {
        var starts: [UInt32] = [0]
        var i = 0
        let n = bytes.count
        bytes.withUnsafeBufferPointer { b in
            while i < n {
                let c = b[i]
                if c == 0x0A {
                    starts.append(UInt32(i + 1))
                } else if c == 0x0D {
                    if i + 1 < n && b[i + 1] == 0x0A { i += 1 }
                    starts.append(UInt32(i + 1))
                }
                i += 1
            }
        }
        self.starts = starts
        self.size = UInt32(n)
    }

    public var lineCount: Int { starts.count }

    /// Zero-based line index containing `offset`.
    public func lineIndex(of offset: UInt32) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Byte range of line `index`, without its line terminator.
    public func lineRange(_ index: Int, in bytes: [UInt8]) -> Range<UInt32> {
        let start = starts[index]
        var end = index + 1 < starts.count ? starts[index + 1] : size
        while end > start, bytes[Int(end - 1)] == 0x0A || bytes[Int(end - 1)] == 0x0D { end -= 1 }
        return start..<end
    }
}
