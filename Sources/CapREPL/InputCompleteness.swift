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
        var continuation = InputContinuation()
        var more = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { more = continuation.add(line) }
        return more
    }
}

/// `Session.needsMoreInput`, a line at a time: each line is lexed once, with
/// what the lines before left open carried over. Lexing the whole pending
/// input again on every line made an open `(` followed by 32,000 lines take
/// 14 s (quadratic); this takes each line's own time.
public struct InputContinuation: Sendable {
    private var depth = 0
    private var last = TokenKind.eof
    private var inLongString = false
    private var started = false
    private var command = false

    public init() {}

    /// Takes the next line (without its newline); returns whether the input
    /// so far is unfinished.
    public mutating func add<S: StringProtocol>(_ line: S) -> Bool {
        if !started {
            started = true
            command = String(line).trimmingSpaces.hasPrefix(":")
        }
        if command { return false }
        var bytes = Array(line.utf8)
        if inLongString {
            // Inside a """ string only its end matters, escapes skipped.
            var i = 0, end: Int? = nil
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
                if bytes[i] == 34, i + 2 < bytes.count, bytes[i + 1] == 34, bytes[i + 2] == 34 {
                    end = i + 3
                    break
                }
                i += 1
            }
            guard let end else { return true }
            inLongString = false
            last = .longString
            bytes.removeSubrange(..<end)
        }
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer, file: 0)
            while true {
                let token = lexer.next()
                switch token.kind {
                case .eof:
                    if lexer.reachedEndInString && last == .longString { inLongString = true }
                    return
                case .leftBrace, .leftBracket, .leftParen: depth += 1
                case .rightBrace, .rightBracket, .rightParen: depth = max(0, depth - 1)
                default: break
                }
                last = token.kind
            }
        }
        return inLongString || depth > 0 || last == .pipe
    }
}
