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
        let message = palette.paint(Excerpt.forTerminal(d.message), .emphasis)
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
                out += "\(location(r)): \(palette.paint("note", .note)): \(Excerpt.forTerminal(note.message))\n"
                out += snippet(r, label: nil, style: .note)
            } else {
                out += "\(pad)\(palette.paint("=", .gutter)) \(palette.paint("note", .note)): \(Excerpt.forTerminal(note.message))\n"
            }
        }
        if let help = d.help {
            out += "\(pad)\(palette.paint("=", .gutter)) \(palette.paint("help", .help)): \(Excerpt.forTerminal(help))\n"
        }
        return out
    }

    public func location(_ range: SourceRange) -> String {
        let (line, column) = sources.lineColumn(range.file, range.start)
        return "\(Excerpt.forTerminal(sources[range.file].path)):\(line):\(column)"
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

        // Built as bytes: a report of a hundred diagnostics appends some ten
        // thousand characters here, and a String per character showed up.
        var shown: [UInt8] = [], underline: [UInt8] = []
        shown.reserveCapacity(4 * maxLineWidth + 6)
        underline.reserveCapacity(maxLineWidth + 1)
        var width = 0
        let cutBefore = windowStart > lineRange.lowerBound
        if cutBefore { shown += "…".utf8; underline.append(space); width = 1 }
        var offset = Int(windowStart)
        var cutAfter = false
        let bytes = file.bytes
        while offset < Int(lineRange.upperBound) {
            let (scalar, length) = Self.decode(bytes, offset, limit: Int(lineRange.upperBound))
            let w = Self.cells(scalar)
            // Cut at the width limit even inside the range: a range over a
            // 20 MB value shows its start, not 20 MB of carets.
            if width + w > maxLineWidth { cutAfter = true; break }
            if scalar == "\t" { shown += repeatElement(space, count: w) }
            else if Excerpt.isControl(scalar) || Excerpt.isBidiControl(scalar) { shown += "\u{FFFD}".utf8 }
            else { UTF8.encode(scalar) { shown.append($0) } }
            let inside = offset >= Int(start) && offset < Int(end)
            underline += repeatElement(inside ? caret : space, count: w)
            width += w
            offset += length
        }
        if cutAfter { shown += "…".utf8 }
        if end == start {
            // An empty range (a missing token) is shown as a caret after the text.
            let caretColumn = Self.width(bytes, from: Int(windowStart), to: Int(start)) + (cutBefore ? 1 : 0)
            underline = Array(repeating: space, count: caretColumn) + [caret]
        } else if !underline.contains(caret) {
            underline.append(caret)
        }
        while underline.last == space { underline.removeLast() }
        let indent = underline.prefix { $0 == space }.count
        let marks = palette.paint(String(decoding: underline[indent...], as: UTF8.self), style)
        let leading = String(decoding: underline[..<indent], as: UTF8.self)
        let text = String(decoding: shown, as: UTF8.self)
        var out = "\(pad)\(bar)\n"
        out += "\(palette.paint(number, .gutter)) \(bar) \(text)\n"
        out += "\(pad)\(bar) \(leading)\(marks)"
        if let label { out += " " + palette.paint(label, style) }
        out += "\n"
        return out
    }

    static func width(_ bytes: [UInt8], from: Int, to: Int) -> Int {
        var w = 0, i = from
        while i < to {
            let (scalar, length) = decode(bytes, i, limit: to)
            w += cells(scalar)
            i += length
        }
        return w
    }

    /// Terminal cells a scalar takes in the excerpt: a tab is shown as four
    /// spaces and any other control character (what a terminal would act on
    /// rather than show: C1's U+009B starts an escape sequence on some) as
    /// one U+FFFD.
    static func cells(_ scalar: Unicode.Scalar) -> Int {
        scalar == "\t" ? 4 : (Excerpt.isControl(scalar) || Excerpt.isBidiControl(scalar) ? 1 : DisplayWidth.of(scalar))
    }

    static func decode(_ bytes: [UInt8], _ offset: Int, limit: Int) -> (Unicode.Scalar, Int) {
        UTF8Scalar.decode(bytes, offset, limit: limit)
    }
}

private let space = UInt8(ascii: " "), caret = UInt8(ascii: "^")
