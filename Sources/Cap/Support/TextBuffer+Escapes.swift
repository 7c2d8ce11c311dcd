/// The escapes of the output formats, on bytes. Each gives exactly the bytes
/// of the String function it stands for (`JSON.quote`, `HTML.escape`,
/// `Markdown.escape`, `ValueFormatter.csvField`, iCalendar TEXT), which stay
/// for callers outside the publishers.
extension TextBuffer {
    /// `s` as a JSON string literal, quotes included.
    mutating func appendJSON(_ s: String) {
        append(byte: 34)
        let special = TextBuffer.jsonSpecial
        append(s, special: { special.contains($0) || $0 == 0xE2 }) { out, u, i in
            switch u[i] {
            case 34: out.append(literal: "\\\"")
            case 92: out.append(literal: "\\\\")
            case 10: out.append(literal: "\\n")
            case 13: out.append(literal: "\\r")
            case 9: out.append(literal: "\\t")
            case 0x7F: out.append(byte: 0x7F)
            case 0xE2:
                guard let c = TextBuffer.control(u, i) else { out.append(byte: 0xE2); i += 1; return }
                out.append(literal: "\\u")
                out.appendHex(c.value, uppercase: false)
                i += 3
                return
            default:
                out.append(literal: "\\u00")
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
        TextBuffer.withUTF8(s) { u in
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

    /// Controls, quote and backslash; DEL is among the controls but JSON
    /// leaves it be.
    static let jsonSpecial = ASCIISet(controls: true, "\"\\")
    /// Controls (which `Excerpt.visible` spells out) and the marks each
    /// format escapes.
    static let markdownSpecial = ASCIISet(controls: true, "\\`*_[]<>|")
    static let htmlSpecial = ASCIISet(controls: true, "&<>\"'")

    /// `Excerpt.visible` and then `HTML.escape` or `Markdown.escape`.
    ///
    /// Those two compare Characters, so an ASCII mark with a combining
    /// scalar after it ("_\u{301}") is one character and no mark, and U+1FEF
    /// is canonically a backtick. Bytes decide only while every mark stands
    /// between ASCII bytes; otherwise what was written is taken back and the
    /// String path decides.
    mutating func appendVisible(_ s: String, markdown: Bool) {
        let start = count
        var plain = true
        let marks = markdown ? TextBuffer.markdownSpecial : TextBuffer.htmlSpecial
        append(s, special: { marks.contains($0) || $0 == 0xC2 || $0 == 0xE2 || (markdown && $0 == 0xE1) }) { out, u, i in
            if let c = TextBuffer.control(u, i) {
                out.append(markdown ? "\\\\u{" : "\\u{")
                out.appendHex(c.value, uppercase: true)
                out.append(byte: 125)
                i += c.length
                return
            }
            let b = u[i]
            i += 1
            guard b < 0x80 else {
                if b == 0xE1 && i + 1 < u.count && u[i] == 0xBF && u[i + 1] == 0xAF { plain = false }
                out.append(byte: b)
                return
            }
            if (i >= 2 && u[i - 2] >= 0x80) || (i < u.count && u[i] >= 0x80) { plain = false }
            if markdown {
                out.append(byte: 92)
                out.append(byte: b)
                return
            }
            switch b {
            case 38: out.append(literal: "&amp;")
            case 60: out.append(literal: "&lt;")
            case 62: out.append(literal: "&gt;")
            case 34: out.append(literal: "&quot;")
            default: out.append(literal: "&#39;")
            }
        }
        guard !plain else { return }
        removeLast(count - start)
        append(markdown ? Markdown.escapeCharacters(s) : HTML.escapeCharacters(s))
    }

    mutating func appendMarkdown(_ s: String) { appendVisible(s, markdown: true) }

    mutating func appendHTML(_ s: String) { appendVisible(s, markdown: false) }
}
