/// The formatter's output: source tokens copied as they are, in order, with
/// the spaces, line breaks and indentation of the canonical layout between
/// them, and every `//` comment of the input put back where it was written.
///
/// Comments are not attached to nodes (where cue and Dhall lost or moved
/// them): they are a sorted list of byte ranges, and before each token is
/// written every comment that precedes it in the input is written first. A
/// comment that shared its line with the previous token stays at the end of
/// that line; any other goes on a line of its own. A comment always ends a
/// line, so a token that follows one starts a new line: the input had a line
/// break at that same place between the same two tokens, so the break is
/// one the grammar allows there.
struct LayoutWriter {
    let bytes: UnsafeBufferPointer<UInt8>
    let comments: [Range<UInt32>]
    private var nextComment = 0
    private(set) var out: [UInt8] = []
    /// Indentation of new lines, in levels of `Layout.indent`.
    var indent = 0
    /// Something is written on the current output line.
    private var lineOpen = false
    /// The next token must start a new line.
    private var breakPending = false
    /// The source offset just after the last token or comment written.
    private(set) var lastEnd: UInt32 = 0
    /// No line has been written since the file start or an opening `{`:
    /// no blank line goes there.
    private var atBlockStart = true
    /// Columns (Unicode scalars) on the current output line.
    private(set) var column = 0
    /// Line ends written so far.
    private var lineNumber = 0
    /// The end-of-line comments written: their line, the offset in `out`
    /// of the space before them, and the columns of the code before it.
    private var trailing: [(line: Int, at: Int, column: Int)] = []

    init(bytes: UnsafeBufferPointer<UInt8>, comments: [Range<UInt32>], start: UInt32) {
        self.bytes = bytes
        self.comments = comments
        lastEnd = start
        out.reserveCapacity(bytes.count + bytes.count / 8 + 64)
    }

    // MARK: Line structure

    /// The next token starts a line.
    mutating func lineBreak() { if lineOpen { breakPending = true } }

    /// The next token starts a line, after one blank line when the input
    /// had at least one blank line between the last thing written and
    /// `start` (runs of blank lines keep one; none after an opening `{`).
    mutating func lineBreak(keepingBlankLineBefore start: UInt32) {
        flushComments(before: start)
        lineBreak()
        if !atBlockStart, lineOpen || breakPending, hasBlankLine(from: lastEnd, to: start) {
            endLine()
            out.append(0x0A)
            lineNumber += 1
        }
    }

    /// After an opening `{`: no blank line before the first line inside.
    mutating func openBlock() {
        indent += 1
        atBlockStart = true
        lineBreak()
    }

    mutating func closeBlock() {
        indent -= 1
    }

    // MARK: Tokens

    /// Writes the source bytes `start..<end`, after the comments before
    /// them, with a space before unless `spaced` is false or a line starts.
    mutating func token(_ start: UInt32, _ end: UInt32, spaced: Bool = true) {
        flushComments(before: start)
        place(spaced: spaced)
        append(start, end)
        lastEnd = end
    }

    /// Writes text of the layout's own (`,` between values), not taken from
    /// the input at any offset.
    mutating func punctuation(_ text: StaticString, spaced: Bool = false) {
        place(spaced: spaced)
        text.withUTF8Buffer { b in
            out.append(contentsOf: b)
            column += b.count
        }
    }

    /// Writes the comments that start before `offset`.
    mutating func flushComments(before offset: UInt32) {
        while nextComment < comments.count, comments[nextComment].lowerBound < offset {
            let c = comments[nextComment]
            nextComment += 1
            if lineOpen && !hasLineBreak(from: lastEnd, to: c.lowerBound) {
                // An end-of-line comment stays on its line, however the
                // layout moved what follows it.
                trailing.append((lineNumber, out.count, column))
                out.append(0x20)
                column += 1
            } else {
                let blank = !atBlockStart && (lineOpen || breakPending) && hasBlankLine(from: lastEnd, to: c.lowerBound)
                if lineOpen { endLine() }
                if blank { out.append(0x0A); lineNumber += 1 }
                writeIndentation()
                atBlockStart = false
            }
            var end = c.upperBound
            // Trailing spaces are no part of what the comment says.
            while end > c.lowerBound, bytes[Int(end) - 1] == 0x20 || bytes[Int(end) - 1] == 0x09 { end -= 1 }
            append(c.lowerBound, end)
            lastEnd = c.upperBound
            breakPending = true
        }
    }

    /// The finished text: every remaining comment, then one line end.
    mutating func finish() -> [UInt8] {
        flushComments(before: .max)
        if lineOpen { out.append(0x0A) }
        return alignedComments()
    }

    /// End-of-line comments on consecutive lines start in one column, one
    /// space after the longest code among them, as gofmt aligns them.
    private func alignedComments() -> [UInt8] {
        guard trailing.count > 1 else { return out }
        var padding: [(at: Int, spaces: Int)] = []
        var first = 0
        while first < trailing.count {
            var last = first
            while last + 1 < trailing.count, trailing[last + 1].line == trailing[last].line + 1 { last += 1 }
            let target = trailing[first...last].map(\.column).max()!
            for t in trailing[first...last] where t.column < target { padding.append((t.at, target - t.column)) }
            first = last + 1
        }
        guard !padding.isEmpty else { return out }
        var result: [UInt8] = []
        result.reserveCapacity(out.count + padding.reduce(0) { $0 + $1.spaces })
        var copied = 0
        for p in padding {
            result.append(contentsOf: out[copied..<p.at])
            result.append(contentsOf: repeatElement(0x20, count: p.spaces))
            copied = p.at
        }
        result.append(contentsOf: out[copied...])
        return result
    }

    // MARK: Below

    private mutating func place(spaced: Bool) {
        if breakPending || !lineOpen {
            if lineOpen { endLine() }
            writeIndentation()
            atBlockStart = false
        } else if spaced {
            out.append(0x20)
            column += 1
        }
    }

    private mutating func endLine() {
        out.append(0x0A)
        lineNumber += 1
        lineOpen = false
        breakPending = false
        column = 0
    }

    private mutating func writeIndentation() {
        let width = indent * Layout.indent
        out.append(contentsOf: repeatElement(0x20, count: width))
        column = width
        lineOpen = true
        breakPending = false
    }

    /// The bytes at once, then their columns: most tokens are ASCII on
    /// one line, and this runs for every token of a 25 MB file.
    private mutating func append(_ start: UInt32, _ end: UInt32) {
        let s = Int(start), e = Int(end)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<e]))
        var i = s
        while i < e {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                // Inside a """ string: its text is kept as written.
                if b == 0x0A || i + 1 == e || bytes[i + 1] != 0x0A { lineNumber += 1 }
                column = 0
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
    }

    /// A comment starts in `a..<b`.
    func hasComment(from a: UInt32, to b: UInt32) -> Bool {
        var low = 0, high = comments.count
        while low < high {
            let mid = (low + high) / 2
            if comments[mid].lowerBound < a { low = mid + 1 } else { high = mid }
        }
        return low < comments.count && comments[low].lowerBound < b
    }

    func hasLineBreak(from a: UInt32, to b: UInt32) -> Bool {
        var i = Int(a)
        while i < Int(b) {
            if bytes[i] == 0x0A || bytes[i] == 0x0D { return true }
            i += 1
        }
        return false
    }

    /// Two line breaks with only spaces between them (CR LF counts once).
    func hasBlankLine(from a: UInt32, to b: UInt32) -> Bool {
        var breaks = 0
        var i = Int(a)
        while i < Int(b) {
            let c = bytes[i]
            if c == 0x0A {
                breaks += 1
            } else if c == 0x0D {
                breaks += 1
                if i + 1 < Int(b), bytes[i + 1] == 0x0A { i += 1 }
            } else if c != 0x20 && c != 0x09 {
                breaks = 0  // a comment between: its own line is not blank
            }
            if breaks >= 2 { return true }
            i += 1
        }
        return false
    }
}
