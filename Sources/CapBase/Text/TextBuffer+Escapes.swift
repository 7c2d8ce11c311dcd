/// The escapes of the output formats, on bytes. Each gives exactly the bytes
/// of the String function it stands for (`JSON.quote`, `HTML.escape`,
/// `Markdown.escape`, `ValueFormatter.csvField`, iCalendar TEXT), which stay
/// for callers outside the publishers.
extension TextBuffer {
    /// `s` as a JSON string literal, quotes included.
    package mutating func appendJSON(_ s: String) {
        append(byte: 34)
        appendJSONContent(s)
        append(byte: 34)
    }

    /// What goes between the quotes of `s` as a JSON string literal.
    package mutating func appendJSONContent(_ s: String) {
        append(s, special: TextBuffer.jsonSpecial) { out, u, i in
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
    }

    /// A JSON string or `null`.
    package mutating func appendJSON(_ s: String?) {
        if let s { appendJSON(s) } else { append("null") }
    }

    /// One CSV cell, neutralised and quoted as `ValueFormatter.csvField` does.
    package mutating func appendCSV(_ s: String) {
        TextBuffer.withUTF8(s) { u in
            guard let p = u.baseAddress, u.count > 0 else { return }
            let formula = TextBuffer.startsFormula(p[0]) && !TextBuffer.isPlainNumber(s)
            guard TextBuffer.csvSpecial.firstIndex(in: p, from: 0, count: u.count) < u.count else {
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

    /// `items` joined by spaces as one cell, as `appendCSV` writes the
    /// joined string; without making it when no item needs quoting and the
    /// first starts no formula, as an entry's tags never do.
    package mutating func appendCSV(joining items: [String]) {
        let plain = items.allSatisfy { item in
            TextBuffer.withUTF8(item) { u in
                guard let p = u.baseAddress else { return true }
                return TextBuffer.csvSpecial.firstIndex(in: p, from: 0, count: u.count) == u.count
            }
        }
        guard plain, !(items.first?.utf8.first.map(TextBuffer.startsFormula) ?? false) else {
            return appendCSV(items.joined(separator: " "))
        }
        for (i, item) in items.enumerated() {
            if i > 0 { append(byte: 32) }
            append(item)
        }
    }

    /// = + - @ tab CR: what a spreadsheet may take for the start of a formula.
    @inline(__always)
    package static func startsFormula(_ b: UInt8) -> Bool {
        b == 61 || b == 43 || b == 45 || b == 64 || b == 9 || b == 13
    }

    /// Cells joined by commas, ended by CRLF.
    package mutating func appendCSVLine(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { append(byte: 44) }
            appendCSV(cell)
        }
        append("\r\n")
    }

    /// Controls, quote and backslash, and the lead byte of U+2028/U+2029;
    /// DEL is among the controls but JSON leaves it be.
    package static let jsonSpecial = ByteSet(controls: true, "\"\\", bytes: [0xE2])
    /// Controls (which `Excerpt.visible` spells out, C1 and U+2028/U+2029
    /// among them) and the marks each format escapes.
    package static let markdownSpecial = ByteSet(controls: true, "\\`*_[]<>|", bytes: [0xC2, 0xE2])
    package static let htmlSpecial = ByteSet(controls: true, "&<>\"'", bytes: [0xC2, 0xE2])
    /// GitHub's Markdown, where a pull-request comment is read, also makes
    /// headings of `#`, images of `!`, strike-through of `~` and entities
    /// of `&`.
    package static let gitHubMarkdownSpecial = ByteSet(controls: true, "\\`*_[]<>|#!~&", bytes: [0xC2, 0xE2])
    /// What makes a CSV cell quoted.
    package static let csvSpecial = ByteSet(controls: false, "\",\r\n")

    /// `Excerpt.visible` and then `HTML.escape` or `Markdown.escape`.
    ///
    /// Scalar by scalar, as an HTML tokenizer or a Markdown parser reads:
    /// a mark is escaped whatever combines with it. Compared by Characters,
    /// as these escapes once were, `"\u{301}` kept its quote, which in an
    /// attribute value ends the value, and `_\u{301}` could open emphasis.
    package mutating func appendVisible(_ s: String, markdown: Bool,
                                        special: ByteSet? = nil) {
        append(s, special: special ?? (markdown ? TextBuffer.markdownSpecial : TextBuffer.htmlSpecial)) { out, u, i in
            if let c = TextBuffer.control(u, i) {
                out.append(markdown ? "\\\\u{" : "\\u{")
                out.appendHex(c.value, uppercase: true)
                out.append(byte: 125)
                i += c.length
                return
            }
            let b = u[i]
            i += 1
            // The lead byte of a scalar that is no control.
            guard b < 0x80 else { return out.append(byte: b) }
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
    }

    package mutating func appendMarkdown(_ s: String) { appendVisible(s, markdown: true) }

    /// Markdown for GitHub (`gitHubMarkdownSpecial`): a pull request's data
    /// cannot put a heading, an image, a link or HTML into its review.
    package mutating func appendGitHubMarkdown(_ s: String) {
        appendVisible(s, markdown: true, special: TextBuffer.gitHubMarkdownSpecial)
    }

    package mutating func appendHTML(_ s: String) { appendVisible(s, markdown: false) }

    /// `-5`, `-2.5`, `-1e-07`: a number the spreadsheet reads as a number,
    /// which a quote would turn into text.
    package static func isPlainNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func digits() -> Bool {
            let run = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            bytes = bytes.dropFirst(run.count)
            return !run.isEmpty
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard digits() else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard digits() else { return false }
        }
        return bytes.isEmpty
    }
}
