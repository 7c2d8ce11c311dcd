/// The kinds of token. Kept to one byte: tokens are produced on demand and
/// never stored in bulk, but they are copied on every parser step.
public enum TokenKind: UInt8, Sendable {
    case eof
    case identifier
    case string          // "…" on one line
    case longString      // """…""" across lines
    case integer
    case decimal         // 3.2: digits, a point, digits
    case date            // 2017-03 or 2017-03-14 (a bare year lexes as integer)
    case dateTime        // 2021-06-22 12:00 CEST
    case leftBrace, rightBrace, leftBracket, rightBracket, leftParen, rightParen
    case comma, semicolon, colon, dot, dotDot, pipe
    case equal, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case plus, minus, star, slash, percent
    /// Bytes the lexer could not make sense of; it has already reported them.
    case invalid

    public var spelling: String {
        switch self {
        case .eof: "end of file"
        case .identifier: "identifier"
        case .string, .longString: "string"
        case .integer, .decimal: "number"
        case .date: "date"
        case .dateTime: "date and time"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .comma: "','"
        case .semicolon: "';'"
        case .colon: "':'"
        case .dot: "'.'"
        case .dotDot: "'..'"
        case .pipe: "'|'"
        case .equal: "'='"
        case .equalEqual: "'=='"
        case .bangEqual: "'!='"
        case .less: "'<'"
        case .lessEqual: "'<='"
        case .greater: "'>'"
        case .greaterEqual: "'>='"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .percent: "'%'"
        case .invalid: "invalid text"
        }
    }
}

public struct Token: Sendable {
    public var kind: TokenKind
    /// A line break (or the start of the file) comes between the previous
    /// token and this one. Fields end at line ends, so the parser asks this.
    public var atLineStart: Bool
    public var start: UInt32
    public var end: UInt32

    public init(kind: TokenKind, atLineStart: Bool, start: UInt32, end: UInt32) {
        self.kind = kind
        self.atLineStart = atLineStart
        self.start = start
        self.end = end
    }
}
