/// Decodes string tokens. The lexer has already validated them, so decoding
/// never fails; it only runs when a value is actually used.
public enum StringLiteral {
    /// The text of a `"…"` or `"""…"""` token, escapes resolved.
    public static func decode<C: Collection<UInt8>>(_ token: C) -> String where C.Index == Int {
        let isLong = token.count >= 6 && token.starts(with: [34, 34, 34])
        let quote = isLong ? 3 : 1
        let start = token.startIndex + quote
        var end = token.endIndex
        if token.count >= 2 * quote {
            let closing = token[(end - quote)..<end]
            if closing.allSatisfy({ $0 == 34 }) && end - quote >= start { end -= quote }
        }
        let body = token[start..<end]
        guard body.contains(UInt8(ascii: "\\")) else { return String(decoding: body, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            guard c == UInt8(ascii: "\\"), i + 1 < body.endIndex else { out.append(c); i += 1; continue }
            let e = body[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "u"):
                var value: UInt32 = 0
                if i < body.endIndex, body[i] == UInt8(ascii: "{") { i += 1 }
                while i < body.endIndex, let h = Lexer.hexValue(body[i]) { value = value &* 16 &+ UInt32(h); i += 1 }
                if i < body.endIndex, body[i] == UInt8(ascii: "}") { i += 1 }
                out.append(contentsOf: Array(String(Unicode.Scalar(value) ?? "\u{FFFD}").utf8))
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
