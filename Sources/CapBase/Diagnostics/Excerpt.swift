/// User text as it may appear inside a diagnostic.
///
/// Messages quote the data ("'…' is not an email address"), and the data is
/// untrusted: a raw ESC would drive the reader's terminal, a line break
/// followed by `::error` would forge an annotation in a CI log, and a 20 MB
/// value would flood it. So quoted text is cut, and every renderer shows
/// control characters as visible escapes.
public enum Excerpt {
    /// At most `limit` characters of `text`, with "…" when cut.
    public static func of<S: StringProtocol>(_ text: S, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for c in text {
            if count == limit { return forTerminal(out) + "…" }
            out.append(c)
            count += 1
        }
        return forTerminal(out)
    }

    /// Control characters (C0, DEL, C1, line and paragraph separators)
    /// written as `\u{1B}`; everything else unchanged.
    public static func visible(_ text: String) -> String { escaping(text, isControl) }

    /// `visible`, and the bidirectional controls escaped too: for what goes
    /// to a terminal or a log on one line (diagnostics, file names, "wrote
    /// …"). A right-to-left override in a file name would otherwise reorder
    /// the line it is printed on (Trojan Source, CVE-2021-42574). Published
    /// files keep them: Arabic and Hebrew text uses the marks.
    public static func forTerminal(_ text: String) -> String { escaping(text) { isControl($0) || isBidiControl($0) } }

    /// Only the bidirectional controls escaped: for text whose lines and
    /// other controls a formatter has already dealt with.
    public static func bidiEscaped(_ text: String) -> String { escaping(text, isBidiControl) }

    /// CSV for a terminal or a log: inside a quoted cell, line breaks and
    /// every other control are escaped (a line break followed by `::error`
    /// is a GitHub workflow command); outside, the CRLF ending each record
    /// stays. Bidirectional controls are escaped everywhere. `-o FILE`
    /// keeps the data as it is.
    public static func csvForTerminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\r" && $0 != "\n" || isBidiControl($0) }) else { return text }
        var out = String.UnicodeScalarView()
        var quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            let lineEnd = !quoted && (scalar == "\r" || scalar == "\n")
            if !lineEnd && (isControl(scalar) || isBidiControl(scalar)) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// JSON for a terminal or a log: the bidirectional controls, which can
    /// only be inside its strings, written as JSON escapes (`\u202e`), so
    /// that the document still parses to the same value.
    public static func bidiEscapedJSON(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isBidiControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isBidiControl(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// What text in `format` (a file extension or format name) becomes on a
    /// terminal or in a log: `csvForTerminal`, `bidiEscapedJSON`, or
    /// `bidiEscaped` for formats whose writers already spell out controls.
    public static func forTerminal(_ text: String, format: String) -> String {
        switch format {
        case "csv", "years": csvForTerminal(text)
        case "json", "geojson", "timelinejs": bidiEscapedJSON(text)
        default: bidiEscaped(text)
        }
    }

    private static func escaping(_ text: String, _ escaped: (Unicode.Scalar) -> Bool) -> String {
        guard text.unicodeScalars.contains(where: escaped) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if escaped(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The bidirectional formatting characters of Unicode's UAX #9: the
    /// marks, embeddings, overrides and isolates.
    public static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }
}
