/// Renders diagnostics as text, compiler style:
///
///     members.cap:3:11: error[E0209]: unknown country or territory 'SWD'
///       |
///     3 |   country SWD
///       |           ^^^ not an ISO 3166 code or known name
///       = help: did you mean SE (Sweden)?
///
/// The first line is what editors and CI problem matchers parse. Columns
/// count Unicode scalars; the underline is placed by terminal display width,
/// so it stays under the right text on lines with accents, Korean or emoji.
public struct TextRenderer {
    public let sources: SourceManager
    public let palette: Palette
    /// Widest part of a source line shown; longer lines are cut around the range.
    public var maxLineWidth = 120

    public init(sources: SourceManager, palette: Palette = .plain) {
        self.sources = sources
        self.palette = palette
    }

    public func render(_ d: Diagnostic) -> String {
        var out = ""
        let severity = palette.paint("\(d.severity.rawValue)[\(d.code.id)]", palette.style(for: d.severity))
        let message = palette.paint(Excerpt.visible(d.message), .emphasis)
        if let range = d.range {
            out += "\(location(range)): \(severity): \(message)\n"
            out += snippet(range, label: d.label.map(Excerpt.visible), style: palette.style(for: d.severity))
        } else {
            out += "cap: \(severity): \(message)\n"
        }
        let gutter = d.range.map { gutterWidth($0) } ?? 1
        let pad = String(repeating: " ", count: gutter + 1)
        for note in d.notes {
            if let r = note.range {
                out += "\(location(r)): \(palette.paint("note", .note)): \(Excerpt.visible(note.message))\n"
                out += snippet(r, label: nil, style: .note)
            } else {
                out += "\(pad)\(palette.paint("=", .gutter)) \(palette.paint("note", .note)): \(Excerpt.visible(note.message))\n"
            }
        }
        if let help = d.help {
            out += "\(pad)\(palette.paint("=", .gutter)) \(palette.paint("help", .help)): \(Excerpt.visible(help))\n"
        }
        return out
    }

    public func location(_ range: SourceRange) -> String {
        let (line, column) = sources.lineColumn(range.file, range.start)
        return "\(sources[range.file].path):\(line):\(column)"
    }

    private func gutterWidth(_ range: SourceRange) -> Int {
        String(sources.lineColumn(range.file, range.start).line).count
    }

    /// The numbered source line with the range underlined.
    func snippet(_ range: SourceRange, label: String?, style: Palette.Style) -> String {
        let file = sources[range.file]
        let table = sources.lineTable(range.file)
        let lineIndex = table.lineIndex(of: range.start)
        let lineRange = table.lineRange(lineIndex, in: file.bytes)
        let number = String(lineIndex + 1)
        let pad = String(repeating: " ", count: number.count + 1)
        let bar = palette.paint("|", .gutter)

        // Only a window of the line is decoded: a 20 MB line costs no more
        // than a short one.
        let start = min(max(range.start, lineRange.lowerBound), lineRange.upperBound)
        let end = min(max(range.end, start), lineRange.upperBound)
        var windowStart = start >= lineRange.lowerBound + 2 * UInt32(maxLineWidth) / 3
            ? start - 2 * UInt32(maxLineWidth) / 3 : lineRange.lowerBound
        windowStart = max(windowStart, lineRange.lowerBound)
        while windowStart > lineRange.lowerBound, file.bytes[Int(windowStart)] & 0xC0 == 0x80 { windowStart -= 1 }

        var shown = "", underline = ""
        var width = 0
        let cutBefore = windowStart > lineRange.lowerBound
        if cutBefore { shown = "…"; underline = " "; width = 1 }
        var offset = Int(windowStart)
        var cutAfter = false
        let bytes = file.bytes
        while offset < Int(lineRange.upperBound) {
            let (scalar, length) = Self.decode(bytes, offset, limit: Int(lineRange.upperBound))
            var text = String(scalar), w = DisplayWidth.of(scalar)
            if scalar == "\t" { text = "    "; w = 4 }
            else if scalar.value < 0x20 || scalar.value == 0x7F { text = "\u{FFFD}"; w = 1 }
            // Cut at the width limit even inside the range: a range over a
            // 20 MB value shows its start, not 20 MB of carets.
            if width + w > maxLineWidth { cutAfter = true; break }
            let inside = offset >= Int(start) && offset < Int(end)
            shown += text
            underline += String(repeating: inside ? "^" : " ", count: w)
            width += w
            offset += length
        }
        if cutAfter { shown += "…" }
        if end == start {
            // An empty range (a missing token) is shown as a caret after the text.
            let caretColumn = Self.width(bytes, from: Int(windowStart), to: Int(start)) + (cutBefore ? 1 : 0)
            underline = String(repeating: " ", count: caretColumn) + "^"
        } else if !underline.contains("^") {
            underline += "^"
        }
        while underline.last == " " { underline.removeLast() }
        let marks = palette.paint(underline.trimmingLeadingSpaces, style)
        let leading = String(underline.prefix { $0 == " " })
        var out = "\(pad)\(bar)\n"
        out += "\(palette.paint(number, .gutter)) \(bar) \(shown)\n"
        out += "\(pad)\(bar) \(leading)\(marks)"
        if let label { out += " " + palette.paint(label, style) }
        out += "\n"
        return out
    }

    static func width(_ bytes: [UInt8], from: Int, to: Int) -> Int {
        var w = 0, i = from
        while i < to {
            let (scalar, length) = decode(bytes, i, limit: to)
            w += scalar == "\t" ? 4 : (scalar.value < 0x20 ? 1 : DisplayWidth.of(scalar))
            i += length
        }
        return w
    }

    static func decode(_ bytes: [UInt8], _ offset: Int, limit: Int) -> (Unicode.Scalar, Int) {
        UTF8Scalar.decode(bytes, offset, limit: limit)
    }
}

extension String {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
