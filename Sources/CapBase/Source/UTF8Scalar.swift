/// Decoding one scalar for display and for columns. Both must agree: an
/// invalid byte is one U+FFFD, one column wide, wherever it is counted.
enum UTF8Scalar {
    /// One scalar at `offset`; invalid UTF-8 decodes as U+FFFD of one byte.
    static func decode(_ bytes: [UInt8], _ offset: Int, limit: Int) -> (Unicode.Scalar, Int) {
        let b0 = bytes[offset]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1
        guard length > 1, offset + length <= limit else { return ("\u{FFFD}", 1) }
        var value = UInt32(b0) & (0xFF >> (length + 1))
        for k in 1..<length {
            let b = bytes[offset + k]
            guard b & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        // Overlong forms and surrogates are invalid, as the lexer says.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", 1) }
        return (scalar, length)
    }
}
