import CapSyntax

/// The canonical spacing of one statement's tokens: `let`, `assert` and
/// `print` with their expressions.
///
/// It works on tokens, not on the expression tree, because the tree keeps no
/// parentheses and no spelling (`1_000`, `"…"` escapes): every token is
/// written as it was, only the space between two tokens is decided here. A
/// line break goes only where the grammar lets an expression continue:
/// before a `|` (the pipeline broken one stage per line) and inside
/// brackets that hold a comment (one item per line).
struct ExpressionLayout {
    let tokens: [Token]
    let bytes: UnsafeBufferPointer<UInt8>
    /// Each `|` outside brackets starts a line, one level deeper.
    let breakPipeline: Bool

    /// Columns of the statement written on one line.
    func width() -> Int {
        var n = 0
        for (i, t) in tokens.enumerated() {
            if i > 0, spaced(i) { n += 1 }
            for b in bytes[Int(t.start)..<Int(t.end)] where b & 0xC0 != 0x80 { n += 1 }
        }
        return n
    }

    func write(into writer: inout LayoutWriter) {
        let base = writer.indent
        let broken = brokenBrackets(writer)
        // The open brackets around the current token: whether each is broken.
        var open: [Bool] = []
        var pipe = 0
        for (i, t) in tokens.enumerated() {
            let closes = t.kind == .rightParen || t.kind == .rightBracket || t.kind == .rightBrace
            if closes, let wasBroken = open.popLast(), wasBroken {
                writer.indent = base + pipe + open.count
                writer.lineBreak()
            }
            if t.kind == .pipe && open.isEmpty && breakPipeline {
                pipe = 1
                writer.indent = base + 1
                writer.lineBreak()
            }
            // At a line start (after a comment, or in a broken bracket):
            // one level per open bracket, one more in a broken pipeline.
            writer.indent = i == 0 ? base : base + pipe + open.count
            writer.token(t.start, t.end, spaced: i > 0 && spaced(i))
            if t.kind == .leftParen || t.kind == .leftBracket || t.kind == .leftBrace {
                open.append(broken.contains(i))
                if broken.contains(i) { writer.lineBreak() }
            } else if t.kind == .comma, open.last == true {
                writer.lineBreak()
            }
        }
        writer.indent = base
    }

    /// The opening brackets (by token index) that hold a comment: they go
    /// one item per line, the closing bracket on a line of its own, rather
    /// than wherever the comment's line break falls.
    func brokenBrackets(_ writer: LayoutWriter) -> Set<Int> {
        var result: Set<Int> = []
        var stack: [Int] = []
        for (i, t) in tokens.enumerated() {
            switch t.kind {
            case .leftParen, .leftBracket, .leftBrace: stack.append(i)
            case .rightParen, .rightBracket, .rightBrace:
                if let o = stack.popLast(), writer.hasComment(from: tokens[o].end, to: t.start) { result.insert(o) }
            default: break
            }
        }
        return result
    }

    /// Whether a space goes between token `i - 1` and token `i`.
    func spaced(_ i: Int) -> Bool {
        let previous = tokens[i - 1], current = tokens[i]
        switch current.kind {
        case .comma, .rightParen, .rightBracket, .rightBrace, .dot, .colon, .dotDot: return false
        case .leftParen where previous.kind == .identifier:
            // `f(x)` calls and `let f(a)` declares only when they touch.
            return previous.end != current.start
        default: break
        }
        switch previous.kind {
        case .leftParen, .leftBracket, .leftBrace, .dot, .dotDot: return false
        case .minus: return !isUnaryMinus(i - 1)
        default: return true
        }
    }

    /// A `-` that negates: not after something an operand ends with.
    func isUnaryMinus(_ i: Int) -> Bool {
        guard i > 0 else { return true }
        let before = tokens[i - 1]
        switch before.kind {
        case .integer, .decimal, .string, .longString, .date, .dateTime, .rightParen, .rightBracket, .rightBrace:
            return false
        case .identifier:
            // A word that an operand cannot end with: an operator, a
            // statement's keyword, a stage's name (after `|`).
            if i >= 2, tokens[i - 2].kind == .pipe { return true }
            let word = String(decoding: bytes[Int(before.start)..<Int(before.end)], as: UTF8.self)
            return ["and", "or", "not", "in", "assert", "print", "desc", "asc"].contains(word)
        default:
            return true
        }
    }
}
