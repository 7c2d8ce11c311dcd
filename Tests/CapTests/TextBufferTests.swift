import Testing
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL

/// The byte buffer every output is written into: it manages its own memory,
/// so growth, in-place insertion and the drain are checked here directly.
@Suite struct TextBufferTests {
    /// Numbers as `String(n).leftPadded(width)` writes them, across the
    /// boundaries where the digit count changes.
    @Test func numbersMatchLeftPaddedStrings() {
        let numbers = [0, 7, 9, 10, 99, 100, 999, 1000, 2024, 9999, 10_000, 99_999, 100_000, 123_456_789,
                       Int.max, -1, -42, Int.min]
        for n in numbers {
            for width in [0, 1, 2, 4, 6, 25] {
                var out = TextBuffer()
                out.append(literal: "<")
                out.append(n, width: width)
                out.append(literal: ">")
                let text = out.text
                #expect(text == "<" + String(n).leftPadded(width) + ">", "\(n) width \(width)")
            }
        }
    }

    /// Appends past the initial capacity keep every byte, in order.
    @Test func growthKeepsEverything() {
        var out = TextBuffer(capacity: 1)
        var expected = ""
        for i in 0..<5_000 {
            let piece = i % 3 == 0 ? "é\(i)" : "x"
            out.append(piece)
            out.append(byte: 0x2C)
            expected += piece + ","
        }
        let (text, count) = (out.text, out.count)
        #expect(text == expected)
        #expect(count == expected.utf8.count)
    }

    @Test func insertionsLandBeforeTheirOffsets() {
        var out = TextBuffer()
        out.append("abcdefgh")
        out.insert(literal: "\r\n ", at: [0, 3, 8])
        let text = out.text
        #expect(text == "\r\n abc\r\n defgh\r\n ")
    }

    /// The drain receives everything, a megabyte or so at a time, and the
    /// buffer starts again empty after each hand-over.
    @Test func drainReceivesEveryByte() {
        var received: [UInt8] = []
        var calls = 0
        var out = TextBuffer(draining: { received.append(contentsOf: $0); calls += 1 })
        let line = String(repeating: "0123456789", count: 10) + "\n"
        for _ in 0..<30_000 {
            out.append(line)
            out.flushIfLarge()
        }
        let kept = out.count
        #expect(kept < TextBuffer.drainSize)
        out.flush()
        let empty = out.isEmpty
        #expect(empty)
        #expect(received.count == 30_000 * line.utf8.count)
        #expect(calls == 3)
        #expect(String(decoding: received.prefix(line.utf8.count), as: UTF8.self) == line)
    }

    @Test func takeLeavesAnEmptyBuffer() {
        var out = TextBuffer()
        out.append("kept")
        let taken = out.take()
        let (takenText, empty) = (taken.text, out.isEmpty)
        #expect(takenText == "kept")
        #expect(empty)
        out.append("new")
        let (newText, stillKept) = (out.text, taken.text)
        #expect(newText == "new" && stillKept == "kept")
    }
}
