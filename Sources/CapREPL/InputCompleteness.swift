import CapSyntax

extension Session {
    /// Whether `text` is unfinished and the prompt should ask for another
    /// line: a bracket, brace or parenthesis still open, a `"""` string not
    /// closed, or a line ending in `|` (the grammar lets the next stage
    /// follow on the next line). Commands are always one line.
    ///
    /// It only counts tokens: whether the input is right is the parser's
    /// business once it is complete.
    public static func needsMoreInput(_ text: String) -> Bool {
        if text.trimmingSpaces.hasPrefix(":") { return false }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer, file: 0)
            var depth = 0
            var last = TokenKind.eof
            while true {
                let token = lexer.next()
                switch token.kind {
                case .eof:
                    if lexer.reachedEndInString && last == .longString { return true }
                    return depth > 0 || last == .pipe
                case .leftBrace, .leftBracket, .leftParen: depth += 1
                case .rightBrace, .rightBracket, .rightParen: depth = max(0, depth - 1)
                default: break
                }
                last = token.kind
            }
        }
    }
}
