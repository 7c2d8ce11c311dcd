#if canImport(Glibc)
import Glibc
#endif
import CapBase

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

    public static func parse(_ file: SourceFile, vocabulary: Vocabulary, interner: Interner, diagnostics: inout DiagnosticBag,
                             allowingExpressions: Bool = false) -> SyntaxTree {
        file.bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(buffer: buffer, file: file.id, interner: interner, kinds: KindWords(vocabulary, interner))
            parser.allowsBareExpressions = allowingExpressions
            parser.parseFile()
            parser.noteUnreported()
            diagnostics.merge(parser.diagnostics)
            var tree = parser.tree
            tree.comments = parser.lexer.comments
            return tree
        }
    }

    var lexer: Lexer
    let interner: Interner
    /// The words that start an entity declaration, as symbols.
    let kinds: KindWords
    var tree: SyntaxTree
    var diagnostics = DiagnosticBag()
    var current: Token
    var previous: Token
    var depth = 0
    /// Set after an error; cleared at the next line. Keeps one mistake from
    /// producing a cascade of messages on its line.
    var panicking = false
    /// Errors found, and those past `Lexer.maxReports` not made.
    var errorCount = 0, unreportedCount = 0
    /// Fields of the blocks being parsed; a block's fields are moved into the
    /// tree when it closes, so each block's fields stay contiguous even when
    /// a nested block closes first.
    var fieldStack: [FieldNode] = []
    /// Set when anything goes wrong while a field is parsed; the field is
    /// then marked damaged and the checker leaves its values alone, so one
    /// mistake on a line yields one message, not a cascade.
    var fieldDamaged = false
    /// Where the last unclosed or too-deep block was reported: 100,000 '{'
    /// on one line get one message, not one per enclosing block.
    var lastBlockError: UInt32? = nil
    /// Open brackets around the current expression: inside them line ends
    /// do not end the expression.
    var bracketDepth = 0
    var expressionDepth = 0
    /// Whether the statement being parsed was already reported as nested
    /// too deeply (E0107).
    var nestingReported = false
    /// The REPL and `cap eval` accept a bare expression as a statement.
    var allowsBareExpressions = false
    /// Where the bare expression statement being parsed starts.
    var bareExpressionStart: UInt32 = .max

    init(buffer: UnsafeBufferPointer<UInt8>, file: FileID, interner: Interner, kinds: KindWords, start: Int = 0) {
        lexer = Lexer(bytes: buffer, file: file, start: start)
        self.interner = interner
        self.kinds = kinds
        tree = SyntaxTree(file: file)
        // A sub-parser (an interpolation) builds no tree.
        if start == 0 { tree.reserve(forBytes: buffer.count) }
        current = Token(kind: .eof, atLineStart: true, start: 0, end: 0)
        previous = current
        advance()
    }

    // MARK: - Vocabulary

    mutating func advance() {
        previous = current
        current = lexer.next()
        if current.atLineStart { panicking = false }
        if !lexer.diagnostics.isEmpty { drainLexerDiagnostics() }
    }

    /// Errors found past the limit of the lexer or the parser: counted in
    /// the totals, and one note says how many are not shown.
    mutating func noteUnreported() {
        let count = unreportedCount + lexer.unreportedCount
        guard count > 0 else { return }
        diagnostics.count(unshownErrors: count)
        let end = UInt32(lexer.bytes.count)
        diagnostics.add(Diagnostic(.note, .tooManyErrors,
            "\(DiagnosticReport.grouped(count)) more errors in this file are counted but not shown",
            at: tree.range(end, end), help: "fix the first ones; a file this broken is often not cap data at all"))
    }

    mutating func drainLexerDiagnostics() {
        let pending = lexer.diagnostics
        lexer.clearDiagnostics()
        for d in pending { diagnostics.add(d) }
    }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func consume(_ kind: TokenKind, _ code: DiagnosticCode, _ message: String,
                                  label: String? = nil, help: String? = nil) -> Bool {
        if match(kind) { return true }
        error(code, message, at: current, label: label, help: help)
        return false
    }

    func range(_ token: Token) -> SourceRange { tree.range(token.start, token.end) }

    func text(_ token: Token) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: lexer.bytes[Int(token.start)..<Int(token.end)]), as: UTF8.self)
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at token: Token,
                                label: String? = nil, help: String? = nil) {
        error(code, message, at: range(token), label: label, help: help)
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at range: SourceRange,
                                label: String? = nil, help: String? = nil, fixIts: [FixIt] = []) {
        fieldDamaged = true
        // The lexer already explained an invalid token; say nothing more here.
        if panicking || current.kind == .invalid && range.start == current.start { panicking = true; return }
        // Past the lexer's limit, as there: counted, not made.
        errorCount += 1
        if errorCount > Lexer.maxReports {
            unreportedCount += 1
        } else {
            diagnostics.add(.error(code, message, at: range, label: label, help: help, fixIts: fixIts))
        }
        // An error found while already looking at the next line's first
        // token (a value missing at the end of a line) must not silence
        // that next line.
        panicking = !(current.atLineStart && range.start < current.start)
    }

    /// "found X" for the current token, or the end of the line when the
    /// current token already starts the next one.
    func describeNext() -> String {
        current.atLineStart && current.start > 0 && !check(.eof) ? "the end of the line" : describe(current)
    }

    /// What a token is, in words, for "expected X, found Y".
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .eof: return "the end of the file"
        case .identifier, .integer, .date, .dateTime:
            return "'\(truncated(text(token)))'"
        case .string, .longString: return "a string"
        case .invalid: return "invalid text"
        default: return token.kind.spelling
        }
    }

    func truncated(_ s: String) -> String { s.count > 40 ? String(s.prefix(40)) + "…" : s }

    // MARK: - Recovery

    /// Whether two offsets are on one line (no line break between them).
    func sameLine(_ a: UInt32, _ b: UInt32?) -> Bool {
        guard let b else { return false }
        let (lo, hi) = (Int(min(a, b)), Int(max(a, b)))
        for i in lo..<hi where lexer.bytes[i] == 0x0A || lexer.bytes[i] == 0x0D { return false }
        return true
    }

    /// Columns of leading white space on the line holding `offset`.
    /// Whether `token` is the first byte of its line (one byte read, where
    /// `indentation` walks the line: this runs for every field).
    @inline(__always)
    func startsColumnOne(_ token: Token) -> Bool {
        token.start == 0 || lexer.bytes[Int(token.start) - 1] == 0x0A || lexer.bytes[Int(token.start) - 1] == 0x0D
    }

    func indentation(of offset: UInt32) -> Int {
        var start = Int(offset)
        while start > 0, lexer.bytes[start - 1] != 0x0A, lexer.bytes[start - 1] != 0x0D { start -= 1 }
        var width = 0
        while start + width < lexer.bytes.count, lexer.bytes[start + width] == 0x20 || lexer.bytes[start + width] == 0x09 {
            width += 1
        }
        return width
    }

    /// Skips the rest of the current line (the caller has moved past any
    /// offending token that began it), jumping over balanced braces without
    /// recursion.
    mutating func skipLine(stopAtClosingBrace: Bool = true) {
        while !check(.eof) && !current.atLineStart {
            if check(.rightBrace) && stopAtClosingBrace { return }
            if check(.leftBrace) { skipBalanced(); continue }
            advance()
        }
    }

    /// At `{`: skips to just after its matching `}` (or the end of the file).
    mutating func skipBalanced() {
        var level = 0
        repeat {
            if check(.leftBrace) { level += 1 } else if check(.rightBrace) { level -= 1 }
            advance()
        } while level > 0 && !check(.eof)
    }

    /// Top-level recovery: on to the next line that starts a declaration.
    mutating func synchronize() {
        while !check(.eof) {
            if current.atLineStart, check(.identifier), startsDeclaration() { return }
            if check(.leftBrace) { skipBalanced(); continue }
            advance()
        }
    }

    mutating func startsDeclaration() -> Bool {
        let symbol = identifierSymbol(current)
        if symbol == .include || symbol.startsStatement { return true }
        if kinds.index(of: symbol) != nil { return looksLikeEntityHeader() }
        return false
    }

    /// `kind id "…"` or `kind id {` — tells a declaration from a field whose
    /// name happens to be a kind (`campaign lgf` inside an event).
    mutating func looksLikeEntityHeader() -> Bool {
        let (id, after) = lexer.lookahead { ($0.next(), $0.next()) }
        guard id.kind == .identifier, !id.atLineStart else { return false }
        return !after.atLineStart && (after.kind == .string || after.kind == .leftBrace)
    }

    func identifierSymbol(_ token: Token) -> Symbol {
        let length = Int(token.end - token.start)
        guard length <= Parser.maxIdentifierLength else { return .max }
        return interner.intern(UnsafeBufferPointer(rebasing: lexer.bytes[Int(token.start)..<Int(token.end)]))
    }

    // MARK: - Grammar: file = { item } EOF

    mutating func parseFile() {
        if lexer.hasByteOrderMark {
            diagnostics.add(.warning(.byteOrderMark, "the file starts with a byte order mark",
                                     at: tree.range(0, 3), help: "save the file as UTF-8 without BOM"))
        }
        warnOfBidirectionalControls()
        while !check(.eof) {
            let before = current.start
            parseItem()
            // Every item consumes something; if a rule ever did not, skip
            // a token rather than loop forever.
            if current.start == before && !check(.eof) { advance() }
        }
    }

    /// W0003 for each line holding a bidirectional embedding, override,
    /// isolate or mark (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): in
    /// a comment or a string they make an editor or a code review show text
    /// in another order than cap reads it (Trojan Source, CVE-2021-42574).
    /// All are encoded E2 80 8E/8F/AA–AE or E2 81 A6–A9; memchr finds the
    /// lead bytes, so a file without any costs one pass at memory speed.
    mutating func warnOfBidirectionalControls() {
        let bytes = lexer.bytes
        guard let base = bytes.baseAddress, bytes.count >= 3 else { return }
        var offset = 0
        var lastLineEnd = -1
        while offset + 2 < bytes.count,
              let found = memchr(base + offset, 0xE2, bytes.count - 2 - offset) {
            let i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            offset = i + 1
            let b1 = bytes[i + 1], b2 = bytes[i + 2]
            let value = 0x2000 + UInt32(b1 & 0x3F) << 6 + UInt32(b2 & 0x3F)
            guard b1 == 0x80 || b1 == 0x81, b2 & 0xC0 == 0x80,
                  Excerpt.isBidiControl(Unicode.Scalar(value)!) else { continue }
            guard i > lastLineEnd else { continue }
            var end = i
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            lastLineEnd = end
            let hex = String(value, radix: 16, uppercase: true)
            diagnostics.add(.warning(.bidirectionalControl,
                "a bidirectional control character (U+\(hex)) can show this line in another order than cap reads it",
                at: tree.range(UInt32(i), UInt32(i + 3)), label: "invisible U+\(hex)",
                help: "remove it, or write it as \\u{\(hex)} inside a string if it is meant"))
        }
    }

    /// item = include | entity
    mutating func parseItem() {
        if check(.identifier) {
            let symbol = identifierSymbol(current)
            if symbol == .include {
                parseInclude()
                return
            }
            if symbol.startsStatement {
                parseStatement(symbol)
                return
            }
            if let kind = kinds.index(of: symbol) {
                parseEntity(kind: kind)
                return
            }
            if looksLikeEntityHeader() {
                // The data may declare this word as a kind in any file: the
                // schema settles it, and reports E0201, once every file is
                // parsed (`Workspace.resolveKinds`).
                let word = current
                let before = tree.entities.count
                parseEntity(kind: nil)
                if tree.entities.count > before {
                    tree.unknownKinds.append(UnknownKindWord(entity: UInt32(before), word: symbol))
                } else {
                    unknownKind(symbol, at: word)
                }
                return
            }
        }
        if allowsBareExpressions && startsExpression(current) {
            parseExpressionStatement()
            return
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

    mutating func unknownKind(_ symbol: Symbol, at token: Token) {
        let word = symbol == .max ? text(token) : interner[symbol]
        diagnostics.add(Parser.unknownKind(word, at: range(token), kinds: kinds.vocabulary.kinds))
    }

    /// E0201, with the nearest of `kinds`: the parser's words, or every
    /// kind of the schema once the data's declarations are read.
    package static func unknownKind(_ word: String, at range: SourceRange, kinds: [String]) -> Diagnostic {
        let suggestions = EditDistance.suggestions(for: word, among: kinds, limit: 1)
        let help = suggestions.first.map { "did you mean '\($0)'?" } ?? "entity kinds are " + kinds.orList
        let fix = suggestions.first.map { [FixIt(range: range, replacement: $0)] } ?? []
        let shown = word.count > 40 ? String(word.prefix(40)) + "…" : word
        return .error(.unknownKind, "unknown entity kind '\(shown)'", at: range,
                      label: "not an entity kind", help: help, fixIts: fix)
    }

    /// include = "include" STRING
    mutating func parseInclude() {
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
    mutating func parseEntity(kind: UInt8?) {
        let kindToken = current
        var kindWord: String { text(kindToken) }
        advance()
        var node = EntityNode(kindIndex: kind ?? EntityNode.unknownKind, kindStart: kindToken.start, kindEnd: kindToken.end,
                              id: .max, idStart: current.start, idEnd: current.start,
                              nameStart: 0, nameEnd: 0, block: 0, end: 0)
        if check(.identifier) && !current.atLineStart {
            node.id = identifierSymbol(current)
            node.idStart = current.start
            node.idEnd = current.end
            if node.id == .max {
                error(.expectedIdentifier, "this id is longer than \(Parser.maxIdentifierLength) bytes", at: current)
            } else if node.id == .true || node.id == .false || node.id == .include {
                // A reference to it would read as a boolean or a keyword.
                error(.expectedIdentifier, "'\(interner[node.id])' is a reserved word and cannot be an id", at: current,
                      label: "reserved", help: "choose another id")
                node.id = .max
            }
            advance()
        } else {
            error(.expectedIdentifier, "expected an id after '\(kindWord)', found \(describeNext())",
                  at: current.atLineStart || check(.eof) ? kindToken : current,
                  label: "expected an id", help: "write e.g. \(kindWord) my_id \"Name\" { … }")
        }
        // One error per header: once it is broken, the rest of it is not
        // reported, and a header cut off at its line end is dropped whole.
        let headerBroken = node.id == .max
        if headerBroken && (current.atLineStart || check(.eof)) {
            if !check(.leftBrace) { return }
        }
        if check(.string) && !current.atLineStart {
            node.nameStart = current.start
            node.nameEnd = current.end
            advance()
        } else if !headerBroken && !(kinds.vocabulary.headerIsOptional(kind) && check(.leftBrace) && !current.atLineStart) {
            let header = kinds.vocabulary.headerName(of: kind)
            error(.expectedToken, "expected the \(header) in quotes after the id", at: current.atLineStart || check(.eof) ? previous : current,
                  label: "expected a \"…\" \(header)",
                  help: "write e.g. \(kindWord) \(node.idEnd > node.idStart ? text(Token(kind: .identifier, atLineStart: false, start: node.idStart, end: node.idEnd)) : "my_id") \"Name\" { … }")
            if (current.atLineStart || check(.eof)) && !check(.leftBrace) { return }
        }
        guard check(.leftBrace) else {
            if !panicking {
                error(.expectedBlock, "expected '{' to start the fields", at: current.atLineStart || check(.eof) ? previous : current,
                      label: "expected '{' after this")
            }
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
    mutating func parseBlock() -> UInt32 {
        let open = current
        advance()
        let base = fieldStack.count
        depth += 1
        defer { depth -= 1 }
        var closed = false
        if depth > Parser.maxDepth {
            lastBlockError = open.start
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
        // For a nested block: a '}' that starts a line less indented than
        // the line that opened this block closes an outer block, so this
        // one was left open (as in `role { title "D"` with no '}').
        let openIndent = depth > 1 ? indentation(of: open.start) : -1
        // A record begun on its '{' line (`role { title "D"; org cap`) whose
        // next line is no deeper than that line was never closed.
        let oneLineStyle = depth > 1 && !current.atLineStart
        while !closed {
            if check(.rightBrace), openIndent > 0, current.atLineStart, indentation(of: current.start) < openIndent {
                break
            }
            if oneLineStyle, check(.identifier), current.atLineStart, indentation(of: current.start) <= openIndent {
                break
            }
            if match(.rightBrace) { closed = true; break }
            if check(.eof) { break }
            if match(.semicolon) { continue }
            if check(.identifier) {
                let symbol = identifierSymbol(current)
                if current.atLineStart, kinds.index(of: symbol) != nil, looksLikeEntityHeader() {
                    break  // A new declaration: this block was never closed.
                }
                // A word the parser does not know as a kind, at the start of
                // an unindented line, followed by an id and a string or '{':
                // no field is written so, and a kind the data declares
                // (perhaps in another file) starts its entities so.
                if current.atLineStart, startsColumnOne(current), looksLikeEntityHeader() {
                    break
                }
                parseField(symbol)
                continue
            }
            error(.expectedField, "expected a field name, found \(describe(current))", at: current,
                  label: "expected a field", help: "each line in a block is a field: name value")
            if check(.leftBrace) { skipBalanced() } else { advance() }
            skipLine()
        }
        if !closed && !lexer.reachedEndInString && !sameLine(open.start, lastBlockError) {
            lastBlockError = open.start
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
    mutating func parseField(_ symbol: Symbol) {
        let name = current
        fieldDamaged = false
        if symbol == .max {
            error(.expectedField, "this field name is longer than \(Parser.maxIdentifierLength) bytes", at: name)
            advance()
            skipLine()
            return
        }
        advance()
        if (check(.colon) || check(.equal)) && !current.atLineStart {
            // `country: SE` or `country = SE`: say so once, then read on.
            let sign = current
            error(.expectedToken, "fields are written without '\(text(sign))'", at: range(sign),
                  label: "remove this", help: "write \(interner[symbol]) followed by its value",
                  fixIts: [FixIt(range: range(sign), replacement: "")])
            advance()
            fieldDamaged = false
        }
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
            let continues = parseValues(fieldName: symbol)
            if continues {
                // A second field on the same line; it is parsed as a field.
                finish(field, firstValue: firstValue, symbol: symbol)
                return
            }
        }
        finish(field, firstValue: firstValue, symbol: symbol)
        expectLineEnd(after: .value(symbol))
    }

    mutating func finish(_ field: FieldNode, firstValue: UInt32, symbol: Symbol) {
        let count = tree.values.count - Int(firstValue)
        if count > Parser.maxValuesPerField {
            error(.tooManyValues, "field '\(interner[symbol])' has more than \(Parser.maxValuesPerField) values",
                  at: tree.range(field.nameStart, field.nameEnd))
            tree.values.removeSubrange((Int(firstValue) + Parser.maxValuesPerField)...)
        }
        var done = field.with(valueCount: UInt16(min(count, Parser.maxValuesPerField)))
        done.isDamaged = fieldDamaged
        fieldStack.append(done)
    }

    /// Reads comma-separated values. Returns true when another field starts
    /// on the same line (reported), so the caller parses it as a field.
    mutating func parseValues(fieldName: Symbol) -> Bool {
        var needsValue = true
        while true {
            if needsValue { parseValue() }
            needsValue = true
            if match(.comma) {
                if check(.rightBrace) || check(.eof) || check(.semicolon) || current.atLineStart && looksLikeFieldStart() {
                    error(.expectedValue, "expected a value after ','", at: previous,
                          label: "nothing follows", help: "remove the trailing ',' or add a value")
                    return false
                }
                continue
            }
            guard !current.atLineStart, startsValue(current) else { return false }
            // `2021-06-22 9:30 CET`: the foreign shape explains itself better
            // than "expected ','".
            if foreignShape(current) != nil {
                parseValue()
                needsValue = false
                continue
            }
            if check(.identifier), looksLikeFieldStart() {
                // The values read so far are fine; only the separator is missing.
                let damaged = fieldDamaged
                error(.expectedToken, "unexpected '\(truncated(text(current)))' after the value of '\(interner[fieldName])'",
                      at: range(current), label: "a second field on this line?",
                      help: "put one field per line, or separate fields on one line with ';'",
                      fixIts: [FixIt(range: tree.range(previous.end, previous.end), replacement: ";")])
                fieldDamaged = damaged
                return true
            }
            // Two values on one line with nothing between: a missing comma.
            error(.expectedToken, "expected ',' between values", at: tree.range(previous.end, current.start),
                  label: "add ','", fixIts: [FixIt(range: tree.range(previous.end, previous.end), replacement: ",")])
        }
    }

    /// An identifier followed, on the same line, by something that can be a
    /// value or a block: the start of a field, `city "Lyon"`.
    mutating func looksLikeFieldStart() -> Bool {
        guard check(.identifier) else { return false }
        let next = lexer.peekToken()
        return !next.atLineStart && (startsValue(next) || next.kind == .leftBrace)
    }

    func startsValue(_ token: Token) -> Bool {
        switch token.kind {
        case .string, .longString, .integer, .decimal, .date, .dateTime, .identifier, .minus: true
        default: false
        }
    }

    /// value = STRING | INTEGER | "true" | "false" | DATE | DATETIME | date_range | IDENT
    mutating func parseValue() {
        let token = current
        switch token.kind {
        case .string:
            advance()
            append(.string, token)
        case .longString:
            advance()
            append(.longString, token)
        case .decimal:
            advance()
            if check(.dotDot) { parseRange(low: token) } else { append(.decimal, token) }
        case .integer, .date, .dateTime:
            if token.kind == .integer, let foreign = foreignShape(token) {
                reportForeign(foreign)
                return
            }
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
            if let date = qualifiedDate(token) {
                // `about 2019`, `before 2020-03`: one date value to the checker.
                advance()
                advance()
                tree.values.append(ValueNode(kind: .date, start: token.start, end: date.end, payload: 0))
                return
            }
            if let foreign = foreignShape(token) {
                reportForeign(foreign)
                return
            }
            let symbol = identifierSymbol(token)
            advance()
            if check(.minus), current.start == token.end, let joined = hyphenatedWord(from: token) {
                // `gb-nir`: one word to the user, so one value (and one message).
                tree.values.append(ValueNode(kind: .identifier, start: token.start, end: joined.end, payload: joined.symbol))
            } else if symbol == .true || symbol == .false {
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

    // MARK: Shapes from other notations

    /// Values written as people write them elsewhere: an unquoted URL, a
    /// date as 14/03/2019 or "March 2017", a bare time. Each gets one precise
    /// message instead of a cascade over its pieces.
    enum Foreign {
        case url(SourceRange, String)
        case slashDate(SourceRange, String)
        case bareTime(SourceRange, String)
        case monthName(SourceRange, month: Int, year: String)
    }

    private static let months = ["january", "february", "march", "april", "may", "june", "july",
                                 "august", "september", "october", "november", "december"]

    mutating func foreignShape(_ token: Token) -> Foreign? {
        // Cheap byte test first: this runs for every value in the file.
        let bytes = lexer.bytes, end = Int(token.end)
        let after = end < bytes.count ? bytes[end] : 0
        let second = end + 1 < bytes.count ? bytes[end + 1] : 0
        let touching = after == UInt8(ascii: ":") || after == UInt8(ascii: "/")
            || (after == UInt8(ascii: ".") && second != UInt8(ascii: "."))
        let monthThenYear = token.kind == .identifier && after == UInt8(ascii: " ") && Lexer.isDigit(second)
        guard touching || (monthThenYear && isMonthName(token)) else { return nil }
        // `token` is the current token when called from parseValue(s).
        let (next, colonOrNot, zone) = lexer.lookahead { ($0.next(), $0.next(), $0.next()) }
        let adjacent = next.start == token.end && !next.atLineStart
        let word = text(token)
        if token.kind == .identifier, adjacent, next.kind == .colon, ["http", "https", "www", "ftp", "mailto"].contains(word.lowercased()) {
            let end = adjacentRunEnd(from: token)
            return .url(tree.range(token.start, end), text(Token(kind: .invalid, atLineStart: false, start: token.start, end: end)))
        }
        if token.kind == .integer, adjacent, next.kind == .slash || next.kind == .dot {
            let end = adjacentRunEnd(from: token)
            return .slashDate(tree.range(token.start, end), text(Token(kind: .invalid, atLineStart: false, start: token.start, end: end)))
        }
        if token.kind == .integer, adjacent, next.kind == .colon {
            var end = adjacentRunEnd(from: token)
            // Take a zone word after the time too: "9:30 CET".
            _ = colonOrNot
            if zone.kind == .identifier, !zone.atLineStart, text(zone).allSatisfy(\.isUppercase) { end = max(end, zone.end) }
            return .bareTime(tree.range(token.start, end), text(Token(kind: .invalid, atLineStart: false, start: token.start, end: end)))
        }
        if token.kind == .identifier, next.kind == .integer, !next.atLineStart, next.end - next.start == 4 {
            let lower = word.lowercased()
            if let m = Self.months.firstIndex(where: { $0 == lower || (lower.count == 3 && $0.hasPrefix(lower)) }) {
                return .monthName(tree.range(token.start, next.end), month: m + 1, year: text(next))
            }
        }
        return nil
    }

    /// "Mar", "march", "MARCH": a month name or its three-letter form,
    /// tested on the bytes (this runs for every identifier value).
    func isMonthName(_ token: Token) -> Bool {
        let n = Int(token.end - token.start)
        guard n == 3 || (4...9).contains(n) else { return false }
        let b = lexer.bytes, s = Int(token.start)
        guard b[s] | 0x20 >= UInt8(ascii: "a"), b[s] | 0x20 <= UInt8(ascii: "s") else { return false }
        for month in Self.monthBytes where month[0] == b[s] | 0x20 {
            if n != 3 && n != month.count { continue }
            var equal = true
            for i in 1..<n where b[s + i] | 0x20 != month[i] { equal = false; break }
            if equal { return true }
        }
        return false
    }

    private static let monthBytes: [[UInt8]] = months.map { Array($0.utf8) }

    /// The end of the run of tokens that touch each other from `token` on.
    mutating func adjacentRunEnd(from token: Token) -> UInt32 {
        lexer.lookahead { ahead in
            var end = token.end
            while true {
                let t = ahead.next()
                guard t.start == end, !t.atLineStart, t.kind != .eof, t.kind != .comma, t.kind != .semicolon,
                      t.kind != .rightBrace else { break }
                end = t.end
            }
            return end
        }
    }

    mutating func reportForeign(_ foreign: Foreign) {
        let range: SourceRange
        switch foreign {
        case .url(let r, let text):
            range = r
            error(.invalidURL, "a URL is written in quotes", at: r, label: "not quoted",
                  help: "write \"\(Excerpt.of(text))\"", fixIts: [FixIt(range: r, replacement: "\"\(text)\"")])
        case .slashDate(let r, let text):
            range = r
            let parts = text.split(whereSeparator: { $0 == "/" || $0 == "." }).map(String.init)
            var help = "write dates as YYYY-MM-DD"
            if parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), parts[2].count == 4, d > 12, m <= 12 {
                help += ": \(parts[2])-\(parts[1].leftPadded(2))-\(parts[0].leftPadded(2))"
            }
            error(.malformedLiteral, "dates are written YYYY-MM-DD, not \(Excerpt.of(text))", at: r, label: "not a cap date", help: help)
        case .bareTime(let r, let text):
            range = r
            error(.malformedLiteral, "a time is written after its date", at: r, label: "time without a date",
                  help: "write e.g. 2021-06-22 \(text.first.map { $0.isNumber && text.firstIndex(of: ":") == text.index(after: text.startIndex) ? "0" : "" } ?? "")\(text)")
        case .monthName(let r, let month, let year):
            range = r
            let iso = "\(year)-\(String(month).leftPadded(2))"
            error(.malformedLiteral, "dates are written YYYY-MM: \(iso)", at: r, label: "not a cap date",
                  help: "write \(iso)", fixIts: [FixIt(range: r, replacement: iso)])
        }
        // Skip the pieces; the value stands as one reported error.
        while !check(.eof), !current.atLineStart || current.start == range.start, current.start < range.end { advance() }
        tree.values.append(ValueNode(kind: .error, start: range.start, end: range.end, payload: 0))
    }

    /// The date after a qualifier word (`about`, `before`, `by`, `after`)
    /// on the same line: a year or a date, apart from the word. Tested on
    /// the bytes first: this runs for every identifier value.
    mutating func qualifiedDate(_ token: Token) -> Token? {
        let bytes = lexer.bytes, start = Int(token.start), n = Int(token.end - token.start)
        guard n >= 2, n <= 6, bytes[start] == UInt8(ascii: "a") || bytes[start] == UInt8(ascii: "b"),
              Int(token.end) < bytes.count, bytes[Int(token.end)] == UInt8(ascii: " ") else { return nil }
        guard ["about", "before", "by", "after"].contains(text(token)) else { return nil }
        let next = lexer.peekToken()
        guard !next.atLineStart, next.kind == .date || (next.kind == .integer && next.end - next.start == 4) else { return nil }
        return next
    }

    /// `gb-nir`, `a-b-c`: adjacent words joined by '-', as one symbol.
    mutating func hyphenatedWord(from first: Token) -> (end: UInt32, symbol: Symbol)? {
        let next = lexer.peekToken()
        guard next.start == current.end, next.kind == .identifier || next.kind == .integer else { return nil }
        var end = next.end
        advance()  // -
        advance()  // word
        while check(.minus), current.start == end {
            let word = lexer.peekToken()
            guard word.start == current.end, word.kind == .identifier || word.kind == .integer else { break }
            advance(); advance()
            end = word.end
        }
        guard Int(end - first.start) <= Parser.maxIdentifierLength else { return nil }
        let symbol = interner.intern(UnsafeBufferPointer(rebasing: lexer.bytes[Int(first.start)..<Int(end)]))
        return (end, symbol)
    }

    /// date_range = ( DATE | DATETIME ) ".." ( DATE | DATETIME )
    mutating func parseRange(low: Token) {
        advance()  // ..
        let high = current
        guard high.kind == .integer || high.kind == .decimal || high.kind == .date || high.kind == .dateTime, !high.atLineStart else {
            error(.expectedValue, "expected a date after '..'", at: previous, help: "write a range as 2019-07-04..2019-07-06")
            tree.values.append(ValueNode(kind: .error, start: low.start, end: previous.end, payload: 0))
            return
        }
        advance()
        func node(_ t: Token) -> ValueNode {
            ValueNode(kind: t.kind == .integer ? .integer : t.kind == .decimal ? .decimal : t.kind == .date ? .date : .dateTime,
                      start: t.start, end: t.end, payload: 0)
        }
        tree.ranges.append((node(low), node(high)))
        tree.values.append(ValueNode(kind: .range, start: low.start, end: high.end, payload: UInt32(tree.ranges.count - 1)))
    }

    mutating func append(_ kind: ValueNode.Kind, _ token: Token) {
        tree.values.append(ValueNode(kind: kind, start: token.start, end: token.end, payload: 0))
    }

    /// field_end = LINE_END | ";" — anything else on the line is reported once.
    enum LineEndContext { case include, value(Symbol), block(Symbol) }

    mutating func expectLineEnd(after context: LineEndContext) {
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
