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
    /// written as `\u{1B}`; everything else unchanged.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }
}
