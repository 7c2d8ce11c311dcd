import CapBase

/// Turns UTF-8 bytes into tokens, one at a time, on demand.
///
/// It never builds a `String` or walks `Character`s: positions are byte
/// offsets, and only strings and comments are checked for valid UTF-8 (every
/// other token is ASCII by construction). Problems become diagnostics and an
/// `.invalid` token; the lexer always makes progress, so the parser can go on.
package struct Lexer {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: FileID
    private(set) var position: Int
    private(set) var diagnostics: [Diagnostic] = []
    /// Byte ranges of `//` comments, in order: trivia kept for the formatter
    /// and the language server, which must not need a second parser.
    private(set) var comments: [Range<UInt32>] = []
    /// A string ran to the end of the file: every open block is then
    /// unclosed as a consequence, not a separate mistake.
    package var reachedEndInString = false
    /// True while `lookahead` runs: nothing is reported or recorded.
    private var peeking = false
    /// Parse errors on one line beyond the first are dropped (as CUE does),
    /// so the lexer tells whether an offset is still on the last error's line.
    private var count: Int { bytes.count }

    package init(bytes: UnsafeBufferPointer<UInt8>, file: FileID, start: Int = 0) {
        self.bytes = bytes
        self.file = file
        position = start
        // A UTF-8 byte order mark is skipped; the parser warns about it.
        if start == 0, count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// Runs `body` on this lexer, then rewinds it: the parser's lookahead.
    /// In place rather than on a copy, because a copy of the lexer copies
    /// (and retains) its arrays, and the parser looks ahead on every value.
    mutating func lookahead<T>(_ body: (inout Lexer) -> T) -> T {
        let saved = (position, reachedEndInString, peeking)
        peeking = true
        defer { (position, reachedEndInString, peeking) = saved }
        return body(&self)
    }

    /// The `n`th token after the current one (1 = the next).
    mutating func peekToken(_ n: Int = 1) -> Token {
        lookahead { ahead in
            var t = ahead.next()
            for _ in 1..<max(n, 1) { t = ahead.next() }
            return t
        }
    }

    mutating func clearDiagnostics() { diagnostics.removeAll(keepingCapacity: true) }

    var hasByteOrderMark: Bool { count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        let i = position + ahead
        return i < count ? bytes[i] : 0
    }

    private func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(file: file, start: UInt32(start), end: UInt32(end))
    }

    /// Problems reported past `maxReports` are only counted: a file of
    /// 256 MB of NUL bytes made one diagnostic per byte, 77 s of work for
    /// a report no one reads past its first lines. The message is made only
    /// for what is kept.
    static let maxReports = 1_000
    private var reportCount = 0
    /// Problems found past `maxReports`, counted and not kept.
    private(set) var unreportedCount = 0

    /// Inlined for its counting, which is all it does past the limit (for
    /// most of a file of junk); the diagnostic is made out of line.
    @inline(__always)
    private mutating func report(_ code: DiagnosticCode, _ message: @autoclosure () -> String, _ start: Int, _ end: Int,
                                 label: String? = nil, help: @autoclosure () -> String? = nil) {
        if peeking { return }
        reportCount += 1
        guard reportCount <= Self.maxReports else { unreportedCount += 1; return }
        keep(.error(code, message(), at: range(start, end), label: label, help: help()))
    }

    @inline(never)
    private mutating func keep(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    // MARK: - Tokens

    package mutating func next() -> Token {
        // Most tokens follow a single space on their line (`date 2013-01-01`):
        // skipped here, the call to `skipTrivia` is left for line ends,
        // comments and the start of the file, where it decides the line start.
        var lineStart = false
        if position > 3 {
            var i = position
            while i < count, bytes[i] == UInt8(ascii: " ") { i += 1 }
            position = i
            if i >= count || bytes[i] <= 0x20 || bytes[i] == UInt8(ascii: "/") { lineStart = skipTrivia() }
        } else {
            lineStart = skipTrivia()
        }
        let start = position
        guard position < count else {
            return Token(kind: .eof, atLineStart: true, start: UInt32(count), end: UInt32(count))
        }
        let c = bytes[position]
        let kind: TokenKind
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            kind = identifier()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            kind = number()
        case UInt8(ascii: "\""):
            kind = string()
        case UInt8(ascii: "{"): position += 1; kind = .leftBrace
        case UInt8(ascii: "}"): position += 1; kind = .rightBrace
        case UInt8(ascii: "["): position += 1; kind = .leftBracket
        case UInt8(ascii: "]"): position += 1; kind = .rightBracket
        case UInt8(ascii: "("): position += 1; kind = .leftParen
        case UInt8(ascii: ")"): position += 1; kind = .rightParen
        case UInt8(ascii: ","): position += 1; kind = .comma
        case UInt8(ascii: ";"): position += 1; kind = .semicolon
        case UInt8(ascii: ":"): position += 1; kind = .colon
        case UInt8(ascii: "|"): position += 1; kind = .pipe
        case UInt8(ascii: "+"): position += 1; kind = .plus
        case UInt8(ascii: "-"): position += 1; kind = .minus
        case UInt8(ascii: "*"): position += 1; kind = .star
        case UInt8(ascii: "/"): position += 1; kind = .slash
        case UInt8(ascii: "%"): position += 1; kind = .percent
        case UInt8(ascii: "."):
            if peek(1) == UInt8(ascii: ".") { position += 2; kind = .dotDot } else { position += 1; kind = .dot }
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") { position += 2; kind = .equalEqual } else { position += 1; kind = .equal }
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") { position += 2; kind = .bangEqual } else { kind = unexpected() }
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "=") { position += 2; kind = .lessEqual } else { position += 1; kind = .less }
        case UInt8(ascii: ">"):
            if peek(1) == UInt8(ascii: "=") { position += 2; kind = .greaterEqual } else { position += 1; kind = .greater }
        default:
            kind = unexpected()
        }
        return Token(kind: kind, atLineStart: lineStart, start: UInt32(start), end: UInt32(position))
    }

    /// Skips spaces, line ends and comments; says whether a line end was seen.
    /// The loops keep the offset in a local (`i`): stored back to `position`
    /// on every byte, as the mutating struct's field, it cost a store per
    /// byte, and indentation and line ends are a good share of a data file.
    private mutating func skipTrivia() -> Bool {
        // The first token starts a line, after a byte order mark too, and
        // lookahead must say so as `next()` does (found by fuzz-lexer).
        var sawLineEnd = position == 0 || position == 3 && hasByteOrderMark
        var i = position
        let count = self.count
        while i < count {
            let c = bytes[i]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") {
                i += 1
            } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                sawLineEnd = true
                i += 1
            } else if c == UInt8(ascii: "/"), i + 1 < count, bytes[i + 1] == UInt8(ascii: "/") {
                let start = i
                i += 2
                while i < count {
                    let b = bytes[i]
                    if b == 0x0A || b == 0x0D { break }
                    if b < 0x80 {
                        if (b < 0x20 && b != 0x09) || b == 0x7F { controlCharacter(at: i) }
                        i += 1
                    } else {
                        i = validateUTF8(at: i)
                    }
                }
                if !peeking { comments.append(UInt32(start)..<UInt32(i)) }
            } else {
                break
            }
        }
        position = i
        return sawLineEnd
    }

    private mutating func identifier() -> TokenKind {
        let start = position
        var i = position + 1  // the first byte is a letter or '_'
        while i < count, Self.isIdentifierByte(bytes[i]) { i += 1 }
        position = i
        // ISO 3166-2 codes such as GB-NIR or FR-75 are one token, so data can
        // name subdivisions bare, like countries.
        if position - start == 2, Self.isUpper(bytes[start]), Self.isUpper(bytes[start + 1]),
           peek() == UInt8(ascii: "-") {
            var end = position + 1
            while end < count, end - position <= 3, Self.isUpper(bytes[end]) || Self.isDigit(bytes[end]) { end += 1 }
            let suffix = end - position - 1
            if (1...3).contains(suffix), end >= count || !Self.isIdentifierByte(bytes[end]) {
                position = end
            }
        }
        if position < count, bytes[position] >= 0x80 { return nonASCIIIdentifier(from: start) }
        return .identifier
    }

    /// A word like `Žbogar` or `국제` where an identifier was expected.
    private mutating func nonASCIIIdentifier(from start: Int) -> TokenKind {
        while position < count, bytes[position] >= 0x80 || Self.isIdentifierByte(bytes[position]) {
            position = bytes[position] >= 0x80 ? validateUTF8(at: position) : position + 1
        }
        // The word is spelled only for a diagnostic that is kept: in a file
        // of random bytes, decoding every such word was a tenth of the time.
        let (bytes, end) = (self.bytes, position)
        report(.nonASCIIIdentifier, "identifiers use ASCII letters, digits and '_'", start, position,
               label: "not an identifier",
               help: "to write a name in any script, put it in quotes: \"\(Excerpt.of(Self.text(bytes, start, end)))\"")
        return .invalid
    }

    private mutating func number() -> TokenKind {
        let start = position
        while position < count, Self.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") { position += 1 }
        let digits = position - start
        // A four-digit year followed by -MM is a date.
        if digits == 4, peek() == UInt8(ascii: "-"), Self.isDigit(peek(1)) {
            return date(from: start)
        }
        // 3.2 is a decimal; 14.03.2019 stays an integer and its point, for
        // the parser's "dates are written YYYY-MM-DD".
        if peek() == UInt8(ascii: "."), Self.isDigit(peek(1)) {
            var end = position + 1
            while end < count, Self.isDigit(bytes[end]) || bytes[end] == UInt8(ascii: "_") { end += 1 }
            let another = end + 1 < count && bytes[end] == UInt8(ascii: ".") && Self.isDigit(bytes[end + 1])
            if !another && !(end < count && Self.isIdentifierByte(bytes[end])) {
                position = end
                return .decimal
            }
        }
        if position < count, Self.isIdentifierByte(bytes[position]) {
            while position < count, Self.isIdentifierByte(bytes[position]) { position += 1 }
            report(.malformedLiteral, "a number cannot run into letters", start, position,
                   help: "identifiers start with a letter; numbers are digits only")
            return .invalid
        }
        return .integer
    }

    private mutating func date(from start: Int) -> TokenKind {
        // position is at the '-' after the year.
        var parts = 1
        while parts < 3, peek() == UInt8(ascii: "-"), Self.isDigit(peek(1)) {
            position += 1
            let partStart = position
            while position < count, Self.isDigit(bytes[position]) { position += 1 }
            if position - partStart != 2 {
                while position < count, Self.isDateByte(bytes[position]) { position += 1 }
                report(.malformedLiteral, "dates are written YYYY, YYYY-MM or YYYY-MM-DD", start, position,
                       label: "months and days take two digits", help: "write e.g. 2017-03 or 2017-03-04")
                return .invalid
            }
            parts += 1
        }
        let kind: TokenKind = parts == 3 && time(dateStart: start) ? .dateTime : .date
        if position < count, Self.isIdentifierByte(bytes[position]) || bytes[position] == UInt8(ascii: "-")
            || bytes[position] == UInt8(ascii: ":") {
            while position < count, Self.isDateByte(bytes[position]) { position += 1 }
            report(.malformedLiteral, kind == .dateTime ? "a date and time is written YYYY-MM-DD HH:MM, then an optional zone"
                                                        : "dates are written YYYY, YYYY-MM or YYYY-MM-DD", start, position)
            return .invalid
        }
        return kind
    }

    /// After a full date: ` HH:MM[:SS]` or `THH:MM[:SS]`, then an optional zone
    /// on the same line. Returns whether a time was read.
    private mutating func time(dateStart: Int) -> Bool {
        let sep = peek()
        guard sep == UInt8(ascii: " ") || sep == UInt8(ascii: "T"),
              Self.isDigit(peek(1)), Self.isDigit(peek(2)), peek(3) == UInt8(ascii: ":"),
              Self.isDigit(peek(4)), Self.isDigit(peek(5)) else { return false }
        position += 6
        if peek() == UInt8(ascii: ":"), Self.isDigit(peek(1)), Self.isDigit(peek(2)) { position += 3 }
        // Zone: Z, ±HH:MM, an abbreviation (CEST) or an IANA name (Europe/Paris).
        if peek() == UInt8(ascii: "Z") && !Self.isIdentifierByte(peek(1)) {
            position += 1
        } else if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") {
            zoneOffset(at: position)
        } else if peek() == UInt8(ascii: " ") {
            let z = peek(1)
            // Any word right after the time is read as its zone (the checker
            // validates it): `12:00 cest` then gets "did you mean CEST?".
            if Self.isUpper(z) || (z | 0x20) &- UInt8(ascii: "a") < 26 {
                position += 1
                while position < count,
                      Self.isIdentifierByte(bytes[position]) || bytes[position] == UInt8(ascii: "/")
                      || (bytes[position] == UInt8(ascii: "-") && Self.isIdentifierByte(peek(1)))
                      || (bytes[position] == UInt8(ascii: "+") && Self.isDigit(peek(1))) {
                    position += 1
                }
            } else if z == UInt8(ascii: "+") || (z == UInt8(ascii: "-") && Self.isDigit(peek(2))) {
                position += 1
                zoneOffset(at: position)
            }
        }
        return true
    }

    private mutating func zoneOffset(at start: Int) {
        position = start + 1
        while position < count, Self.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: ":") { position += 1 }
    }

    private mutating func string() -> TokenKind {
        let start = position
        if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
            return longString(from: start)
        }
        position += 1
        while position < count {
            // Printable ASCII other than the quote and the backslash is most
            // of every string: skip it in a tight loop on a local offset.
            var i = position
            while i < count, Self.isPlainStringByte(bytes[i]) { i += 1 }
            position = i
            guard i < count else { break }
            let c = bytes[position]
            switch c {
            case UInt8(ascii: "\""):
                position += 1
                return .string
            case UInt8(ascii: "\\"):
                escape()
            case 0x0A, 0x0D:
                report(.unterminatedString, "this string is not closed before the end of the line", start, position,
                       label: "string starts here",
                       help: "add the closing \" (a string spanning lines is written \"\"\"…\"\"\")")
                return .string
            case 0x80...:
                position = validateUTF8(at: position)
            case 0..<0x20, 0x7F:
                if c == 0x09 { position += 1; continue }
                controlCharacter(at: position)
                position += 1
            default:
                position += 1
            }
        }
        reachedEndInString = true
        report(.unterminatedString, "this string is not closed before the end of the file", start, position,
               label: "string starts here", help: "add the closing \"")
        return .string
    }

    private mutating func longString(from start: Int) -> TokenKind {
        // On a local offset, printable ASCII first: a `"""` in a file of
        // random bytes makes most of the file one long string, so this
        // loop is most of the time such a file takes.
        var i = position + 3
        let count = self.count
        // Once diagnostics are only counted (past `maxReports`, or while
        // peeking), a byte that is plain text or a lone invalid byte is one
        // step without a branch on which: random bytes defeat the branch
        // predictor, and this halved the time of a long string of them.
        let countingOnly = peeking || reportCount >= Self.maxReports
        var invalid = 0
        let classes = Self.longStringClass
        defer { if !peeking { reportCount += invalid; unreportedCount += invalid } }
        while i < count {
            let c = bytes[i]
            if countingOnly {
                let k = classes[Int(c)]
                if k < 2 {
                    invalid &+= Int(k)
                    i += 1
                    continue
                }
            }
            if c &- 0x20 < 0x5F {
                if c == UInt8(ascii: "\""), i + 2 < count, bytes[i + 1] == UInt8(ascii: "\""), bytes[i + 2] == UInt8(ascii: "\"") {
                    position = i + 3
                    return .longString
                } else if c == UInt8(ascii: "\\") {
                    position = i
                    escape()
                    i = position
                } else {
                    i += 1
                }
            } else if c >= 0x80 {
                i = validateUTF8(at: i)
            } else {
                if c != 0x09 && c != 0x0A && c != 0x0D { controlCharacter(at: i) }
                i += 1
            }
        }
        position = i
        reachedEndInString = true
        report(.unterminatedString, "this \"\"\" string is never closed", start, min(start + 3, count),
               label: "string starts here", help: "add the closing \"\"\"")
        return .longString
    }

    private mutating func escape() {
        let start = position
        position += 1
        guard position < count else { return }
        switch bytes[position] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"),
             UInt8(ascii: "{"), UInt8(ascii: "}"):
            position += 1
        case UInt8(ascii: "u") where peek(1) == UInt8(ascii: "{"):
            position += 2
            var value: UInt32 = 0, digits = 0
            while position < count, let h = Self.hexValue(bytes[position]), digits < 9 {
                value = value &* 16 &+ UInt32(h)
                digits += 1
                position += 1
            }
            guard digits > 0, digits <= 6, peek() == UInt8(ascii: "}") else {
                while position < count, Self.hexValue(bytes[position]) != nil { position += 1 }
                if peek() == UInt8(ascii: "}") { position += 1 }
                report(.invalidEscape, "a \\u{…} escape needs 1 to 6 hex digits and a closing }", start, position)
                return
            }
            position += 1
            if Unicode.Scalar(value) == nil {
                report(.invalidEscape, (0xD800...0xDFFF).contains(value)
                           ? "\\u{…} names a UTF-16 surrogate, which is not a Unicode scalar"
                           : "\\u{…} does not name a Unicode scalar",
                       start, position, help: "write the character's own code point, at most \\u{10FFFF}")
            }
        default:
            let end = bytes[position] >= 0x80 ? validateUTF8(at: position) : position + 1
            report(.invalidEscape, "unknown escape in string", start, end,
                   help: "known escapes are \\\" \\\\ \\n \\t \\r \\{ \\} and \\u{…}; write \\\\ for a backslash")
            position = end
        }
    }

    /// Text that starts no token: one character and the run of such
    /// characters after it, as one token and one error. A file of random
    /// bytes is mostly such runs, and a token and a diagnostic per byte
    /// were most of its cost (and of no use to the reader).
    private mutating func unexpected() -> TokenKind {
        let start = position
        let c = bytes[position]
        // (An ASCII byte here always starts nothing: `next()` read the rest.)
        guard let firstEnd = junkEnd(at: start) ?? (c < 0x80 ? start + 1 : nil) else {
            // A letter of another script: a word where an identifier was expected.
            return nonASCIIIdentifier(from: start)
        }
        var end = firstEnd
        // A run of one control byte: a file of 256 MB of NUL bytes is one
        // mistake, not 256 million.
        let isControl = c < 0x20 || c == 0x7F
        if isControl { while end < count, bytes[end] == c { end += 1 } }
        let sameByte = end
        while end < count, let next = junkEnd(at: end) { end = next }
        position = end
        let more = end - sameByte
        // Spelled only for a diagnostic that is kept (in the message's autoclosure).
        func after() -> String {
            more == 0 ? "" : " (and \(DiagnosticReport.grouped(more)) more byte\(more == 1 ? "" : "s") that start nothing)"
        }
        if isControl {
            controlCharacter(at: start, run: sameByte - start, end: end, suffix: after)
        } else if c >= 0x80 && firstEnd == start + 1 {
            report(.invalidUTF8, "invalid UTF-8 byte 0x\(Self.hex(c))" + after(), start, end,
                   help: "cap reads UTF-8 text; re-save the file as UTF-8")
        } else {
            let bytes = self.bytes
            report(.unexpectedCharacter, "unexpected character '\(Self.text(bytes, start, firstEnd))'" + after(), start, end,
                   help: c == UInt8(ascii: "#") ? "comments start with //" : nil)
        }
        return .invalid
    }

    /// The end of the character at `i` when it starts no token (invalid
    /// UTF-8, a control byte, a symbol the language does not use, a
    /// non-ASCII character that is not a letter); nil when it starts one.
    @inline(__always)
    private func junkEnd(at i: Int) -> Int? {
        let b = bytes[i]
        if b >= 0x80 {
            let end = utf8End(at: i)
            if end == i + 1 { return end }
            if let scalar = Self.scalar(bytes, i, end), scalar.properties.isAlphabetic { return nil }
            return end
        }
        switch b {
        case 0x09, 0x0A, 0x0D: return nil
        case 0..<0x20, 0x7F: return i + 1
        case UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "?"),
             UInt8(ascii: "@"), UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "~"):
            return i + 1
        case UInt8(ascii: "!"):
            return i + 1 < count && bytes[i + 1] == UInt8(ascii: "=") ? nil : i + 1
        default: return nil
        }
    }

    /// The bytes from `start` to `end` as text, for a message.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The scalar of the valid UTF-8 sequence `start..<end` (2 to 4 bytes).
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Unicode.Scalar? {
        let b0 = bytes[start]
        var value = UInt32(b0) & (end - start == 2 ? 0x1F : end - start == 3 ? 0x0F : 0x07)
        for k in start + 1..<end { value = value << 6 | UInt32(bytes[k] & 0x3F) }
        return Unicode.Scalar(value)
    }

    @inline(__always)
    private mutating func controlCharacter(at offset: Int, run: Int = 1, end: Int? = nil, suffix: () -> String = { "" }) {
        let c = bytes[offset]
        report(.controlCharacter, "unexpected control character \(c == 0 ? "NUL" : "U+00" + Self.hex(c))"
                   + (run == 1 ? "" : " (\(DiagnosticReport.grouped(run)) in a row)") + suffix(), offset, end ?? offset + run,
               help: c == 0 ? "the file may be binary or in UTF-16; cap reads UTF-8 text" : "remove it")
    }

    /// Validates one UTF-8 sequence at `offset` and returns the offset after it.
    /// An invalid byte is reported and skipped alone, so reading resumes.
    /// Inlined: it runs for every non-ASCII byte, and in a file of random
    /// bytes the call was a good part of its cost.
    @inline(__always)
    private mutating func validateUTF8(at offset: Int) -> Int {
        let end = utf8End(at: offset)
        if end == offset + 1 { invalidUTF8(at: offset) }
        return end
    }

    /// The end of the UTF-8 sequence that starts at `offset` (a byte from
    /// 0x80), or `offset + 1` when it is not a valid one.
    @inline(__always)
    private func utf8End(at offset: Int) -> Int {
        let b0 = bytes[offset]
        var length = 0
        var minimum: UInt32 = 0
        var value: UInt32 = 0
        switch b0 {
        case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(b0 & 0x07)
        default: return offset + 1
        }
        guard offset + length <= count else { return offset + 1 }
        for k in 1..<length {
            let b = bytes[offset + k]
            if b & 0xC0 != 0x80 { return offset + 1 }
            value = value << 6 | UInt32(b & 0x3F)
        }
        if value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) { return offset + length }
        return offset + 1
    }

    @inline(__always)
    private mutating func invalidUTF8(at offset: Int) {
        let b0 = bytes[offset]
        report(.invalidUTF8, "invalid UTF-8 byte 0x\(Self.hex(b0))", offset, offset + 1,
               help: "cap reads UTF-8 text; re-save the file as UTF-8")
    }

    // MARK: - Byte classes

    /// For a long string's bytes once diagnostics are only counted: 0 for
    /// text kept as it is (printable ASCII but `"` and `\\`, tab, line
    /// ends), 1 for a byte that can never start valid UTF-8 (a continuation
    /// byte, C0, C1, F5 to FF), 2 for the rest, looked at one by one.
    static let longStringClass: [UInt8] = (0..<256).map { b -> UInt8 in
        if (b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C) || b == 0x09 || b == 0x0A || b == 0x0D { return 0 }
        if (0x80...0xC1).contains(b) || b >= 0xF5 { return 1 }
        return 2
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c &- UInt8(ascii: "A") < 26 }
    @inline(__always) static func isIdentifierByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- UInt8(ascii: "a") < 26 || c &- UInt8(ascii: "0") < 10 || c == UInt8(ascii: "_")
    }
    /// Bytes a one-line string holds as they are: printable ASCII but `"` and `\\`.
    @inline(__always) static func isPlainStringByte(_ c: UInt8) -> Bool {
        c &- 0x20 < 0x5F && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\")
    }
    @inline(__always) static func isDateByte(_ c: UInt8) -> Bool {
        isIdentifierByte(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: ":")
    }
    /// Two uppercase hex digits.
    static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
