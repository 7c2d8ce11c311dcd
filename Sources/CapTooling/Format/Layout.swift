import CapBase
import CapSyntax

/// cap's one canonical layout (docs/format.md), written from a file's
/// syntax tree and its tokens. Nothing is reordered and no token is changed:
/// only the white space between tokens is chosen (and `;` between fields or
/// statements becomes a line break).
///
/// - Data: one item per line; blocks open on their line and close on a line
///   of their own, their fields one per line, indented by two spaces; the
///   values of a field follow its name, `, ` between them, and a list too
///   long for `width` goes on over further lines, one level deeper.
/// - Scripts: one space around operators and after `,` and `:`, none inside
///   brackets; a pipeline too long for one line is broken before each `|`.
/// - Blank lines between items, fields and comments are kept, a run of them
///   as one; none after an opening `{` or at the start of the file.
struct Layout {
    /// Spaces per level of indentation.
    static let indent = 2
    /// Lines are kept within this many columns where a break is allowed.
    static let width = 100

    let tree: SyntaxTree
    let bytes: UnsafeBufferPointer<UInt8>
    var writer: LayoutWriter

    init(tree: SyntaxTree, bytes: UnsafeBufferPointer<UInt8>, start: UInt32) {
        self.tree = tree
        self.bytes = bytes
        writer = LayoutWriter(bytes: bytes, comments: tree.comments, start: start)
    }

    mutating func file() -> [UInt8] {
        for item in tree.items {
            switch item {
            case .include(let i):
                let node = tree.includes[i]
                writer.lineBreak(keepingBlankLineBefore: node.keywordStart)
                writer.token(node.keywordStart, node.keywordStart + 7)
                writer.token(node.pathStart, node.pathEnd)
            case .entity(let i):
                entity(tree.entities[i])
            case .statement(let i):
                statement(tree.statements[i])
            }
        }
        return writer.finish()
    }

    // MARK: Data

    mutating func entity(_ node: EntityNode) {
        writer.lineBreak(keepingBlankLineBefore: node.kindStart)
        writer.token(node.kindStart, node.kindEnd)
        writer.token(node.idStart, node.idEnd)
        if node.hasName { writer.token(node.nameStart, node.nameEnd) }
        block(tree.blocks[Int(node.block)])
    }

    mutating func block(_ node: BlockNode) {
        writer.token(node.start, node.start + 1)
        let fields = tree.fields(of: node)
        let close = node.end - 1
        if fields.isEmpty && !hasComment(node.start, close) {
            writer.token(close, node.end, spaced: false)  // {}
            return
        }
        writer.openBlock()
        for field in fields { self.field(field) }
        writer.flushComments(before: close)
        writer.closeBlock()
        writer.lineBreak()
        writer.token(close, node.end)
    }

    mutating func field(_ node: FieldNode) {
        writer.lineBreak(keepingBlankLineBefore: node.nameStart)
        writer.token(node.nameStart, node.nameEnd)
        let values = tree.values(of: node)
        if values.count == 1, let only = values.first, only.kind == .block {
            block(tree.blocks[Int(only.payload)])
            return
        }
        // Continuation lines of a long list are one level deeper.
        writer.indent += 1
        defer { writer.indent -= 1 }
        for (n, value) in values.enumerated() {
            if n > 0 {
                writer.punctuation(",")
                let last = n == values.count - 1
                // Fill each line: break before a value that would not fit
                // with the `,` after it.
                if writer.column + 1 + width(value) + (last ? 0 : 1) > Self.width { writer.lineBreak() }
            }
            self.value(value)
        }
    }

    mutating func value(_ node: ValueNode) {
        if node.kind == .range {
            let (low, high) = tree.ranges[Int(node.payload)]
            writer.token(low.start, low.end)
            writer.punctuation("..")
            writer.token(high.start, high.end, spaced: false)
        } else if node.kind == .date, let word = qualifierEnd(node) {
            // `about   2019` is written `about 2019`: the word, one space, the date.
            writer.token(node.start, word.end)
            writer.token(word.date, node.end)
        } else {
            writer.token(node.start, node.end)
        }
    }

    /// Where a qualified date's word ends and its date begins; nil for a
    /// date without a word.
    func qualifierEnd(_ node: ValueNode) -> (end: UInt32, date: UInt32)? {
        guard bytes[Int(node.start)] >= UInt8(ascii: "a") else { return nil }
        var end = node.start
        while end < node.end, bytes[Int(end)] != UInt8(ascii: " ") { end += 1 }
        var date = end
        while date < node.end, bytes[Int(date)] == UInt8(ascii: " ") { date += 1 }
        return (end, date)
    }

    /// Columns the value takes on its (first) line.
    func width(_ node: ValueNode) -> Int {
        if node.kind == .range {
            let (low, high) = tree.ranges[Int(node.payload)]
            return columns(low.start, low.end) + 2 + columns(high.start, high.end)
        }
        return columns(node.start, node.end)
    }

    func columns(_ start: UInt32, _ end: UInt32) -> Int {
        var n = 0
        for i in Int(start)..<Int(end) {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D { break }
            if b & 0xC0 != 0x80 { n += 1 }
        }
        return n
    }

    func hasComment(_ start: UInt32, _ end: UInt32) -> Bool { writer.hasComment(from: start, to: end) }

    // MARK: Scripts

    mutating func statement(_ node: Statement) {
        writer.lineBreak(keepingBlankLineBefore: node.keywordStart)
        var tokens: [Token] = []
        var lexer = Lexer(bytes: UnsafeBufferPointer(rebasing: bytes[0..<Int(node.range.end)]), file: tree.file,
                          start: Int(node.keywordStart))
        while true {
            let t = lexer.next()
            if t.kind == .eof { break }
            tokens.append(t)
        }
        ExpressionLayout(tokens: tokens, bytes: bytes, breakPipeline: breaksPipeline(tokens, node))
            .write(into: &writer)
    }

    /// Whether the statement's pipeline goes one stage per line: when it
    /// does not fit on one line, or a comment is written between its stages.
    func breaksPipeline(_ tokens: [Token], _ node: Statement) -> Bool {
        var depth = 0, pipes = 0
        for t in tokens {
            switch t.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth -= 1
            case .pipe where depth == 0: pipes += 1
            default: break
            }
        }
        guard pipes > 0 else { return false }
        if hasComment(node.keywordStart, node.range.end) { return true }
        let oneLine = ExpressionLayout(tokens: tokens, bytes: bytes, breakPipeline: false).width()
        return writer.indent * Self.indent + oneLine > Self.width
    }
}
