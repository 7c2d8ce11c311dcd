/// Builds a `SyntaxTree` from one file's bytes.
///
/// Recursive descent with one function per grammar rule (Grammar/cap.ebnf)
/// and the small jlox vocabulary: `advance`, `check`, `match`, `consume`.
/// After an error it drops further errors on the same line and resumes at the
/// next line or declaration, so one run reports every independent mistake.
public struct Parser {
    /// Deepest `{ … }` nesting accepted; deeper input is skipped, not recursed.
    public static let maxDepth = 32
    /// Identifiers longer than this are refused (they are never meaningful,
    /// and field names are stored with 16-bit lengths).
    public static let maxIdentifierLength = 256
    public static let maxValuesPerField = 60_000

    public static func parse(_ file: SourceFile, interner: Interner, diagnostics: inout DiagnosticBag) -> SyntaxTree {
        file.bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(buffer: buffer, file: file.id, interner: interner)
            parser.parseFile()
            diagnostics.merge(parser.diagnostics)
            var tree = parser.tree
            tree.comments = parser.lexer.comments
            return tree
        }
    }

    private var lexer: Lexer
    private let interner: Interner
    private var tree: SyntaxTree
    private var diagnostics = DiagnosticBag()
    private var current: Token
    private var previous: Token
    private var depth = 0
    /// Set after an error; cleared at the next line. Keeps one mistake from
    /// producing a cascade of messages on its line.
    private var panicking = false
    /// Fields of the blocks being parsed; a block's fields are moved into the
    /// tree when it closes, so each block's fields stay contiguous even when
    /// a nested block closes first.
    private var fieldStack: [FieldNode] = []

    private init(buffer: UnsafeBufferPointer<UInt8>, file: FileID, interner: Interner) {
        lexer = Lexer(bytes: buffer, file: file)
        self.interner = interner
        tree = SyntaxTree(file: file)
        tree.reserve(forBytes: buffer.count)
        current = Token(kind: .eof, atLineStart: true, start: 0, end: 0)
        previous = current
        advance()
    }

    // MARK: - Vocabulary

    private mutating func advance() {
        previous = current
        current = lexer.next()
        if current.atLineStart { panicking = false }
        if !lexer.diagnostics.isEmpty { drainLexerDiagnostics() }
    }

    private mutating func drainLexerDiagnostics() {
        let pending = lexer.diagnostics
        lexer.clearDiagnostics()
        for d in pending { diagnostics.add(d) }
    }

    private func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    private mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    @discardableResult
    private mutating func consume(_ kind: TokenKind, _ code: DiagnosticCode, _ message: String,
                                  label: String? = nil, help: String? = nil) -> Bool {
        if match(kind) { return true }
        error(code, message, at: current, label: label, help: help)
        return false
    }

    private func range(_ token: Token) -> SourceRange { tree.range(token.start, token.end) }

    private func text(_ token: Token) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: lexer.bytes[Int(token.start)..<Int(token.end)]), as: UTF8.self)
    }

    private mutating func error(_ code: DiagnosticCode, _ message: String, at token: Token,
                                label: String? = nil, help: String? = nil) {
        error(code, message, at: range(token), label: label, help: help)
    }

    private mutating func error(_ code: DiagnosticCode, _ message: String, at range: SourceRange,
                                label: String? = nil, help: String? = nil, fixIts: [FixIt] = []) {
        // The lexer already explained an invalid token; say nothing more here.
        if panicking || current.kind == .invalid && range.start == current.start { panicking = true; return }
        panicking = true
        diagnostics.add(.error(code, message, at: range, label: label, help: help, fixIts: fixIts))
    }

    /// What a token is, in words, for "expected X, found Y".
    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .eof: return "the end of the file"
        case .identifier, .integer, .date, .dateTime:
            return "'\(truncated(text(token)))'"
        case .string, .longString: return "a string"
        case .invalid: return "invalid text"
        default: return token.kind.spelling
        }
    }

    private func truncated(_ s: String) -> String { s.count > 40 ? String(s.prefix(40)) + "…" : s }

    // MARK: - Recovery

    /// Skips the rest of the current line (the caller has moved past any
    /// offending token that began it), jumping over balanced braces without
    /// recursion.
    private mutating func skipLine(stopAtClosingBrace: Bool = true) {
        while !check(.eof) && !current.atLineStart {
            if check(.rightBrace) && stopAtClosingBrace { return }
            if check(.leftBrace) { skipBalanced(); continue }
            advance()
        }
    }

    /// At `{`: skips to just after its matching `}` (or the end of the file).
    private mutating func skipBalanced() {
        var level = 0
        repeat {
            if check(.leftBrace) { level += 1 } else if check(.rightBrace) { level -= 1 }
            advance()
        } while level > 0 && !check(.eof)
    }

    /// Top-level recovery: on to the next line that starts a declaration.
    private mutating func synchronize() {
        while !check(.eof) {
            if current.atLineStart, check(.identifier), startsDeclaration() { return }
            if check(.leftBrace) { skipBalanced(); continue }
            advance()
        }
    }

    private mutating func startsDeclaration() -> Bool {
        let symbol = identifierSymbol(current)
        if symbol == .include { return true }
        if symbol.entityKind != nil { return looksLikeEntityHeader() }
        return false
    }

    /// `kind id "…"` or `kind id {` — tells a declaration from a field whose
    /// name happens to be a kind (`campaign lgf` inside an event).
    private func looksLikeEntityHeader() -> Bool {
        var ahead = lexer
        ahead.recordsTrivia = false
        let id = ahead.next()
        guard id.kind == .identifier, !id.atLineStart else { return false }
        let after = ahead.next()
        return !after.atLineStart && (after.kind == .string || after.kind == .leftBrace)
    }

    private func identifierSymbol(_ token: Token) -> Symbol {
        let length = Int(token.end - token.start)
        guard length <= Parser.maxIdentifierLength else { return .max }
        return interner.intern(UnsafeBufferPointer(rebasing: lexer.bytes[Int(token.start)..<Int(token.end)]))
    }

    // MARK: - Grammar: file = { item } EOF

    private mutating func parseFile() {
        if lexer.hasByteOrderMark {
            diagnostics.add(.warning(.byteOrderMark, "the file starts with a byte order mark",
                                     at: tree.range(0, 3), help: "save the file as UTF-8 without BOM"))
        }
        while !check(.eof) {
            parseItem()
        }
    }

    /// item = include | entity
    private mutating func parseItem() {
        if check(.identifier) {
            let symbol = identifierSymbol(current)
            if symbol == .include {
                parseInclude()
                return
            }
            if let kind = symbol.entityKind {
                parseEntity(kind: kind)
                return
            }
            if looksLikeEntityHeader() {
                unknownKind(symbol)
                parseEntity(kind: nil)
                return
            }
        }
        if check(.rightBrace) {
            error(.unmatchedClose, "this '}' closes nothing", at: current, help: "remove it, or look for a missing '{' above")
            advance()
            return
        }
        error(.expectedDeclaration, "expected a declaration, found \(describe(current))", at: current,
              label: "not a declaration",
              help: "a declaration starts with an entity kind, e.g. member talita \"Talita\" { … }, or with include \"file.cap\"")
        advance()
        synchronize()
    }

    private mutating func unknownKind(_ symbol: Symbol) {
        let word = symbol == .max ? text(current) : interner[symbol]
        let suggestions = EditDistance.suggestions(for: word, among: EntityKindName.allCases.map(\.rawValue), limit: 1)
        let help = suggestions.first.map { "did you mean '\($0)'?" }
            ?? "entity kinds are " + EntityKindName.allCases.map(\.rawValue).orList
        let fix = suggestions.first.map { [FixIt(range: range(current), replacement: $0)] } ?? []
        diagnostics.add(.error(.unknownKind, "unknown entity kind '\(truncated(word))'", at: range(current),
                               label: "not an entity kind", help: help, fixIts: fix))
    }

    /// include = "include" STRING
    private mutating func parseInclude() {
        let keyword = current
        advance()
        guard check(.string), !current.atLineStart else {
            error(.expectedToken, "expected a file path in quotes after 'include'", at: check(.eof) || current.atLineStart ? keyword : current,
                  help: "write e.g. include \"members.cap\"")
            skipLine()
            return
        }
        tree.includes.append(IncludeNode(keywordStart: keyword.start, pathStart: current.start, pathEnd: current.end))
        advance()
        expectLineEnd(after: .include)
    }

    /// entity = KIND IDENT STRING block
    private mutating func parseEntity(kind: EntityKindName?) {
        let kindToken = current
        let kindWord = text(kindToken)
        advance()
        var node = EntityNode(kind: kind, kindStart: kindToken.start, kindEnd: kindToken.end,
                              id: .max, idStart: current.start, idEnd: current.start,
                              nameStart: 0, nameEnd: 0, block: 0, end: 0)
        if check(.identifier) && !current.atLineStart {
            node.id = identifierSymbol(current)
            node.idStart = current.start
            node.idEnd = current.end
            if node.id == .max {
                error(.expectedIdentifier, "this id is longer than \(Parser.maxIdentifierLength) bytes", at: current)
            }
            advance()
        } else {
            error(.expectedIdentifier, "expected an id after '\(kindWord)', found \(describe(current))",
                  at: current.atLineStart || check(.eof) ? kindToken : current,
                  label: "expected an id", help: "write e.g. \(kindWord) my_id \"Name\" { … }")
        }
        if check(.string) && !current.atLineStart {
            node.nameStart = current.start
            node.nameEnd = current.end
            advance()
        } else if !panicking {
            let header = EntityKind.named(kind ?? .member).headerName
            error(.expectedToken, "expected the \(header) in quotes after the id", at: current.atLineStart || check(.eof) ? previous : current,
                  label: "expected a \"…\" \(header)",
                  help: "write e.g. \(kindWord) \(node.idEnd > node.idStart ? text(Token(kind: .identifier, atLineStart: false, start: node.idStart, end: node.idEnd)) : "my_id") \"Name\" { … }")
        }
        guard check(.leftBrace) else {
            error(.expectedBlock, "expected '{' to start the fields", at: current.atLineStart || check(.eof) ? previous : current,
                  label: "expected '{' after this")
            synchronize()
            node.block = UInt32(tree.blocks.count)
            tree.blocks.append(BlockNode(start: previous.end, end: previous.end, firstField: UInt32(tree.fields.count), fieldCount: 0))
            node.end = previous.end
            tree.entities.append(node)
            return
        }
        node.block = parseBlock()
        node.end = tree.blocks[Int(node.block)].end
        tree.entities.append(node)
        if !check(.eof) && !current.atLineStart {
            error(.expectedToken, "expected a new line after '}'", at: current)
            skipLine(stopAtClosingBrace: false)
        }
    }

    /// block = "{" { field field_end } "}"
    private mutating func parseBlock() -> UInt32 {
        let open = current
        advance()
        let base = fieldStack.count
        depth += 1
        defer { depth -= 1 }
        var closed = false
        if depth > Parser.maxDepth {
            error(.nestingTooDeep, "blocks are nested more than \(Parser.maxDepth) deep", at: open,
                  help: "cap data is a few levels deep; look for stray '{'")
            // Back up to the opening brace's level and skip it whole, iteratively.
            var level = 1
            while level > 0 && !check(.eof) {
                if check(.leftBrace) { level += 1 } else if check(.rightBrace) { level -= 1 }
                advance()
            }
            closed = level == 0
        }
        while !closed {
            if match(.rightBrace) { closed = true; break }
            if check(.eof) { break }
            if match(.semicolon) { continue }
            if check(.identifier) {
                let symbol = identifierSymbol(current)
                if current.atLineStart, symbol.entityKind != nil, looksLikeEntityHeader() {
                    break  // A new declaration: this block was never closed.
                }
                parseField(symbol)
                continue
            }
            error(.expectedField, "expected a field name, found \(describe(current))", at: current,
                  label: "expected a field", help: "each line in a block is a field: name value")
            if check(.leftBrace) { skipBalanced() } else { advance() }
            skipLine()
        }
        if !closed {
            panicking = false
            error(.unclosedBlock, "this '{' is never closed", at: open, label: "unclosed block",
                  help: "add '}' at the end of the block")
        }
        let end = closed ? previous.end : (check(.eof) ? current.start : previous.end)
        let first = UInt32(tree.fields.count)
        tree.fields.append(contentsOf: fieldStack[base...])
        let count = UInt32(fieldStack.count - base)
        fieldStack.removeSubrange(base...)
        tree.blocks.append(BlockNode(start: open.start, end: end, firstField: first, fieldCount: count))
        return UInt32(tree.blocks.count - 1)
    }

    /// field = IDENT ( block | value { "," value } )
    private mutating func parseField(_ symbol: Symbol) {
        let name = current
        if symbol == .max {
            error(.expectedField, "this field name is longer than \(Parser.maxIdentifierLength) bytes", at: name)
            advance()
            skipLine()
            return
        }
        advance()
        let firstValue = UInt32(tree.values.count)
        var field = FieldNode(name: symbol, nameStart: name.start, firstValue: firstValue,
                              valueCount: 0, nameLength: UInt16(name.end - name.start))
        if check(.leftBrace) && !current.atLineStart {
            let start = current.start
            let block = parseBlock()
            // The nested fields' values were appended meanwhile; this field's
            // one value is the block, after them.
            field.firstValue = UInt32(tree.values.count)
            tree.values.append(ValueNode(kind: .block, start: start, end: tree.blocks[Int(block)].end, payload: block))
            fieldStack.append(field.with(valueCount: 1))
            expectLineEnd(after: .block(symbol))
            return
        } else if current.atLineStart || check(.rightBrace) || check(.semicolon) || check(.eof) {
            error(.expectedValue, "field '\(interner[symbol])' has no value", at: name,
                  label: "expected a value after this", help: "write the value on the same line: \(interner[symbol]) …")
            tree.values.append(ValueNode(kind: .error, start: name.end, end: name.end, payload: 0))
        } else {
            parseValues(fieldName: symbol)
        }
        let count = tree.values.count - Int(firstValue)
        if count > Parser.maxValuesPerField {
            error(.tooManyValues, "field '\(interner[symbol])' has more than \(Parser.maxValuesPerField) values", at: name)
            tree.values.removeSubrange((Int(firstValue) + Parser.maxValuesPerField)...)
        }
        fieldStack.append(field.with(valueCount: UInt16(min(count, Parser.maxValuesPerField))))
        expectLineEnd(after: .value(symbol))
    }

    private mutating func parseValues(fieldName: Symbol) {
        while true {
            parseValue()
            if match(.comma) {
                if check(.rightBrace) || check(.eof) || check(.semicolon) {
                    error(.expectedValue, "expected a value after ','", at: previous,
                          help: "remove the trailing ',' or add a value")
                    return
                }
                continue
            }
            // Two values on one line with nothing between: a missing comma.
            if !current.atLineStart, startsValue(current) {
                error(.expectedToken, "expected ',' between values", at: tree.range(previous.end, current.start),
                      label: "add ','", fixIts: [FixIt(range: tree.range(previous.end, previous.end), replacement: ",")])
                continue
            }
            return
        }
    }

    private func startsValue(_ token: Token) -> Bool {
        switch token.kind {
        case .string, .longString, .integer, .date, .dateTime, .identifier, .minus: true
        default: false
        }
    }

    /// value = STRING | INTEGER | "true" | "false" | DATE | DATETIME | date_range | IDENT
    private mutating func parseValue() {
        let token = current
        switch token.kind {
        case .string:
            advance()
            append(.string, token)
        case .longString:
            advance()
            append(.longString, token)
        case .integer, .date, .dateTime:
            advance()
            if check(.dotDot) {
                parseRange(low: token)
            } else {
                append(token.kind == .integer ? .integer : token.kind == .date ? .date : .dateTime, token)
            }
        case .minus:
            advance()
            if check(.integer), current.start == token.end {
                let number = current
                advance()
                tree.values.append(ValueNode(kind: .integer, start: token.start, end: number.end, payload: 1))
            } else {
                error(.expectedValue, "expected a number after '-'", at: token)
                tree.values.append(ValueNode(kind: .error, start: token.start, end: token.end, payload: 0))
            }
        case .identifier:
            let symbol = identifierSymbol(token)
            advance()
            if symbol == .true || symbol == .false {
                tree.values.append(ValueNode(kind: .boolean, start: token.start, end: token.end, payload: symbol == .true ? 1 : 0))
            } else {
                if symbol == .max {
                    error(.expectedValue, "this identifier is longer than \(Parser.maxIdentifierLength) bytes", at: token)
                }
                tree.values.append(ValueNode(kind: symbol == .max ? .error : .identifier,
                                             start: token.start, end: token.end, payload: symbol))
            }
        case .leftBrace:
            error(.expectedValue, "a { block } must be a field's only value", at: token)
            skipBalanced()
            tree.values.append(ValueNode(kind: .error, start: token.start, end: previous.end, payload: 0))
        default:
            error(.expectedValue, "expected a value, found \(describe(token))", at: token,
                  label: "not a value", help: "values are \"strings\", numbers, dates, true/false or identifiers")
            if !current.atLineStart && !check(.rightBrace) && !check(.eof) { advance() }
            tree.values.append(ValueNode(kind: .error, start: token.start, end: token.end, payload: 0))
        }
    }

    /// date_range = ( DATE | DATETIME ) ".." ( DATE | DATETIME )
    private mutating func parseRange(low: Token) {
        advance()  // ..
        let high = current
        guard high.kind == .integer || high.kind == .date || high.kind == .dateTime, !high.atLineStart else {
            error(.expectedValue, "expected a date after '..'", at: previous, help: "write a range as 2019-07-04..2019-07-06")
            tree.values.append(ValueNode(kind: .error, start: low.start, end: previous.end, payload: 0))
            return
        }
        advance()
        func node(_ t: Token) -> ValueNode {
            ValueNode(kind: t.kind == .integer ? .integer : t.kind == .date ? .date : .dateTime,
                      start: t.start, end: t.end, payload: 0)
        }
        tree.ranges.append((node(low), node(high)))
        tree.values.append(ValueNode(kind: .range, start: low.start, end: high.end, payload: UInt32(tree.ranges.count - 1)))
    }

    private mutating func append(_ kind: ValueNode.Kind, _ token: Token) {
        tree.values.append(ValueNode(kind: kind, start: token.start, end: token.end, payload: 0))
    }

    /// field_end = LINE_END | ";" — anything else on the line is reported once.
    private enum LineEndContext { case include, value(Symbol), block(Symbol) }

    private mutating func expectLineEnd(after context: LineEndContext) {
        if current.atLineStart || check(.eof) || check(.rightBrace) { return }
        if match(.semicolon) { return }
        // Built only here: the hot path must not format strings it never shows.
        let what = switch context {
        case .include: "the include"
        case .value(let s): "the value of '\(interner[s])'"
        case .block(let s): "the block of '\(interner[s])'"
        }
        error(.expectedToken, "unexpected \(describe(current)) after \(what)", at: current,
              label: "expected the end of the line",
              help: "put one field per line, or separate fields on one line with ';'")
        skipLine()
    }
}

extension FieldNode {
    func with(valueCount: UInt16) -> FieldNode {
        var copy = self
        copy.valueCount = valueCount
        return copy
    }
}
