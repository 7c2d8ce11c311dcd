/// The escapes of the output formats, on bytes. Each gives exactly the bytes
/// of the String function it stands for (`JSON.quote`, `HTML.escape`,
/// `Markdown.escape`, `ValueFormatter.csvField`, iCalendar TEXT), which stay
/// for callers outside the publishers.
extension TextBuffer {
    /// `s` as a JSON string literal, quotes included.
    mutating func appendJSON(_ s: String) {
        append(byte: 34)
        append(s, special: { $0 < 0x20 || $0 == 34 || $0 == 92 || $0 == 0xE2 }) { out, u, i in
            switch u[i] {
            case 34: out.append("\\\"")
            case 92: out.append("\\\\")
            case 10: out.append("\\n")
            case 13: out.append("\\r")
            case 9: out.append("\\t")
            case 0xE2:
                guard let c = TextBuffer.control(u, i) else { out.append(byte: 0xE2); i += 1; return }
                out.append("\\u")
                out.appendHex(c.value, uppercase: false)
                i += 3
                return
            default:
                out.append("\\u00")
                out.append(byte: u[i] < 0x10 ? 48 : 49)
                out.appendHex(UInt32(u[i] & 0xF), uppercase: false)
            }
            i += 1
        }
        append(byte: 34)
    }

    /// A JSON string or `null`.
    mutating func appendJSON(_ s: String?) {
        if let s { appendJSON(s) } else { append("null") }
    }

    /// One CSV cell, neutralised and quoted as `ValueFormatter.csvField` does.
    mutating func appendCSV(_ s: String) {
        var formula = false
        if let first = s.utf8.first, first == 61 || first == 43 || first == 45 || first == 64 || first == 9 || first == 13 {
            formula = !ValueFormatter.isPlainNumber(s)
        }
        var s = s
        s.withUTF8 { u in
            guard u.contains(where: { $0 == 34 || $0 == 44 || $0 == 13 || $0 == 10 }) else {
                if formula { append(byte: 39) }
                append(bytes: u)
                return
            }
            append(byte: 34)
            if formula { append(byte: 39) }
            var run = 0
            for (i, b) in u.enumerated() where b == 34 {
                append(bytes: UnsafeBufferPointer(rebasing: u[run...i]))
                run = i
            }
            append(bytes: UnsafeBufferPointer(rebasing: u[run...]))
            append(byte: 34)
        }
    }

    /// Cells joined by commas, ended by CRLF.
    mutating func appendCSVLine(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { append(byte: 44) }
            appendCSV(cell)
        }
        append("\r\n")
    }

    /// `Excerpt.visible` and then `HTML.escape` or `Markdown.escape`.
    ///
    /// Those two compare Characters, so an ASCII mark with a combining
    /// scalar after it ("_\u{301}") is one character and no mark, and U+1FEF
    /// is canonically a backtick. Bytes only decide where every special
    /// byte stands between ASCII bytes; anything else takes the String path.
    mutating func appendVisible(_ s: String, markdown: Bool) {
        var plain = true
        var s = s
        s.withUTF8 { u in
            for i in u.indices where TextBuffer.isMark(u[i], markdown: markdown)
                || (markdown && u[i] == 0xE1 && i + 2 < u.count && u[i + 1] == 0xBF && u[i + 2] == 0xAF) {
                if u[i] >= 0x80 || (i > 0 && u[i - 1] >= 0x80) || (i + 1 < u.count && u[i + 1] >= 0x80) {
                    plain = false
                    return
                }
            }
        }
        guard plain else { return append(markdown ? Markdown.escapeCharacters(s) : HTML.escapeCharacters(s)) }
        append(s, special: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 || TextBuffer.isMark($0, markdown: markdown) }) { out, u, i in
            if let c = TextBuffer.control(u, i) {
                out.append(markdown ? "\\\\u{" : "\\u{")
                out.appendHex(c.value, uppercase: true)
                out.append(byte: 125)
                i += c.length
                return
            }
            let b = u[i]
            i += 1
            if markdown {
                if b < 0x80 { out.append(byte: 92) }
                out.append(byte: b)
                return
            }
            switch b {
            case 38: out.append("&amp;")
            case 60: out.append("&lt;")
            case 62: out.append("&gt;")
            case 34: out.append("&quot;")
            case 39: out.append("&#39;")
            default: out.append(byte: b)
            }
        }
    }

    /// Markdown: \ ` * _ [ ] < > |; HTML: & < > " '.
    @inline(__always)
    static func isMark(_ b: UInt8, markdown: Bool) -> Bool {
        markdown ? b == 92 || b == 96 || b == 42 || b == 95 || b == 91 || b == 93 || b == 60 || b == 62 || b == 124
                 : b == 38 || b == 60 || b == 62 || b == 34 || b == 39
    }

    mutating func appendMarkdown(_ s: String) { appendVisible(s, markdown: true) }

    mutating func appendHTML(_ s: String) { appendVisible(s, markdown: false) }
}
