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
            if count == limit { return visible(out) + "…" }
            out.append(c)
            count += 1
        }
        return visible(out)
    }

    /// Control characters (C0, DEL, C1, line and paragraph separators)
    /// and bidirectional controls written as `\u{1B}`; everything else
    /// unchanged. A right-to-left override in a file name would otherwise
    /// reorder the line it is printed on (Trojan Source, CVE-2021-42574).
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || isBidiControl($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) || isBidiControl(scalar) {
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
