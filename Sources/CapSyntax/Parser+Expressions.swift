import CapBase
import CapValues

/// Statements and expressions: one function per grammar rule, from the
/// loosest binding (pipelines) to the tightest (primaries).
///
/// Line ends matter as in data: an expression ends at the end of its line,
/// unless it is inside brackets or the next line starts with `|` (a
/// pipeline written one stage per line). `let x = 1 +` is an error on its
/// own line, not a reach into the next one.
extension Parser {
    /// Deepest expression nesting accepted before "nested too deeply"
    /// (E0107): both the parser's own recursion (brackets, `not not …`,
    /// `- - …`) and the height of the tree it builds (`1 + 1 + … + 1`,
    /// `a.b.c…`), which everything after the parser walks recursively.
    public static let maxExpressionDepth = 128

    // MARK: Statements

    /// statement = let | assert | print
    mutating func parseStatement(_ keyword: Symbol) {
        let start = current
        advance()
        let kind: Statement.Kind
        switch keyword {
        case .let:
            guard check(.identifier), !current.atLineStart else {
                error(.expectedIdentifier, "expected a name after 'let'", at: current.atLineStart ? start : current,
                      help: "write e.g. let new_members = members | where joined == 2017")
                skipStatement()
                return
            }
            let nameToken = current
            advance()
            var parameters: [String] = [], names: Set<String> = []
            if check(.leftParen), current.start == nameToken.end {
                advance()
                while check(.identifier) {
                    let name = text(current)
                    if !names.insert(name).inserted {
                        error(.duplicateKey, "the parameter '\(name)' is named twice", at: current,
                              help: "give each parameter its own name")
                    }
                    parameters.append(name)
                    advance()
                    if !match(.comma) { break }
                }
                if !match(.rightParen) {
                    error(.expectedToken, "expected ')' after the parameters", at: current)
                    skipStatement()
                    return
                }
            }
            guard match(.equal) else {
                error(.expectedToken, "expected '=' after 'let \(text(nameToken))'", at: current.atLineStart ? nameToken : current,
                      help: "write let \(text(nameToken)) = …")
                skipStatement()
                return
            }
            let value = parseExpression()
            kind = .binding(name: text(nameToken), nameRange: range(nameToken), parameters: parameters, value: value)
        case .assert:
            let condition = parseExpression()
            var message: String? = nil
            if match(.comma) {
                if check(.string) || check(.longString) {
                    message = StringLiteral.decode(lexer.bytes[Int(current.start)..<Int(current.end)])
                    advance()
                } else {
                    error(.expectedToken, "expected a message in quotes after ','", at: current)
                }
            }
            kind = .assertion(condition, message: message)
        default:
            kind = .print(parseExpression())
        }
        tree.statements.append(Statement(kind: kind, range: tree.range(start.start, previous.end), keywordStart: start.start))
        endStatement()
    }

    /// A bare expression as a statement (the REPL and `cap eval`).
    mutating func parseExpressionStatement() {
        let start = current
        bareExpressionStart = current.start
        let e = parseExpression()
        tree.statements.append(Statement(kind: .expression(e), range: tree.range(start.start, previous.end), keywordStart: start.start))
        endStatement()
    }

    mutating func endStatement() {
        if check(.eof) || current.atLineStart { return }
        if match(.semicolon) { return }
        error(.expectedToken, "unexpected \(describe(current)) after the expression", at: current,
              label: "expected the end of the line",
              help: "a statement ends at the end of its line; continue a pipeline on the next line with '|'")
        skipStatement()
    }

    /// Skips to the next line that is not inside brackets.
    mutating func skipStatement() {
        var depth = 0
        while !check(.eof) {
            if current.atLineStart && depth == 0 && previous.end > 0 && !check(.pipe) { return }
            switch current.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth = max(0, depth - 1)
            default: break
            }
            advance()
        }
    }

    // MARK: Expressions

    /// True when the current token cannot continue the expression on the
    /// previous line.
    var atExpressionBoundary: Bool {
        check(.eof) || (current.atLineStart && bracketDepth == 0)
    }

    mutating func parseExpression() -> Expr {
        if expressionDepth == 0 { nestingReported = false }
        expressionDepth += 1
        defer { expressionDepth -= 1 }
        if expressionDepth > Parser.maxExpressionDepth { return tooDeep(at: current) }
        return parsePipeline()
    }

    /// A composite node, or an error when it would make the tree higher
    /// than `maxExpressionDepth`: a loop builds `1 + 1 + … + 1` without
    /// recursing, but every later walk over it recurses once per level.
    mutating func node(_ kind: Expr.Kind, _ range: SourceRange, at token: Token) -> Expr {
        node(kind, range, at: self.range(token))
    }

    mutating func node(_ kind: Expr.Kind, _ range: SourceRange, at place: SourceRange) -> Expr {
        let e = Expr(kind, range)
        return e.height > Parser.maxExpressionDepth ? tooDeep(at: place) : e
    }

    /// Reports an expression nested too deeply, once, and skips the rest of
    /// it: up to the `,` or closing bracket that ends it inside its
    /// enclosing brackets, or to the end of the statement. The enclosing
    /// brackets then close normally, so 100,000 `[` give one message, not
    /// one per bracket.
    mutating func tooDeep(at token: Token) -> Expr { tooDeep(at: range(token)) }

    mutating func tooDeep(at place: SourceRange) -> Expr {
        // Once per statement: the brackets around a part cut off for being
        // too deep may still make a tree one level too high.
        if !nestingReported {
            nestingReported = true
            lastBlockError = place.start
            error(.nestingTooDeep, "expressions are nested more than \(Parser.maxExpressionDepth) deep", at: place,
                  label: "too deep", help: "give parts of the expression names with let")
        }
        var level = 0
        while !check(.eof) {
            if level == 0 {
                if bracketDepth == 0 && current.atLineStart && !check(.pipe) { break }
                if bracketDepth > 0 && (check(.comma) || check(.rightParen) || check(.rightBracket) || check(.rightBrace)
                                        || atStatementStart) { break }
            }
            switch current.kind {
            case .leftParen, .leftBracket, .leftBrace: level += 1
            case .rightParen, .rightBracket, .rightBrace: level = max(0, level - 1)
            default: break
            }
            advance()
        }
        return Expr(.error, tree.range(place.start, max(place.end, previous.end)))
    }

    /// pipeline = or { "|" stage }
    mutating func parsePipeline() -> Expr {
        let head = parseOr()
        var stages: [Stage] = []
        // A `|` may start the next line: one stage per line reads well.
        while check(.pipe) && (bracketDepth > 0 || !check(.eof)) {
            advance()
            guard let stage = parseStage() else { break }
            stages.append(stage)
        }
        guard !stages.isEmpty else { return head }
        let pipeline = node(.pipeline(head, stages), head.range.union(stages.last!.range), at: stages.last!.nameRange)
        // `members | count == 35`: a comparison after the last stage compares
        // the pipeline's result (the stage took no argument to absorb it).
        guard !atExpressionBoundary, let op = comparisonOperator() else { return pipeline }
        advance()
        let right = parseAdditive()
        return node(.binary(op, pipeline, right), pipeline.range.union(right.range), at: previous)
    }

    func comparisonOperator() -> BinaryOperator? {
        switch current.kind {
        case .equalEqual: .equal
        case .bangEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        default: nil
        }
    }

    /// stage = IDENT [ argument [ "desc" | "asc" ] { "," argument [ … ] } ]
    mutating func parseStage() -> Stage? {
        guard check(.identifier) else {
            error(.expectedExpression, "expected a stage after '|', found \(describeNext())", at: current.atLineStart ? previous : current,
                  help: "stages are where, map, sort, group, count, distinct, first, last, min, max, sum, avg, any, all")
            return nil
        }
        let name = current
        advance()
        var arguments: [Expr] = []
        var descending: [Bool] = []
        let isSort = text(name) == "sort"
        if check(.leftParen), current.start == name.end {
            // `| f(a, b)`: a let function used as a stage, called with its arguments.
            arguments = parseDelimited(close: .rightParen)
            descending = arguments.map { _ in false }
        } else if isSort, check(.identifier), !atExpressionBoundary,
                  identifierSymbol(current) == .desc || identifierSymbol(current) == .asc {
            // `| sort desc`: the items themselves, in that direction.
            descending = [identifierSymbol(current) == .desc]
            advance()
        } else if !atExpressionBoundary && !atStatementStart && startsExpression(current) {
            repeat {
                arguments.append(parseOr())
                let word = check(.identifier) ? identifierSymbol(current) : .max
                if word == .desc || word == .asc {
                    if !isSort {
                        error(.expectedToken, "'\(text(current))' only follows a sort key", at: current,
                              label: "not after \(text(name))", help: "sort items with | sort key desc")
                    }
                    descending.append(word == .desc)
                    advance()
                } else {
                    descending.append(false)
                }
            // `assert … | all P, "message"`: a string after a comma is the
            // statement's, never a stage argument (no stage takes a string key).
            } while !atExpressionBoundary && check(.comma) && !nextIsString() && match(.comma)
        }
        return Stage(name: text(name), nameRange: range(name), arguments: arguments, descending: descending,
                     range: tree.range(name.start, previous.end))
    }

    /// A line that starts a new statement or declaration: an open bracket
    /// before it was never closed.
    var atStatementStart: Bool {
        mutating get {
            guard current.atLineStart, check(.identifier) else { return false }
            let symbol = identifierSymbol(current)
            return symbol.startsStatement || symbol == .include || (kinds.index(of: symbol) != nil && looksLikeEntityHeader())
        }
    }

    mutating func unclosed(_ open: Token) {
        // 100,000 '(' on one line are one mistake, reported once (or not
        // at all after "nested too deeply" on that line).
        if sameLine(open.start, lastBlockError) { return }
        lastBlockError = open.start
        error(.unclosedBlock, "this \(open.kind.spelling) is never closed", at: open,
              label: "unclosed", help: "close it before the end of the statement")
    }

    mutating func nextIsString() -> Bool {
        let next = lexer.peekToken()
        return next.kind == .string || next.kind == .longString
    }

    func startsExpression(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier, .integer, .decimal, .string, .longString, .date, .dateTime, .leftParen, .leftBracket, .leftBrace, .minus: true
        default: false
        }
    }

    /// or = and { "or" and }
    mutating func parseOr() -> Expr {
        var left = parseAnd()
        while !atExpressionBoundary, check(.identifier), identifierSymbol(current) == .or {
            advance()
            let word = previous
            let right = parseAnd()
            left = node(.binary(.or, left, right), left.range.union(right.range), at: word)
        }
        return left
    }

    /// and = not { "and" not }
    mutating func parseAnd() -> Expr {
        var left = parseNot()
        while !atExpressionBoundary, check(.identifier), identifierSymbol(current) == .and {
            advance()
            let word = previous
            let right = parseNot()
            left = node(.binary(.and, left, right), left.range.union(right.range), at: word)
        }
        return left
    }

    /// not = "not" not | comparison
    mutating func parseNot() -> Expr {
        if check(.identifier), identifierSymbol(current) == .not {
            let keyword = current
            expressionDepth += 1
            defer { expressionDepth -= 1 }
            if expressionDepth > Parser.maxExpressionDepth { return tooDeep(at: keyword) }
            advance()
            let operand = parseNot()
            return node(.unary(.not, operand), range(keyword).union(operand.range), at: keyword)
        }
        return parseComparison()
    }

    /// comparison = additive [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in" ) additive ]
    mutating func parseComparison() -> Expr {
        let left = parseAdditive()
        guard !atExpressionBoundary else { return left }
        var op = comparisonOperator()
        switch current.kind {
        case .equal:
            error(.expectedToken, "'=' gives a name; compare with '=='", at: range(current),
                  help: "write ==", fixIts: [FixIt(range: range(current), replacement: "==")])
            op = .equal
        case .identifier:
            let word = identifierSymbol(current)
            if word == .in {
                op = .in
            } else if word == .not, lexer.peekToken().kind == .identifier {
                advance()
                guard identifierSymbol(current) == .in else {
                    error(.expectedToken, "expected 'in' after 'not'", at: current)
                    return left
                }
                op = .notIn
            }
        default: break
        }
        guard let op else { return left }
        let sign = current
        advance()
        let right = parseAdditive()
        return node(.binary(op, left, right), left.range.union(right.range), at: sign)
    }

    /// additive = term { ( "+" | "-" ) term }
    mutating func parseAdditive() -> Expr {
        var left = parseTerm()
        while !atExpressionBoundary, check(.plus) || check(.minus) {
            let op: BinaryOperator = check(.plus) ? .add : .subtract
            let sign = current
            advance()
            let right = parseTerm()
            left = node(.binary(op, left, right), left.range.union(right.range), at: sign)
        }
        return left
    }

    /// term = unary { ( "*" | "/" | "%" ) unary }
    mutating func parseTerm() -> Expr {
        var left = parseUnary()
        while !atExpressionBoundary, check(.star) || check(.slash) || check(.percent) {
            let op: BinaryOperator = check(.star) ? .multiply : check(.slash) ? .divide : .remainder
            let sign = current
            advance()
            let right = parseUnary()
            left = node(.binary(op, left, right), left.range.union(right.range), at: sign)
        }
        return left
    }

    /// unary = "-" unary | postfix
    mutating func parseUnary() -> Expr {
        if check(.minus) {
            let sign = current
            expressionDepth += 1
            defer { expressionDepth -= 1 }
            if expressionDepth > Parser.maxExpressionDepth { return tooDeep(at: sign) }
            advance()
            let operand = parseUnary()
            return node(.unary(.negate, operand), range(sign).union(operand.range), at: sign)
        }
        return parsePostfix()
    }

    /// postfix = primary { "." IDENT }
    mutating func parsePostfix() -> Expr {
        var e = parsePrimary()
        while check(.dot), !atExpressionBoundary {
            advance()
            guard check(.identifier) else {
                error(.expectedIdentifier, "expected a field name after '.'", at: current)
                return e
            }
            let name = current
            advance()
            e = node(.member(e, text(name), nameRange: range(name)), e.range.union(range(name)), at: name)
            if case .error = e.kind { return e }
        }
        return e
    }

    /// primary = NUMBER | STRING | DATE | DATETIME | range | "true" | "false" | "none"
    ///         | IDENT [ "(" arguments ")" ] | "(" expr ")" | "[" list "]" | "{" record "}"
    mutating func parsePrimary() -> Expr {
        let token = current
        // A bare expression statement legitimately starts its line.
        if (atExpressionBoundary && current.start != bareExpressionStart) || (bracketDepth > 0 && atStatementStart) {
            error(.expectedExpression, "expected an expression after \(describe(previous))", at: previous,
                  label: "the line ends here", help: "write the expression on the same line")
            return Expr(.error, tree.range(previous.end, previous.end))
        }
        switch token.kind {
        case .integer:
            advance()
            if check(.dotDot) { return parseDateRange(from: token) }
            let digits = text(token).filter { $0 != "_" }
            guard let value = Int64(digits) else {
                error(.numberTooLarge, "this number does not fit in 64 bits", at: token)
                return Expr(.error, range(token))
            }
            return Expr(.integer(value), range(token))
        case .decimal:
            advance()
            guard let value = Double(text(token).filter { $0 != "_" }), value.isFinite else {
                error(.numberTooLarge, "this number is too large", at: token)
                return Expr(.error, range(token))
            }
            return Expr(.decimal(value), range(token))
        case .date:
            advance()
            if check(.dotDot) { return parseDateRange(from: token) }
            guard let date = try? CapDate.parse(lexer.bytes[Int(token.start)..<Int(token.end)]) else {
                error(.invalidDate, "\(text(token)) is not a date", at: token)
                return Expr(.error, range(token))
            }
            return Expr(.date(date), range(token))
        case .dateTime:
            advance()
            guard let value = try? CapDateTime.parse(text(token)) else {
                error(.invalidDate, "\(text(token)) is not a valid date and time", at: token)
                return Expr(.error, range(token))
            }
            return Expr(.dateTime(value), range(token))
        case .string, .longString:
            advance()
            return parseString(token)
        case .identifier:
            if let end = qualifiedDate(token) {
                advance()
                advance()
                guard let date = try? CapDate.parse(lexer.bytes[Int(token.start)..<Int(end.end)]) else {
                    error(.invalidDate, "\(text(Token(kind: .date, atLineStart: false, start: token.start, end: end.end))) is not a date",
                          at: tree.range(token.start, end.end))
                    return Expr(.error, tree.range(token.start, end.end))
                }
                return Expr(.date(date), tree.range(token.start, end.end))
            }
            let symbol = identifierSymbol(token)
            advance()
            switch symbol {
            case .true: return Expr(.boolean(true), range(token))
            case .false: return Expr(.boolean(false), range(token))
            case .none: return Expr(.none, range(token))
            case .it: return Expr(.it, range(token))
            default: break
            }
            if check(.leftParen), current.start == token.end {
                let arguments = parseDelimited(close: .rightParen)
                return node(.call(text(token), arguments, nameRange: range(token)), tree.range(token.start, previous.end), at: token)
            }
            return Expr(.name(text(token)), range(token))
        case .leftParen:
            advance()
            bracketDepth += 1
            let inner = parseExpression()
            bracketDepth -= 1
            if !match(.rightParen) {
                if check(.eof) || atStatementStart { unclosed(token) } else {
                    error(.expectedToken, "expected ')'", at: current, help: "close the '(' it belongs to")
                }
            }
            return Expr(inner.kind, tree.range(token.start, previous.end))
        case .leftBracket:
            let items = parseDelimited(close: .rightBracket)
            return node(.list(items), tree.range(token.start, previous.end), at: token)
        case .leftBrace:
            return parseRecord()
        default:
            error(.expectedExpression, "expected an expression, found \(describeNext())",
                  at: current.atLineStart && previous.end > 0 ? previous : current, label: "expected an expression")
            if !atExpressionBoundary && !check(.pipe) && !check(.rightParen) && !check(.rightBracket) { advance() }
            return Expr(.error, range(token))
        }
    }

    /// "(" [ expr { "," expr } ] ")" and "[" … "]", across lines.
    mutating func parseDelimited(close: TokenKind) -> [Expr] {
        let open = current
        advance()
        bracketDepth += 1
        defer { bracketDepth -= 1 }
        var items: [Expr] = []
        while !check(close) && !check(.eof) && !atStatementStart {
            items.append(parseExpression())
            if !match(.comma) { break }
        }
        if !match(close) {
            if check(.eof) || atStatementStart { unclosed(open) } else {
                error(.expectedToken, "expected \(close.spelling)", at: current)
            }
        }
        return items
    }

    /// "{" [ key ":" expr { "," key ":" expr } ] "}"
    mutating func parseRecord() -> Expr {
        let open = current
        advance()
        bracketDepth += 1
        defer { bracketDepth -= 1 }
        var fields: [(String, Expr)] = []
        var keys: Set<String> = []
        while check(.identifier) || check(.string) {
            let key = check(.string) ? StringLiteral.decode(lexer.bytes[Int(current.start)..<Int(current.end)]) : text(current)
            // Which of two values a reader would get is not obvious; the
            // evaluator silently kept one.
            if !keys.insert(key).inserted {
                error(.duplicateKey, "the key '\(Excerpt.of(key))' is given twice in this record", at: current,
                      help: "give each key once")
            }
            advance()
            guard match(.colon) else {
                error(.expectedToken, "expected ':' after the key '\(key)'", at: current, help: "write {name: value}")
                break
            }
            fields.append((key, parseExpression()))
            if !match(.comma) { break }
        }
        if !match(.rightBrace) {
            error(.expectedToken, "expected '}' to close the record", at: current)
        }
        return node(.record(fields), tree.range(open.start, previous.end), at: open)
    }

    /// `2017-01..2017-06`, `2017..2018`
    mutating func parseDateRange(from low: Token) -> Expr {
        advance()  // ..
        let high = current
        guard high.kind == .date || high.kind == .integer else {
            error(.expectedValue, "expected a date after '..'", at: current)
            return Expr(.error, range(low))
        }
        advance()
        let bytes = lexer.bytes
        guard let a = try? CapDate.parse(bytes[Int(low.start)..<Int(low.end)]),
              let b = try? CapDate.parse(bytes[Int(high.start)..<Int(high.end)]) else {
            error(.invalidDate, "this range does not hold two dates", at: tree.range(low.start, high.end))
            return Expr(.error, tree.range(low.start, high.end))
        }
        return Expr(.dateRange(a, b), tree.range(low.start, high.end))
    }

    /// A string, with `{expr}` parts parsed as expressions.
    mutating func parseString(_ token: Token) -> Expr {
        let bytes = lexer.bytes
        let quote = token.kind == .longString ? 3 : 1
        let start = Int(token.start) + quote
        let end = max(start, Int(token.end) - quote)
        var parts: [Expr.InterpolationPart] = []
        var literalStart = start
        var i = start
        while i < end {
            if bytes[i] == UInt8(ascii: "\\") {
                // \u{…} is an escape, not an interpolation: skip to its }
                // (the lexer has checked it; on a bad one, to its last digit).
                if i + 2 < end, bytes[i + 1] == UInt8(ascii: "u"), bytes[i + 2] == UInt8(ascii: "{") {
                    var j = i + 3
                    while j < end, Lexer.hexValue(bytes[j]) != nil { j += 1 }
                    i = j < end && bytes[j] == UInt8(ascii: "}") ? j + 1 : j
                } else {
                    i += 2
                }
                continue
            }
            if bytes[i] == UInt8(ascii: "{") {
                var depth = 1, j = i + 1
                while j < end, depth > 0 {
                    if bytes[j] == UInt8(ascii: "{") { depth += 1 } else if bytes[j] == UInt8(ascii: "}") { depth -= 1 }
                    if depth > 0 { j += 1 }
                }
                guard j < end else {
                    error(.expectedToken, "this '{' in a string is never closed", at: tree.range(UInt32(i), UInt32(i + 1)),
                          help: "close it with '}', or write \\{ for a literal brace")
                    return Expr(.error, range(token))
                }
                if i > literalStart { parts.append(.text(Self.decodeText(bytes, literalStart, i))) }
                parts.append(.expr(parseInterpolated(from: i + 1, to: j)))
                i = j + 1
                literalStart = i
                continue
            }
            i += 1
        }
        if parts.isEmpty {
            return Expr(.string(StringLiteral.decode(bytes[Int(token.start)..<Int(token.end)])), range(token))
        }
        if literalStart < end { parts.append(.text(Self.decodeText(bytes, literalStart, end))) }
        return node(.interpolation(parts), range(token), at: token)
    }

    static func decodeText(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        // Reuse the literal decoder by framing the slice in quotes.
        StringLiteral.decode([34] + Array(bytes[start..<end]) + [34])
    }

    /// The expression between `{` and `}` of an interpolation, parsed in place
    /// so that its ranges point into the file.
    mutating func parseInterpolated(from start: Int, to end: Int) -> Expr {
        var sub = Parser(buffer: UnsafeBufferPointer(rebasing: lexer.bytes[0..<end]), file: tree.file,
                         interner: interner, kinds: kinds, start: start)
        sub.bracketDepth = 1
        sub.expressionDepth = expressionDepth
        sub.nestingReported = nestingReported
        let e = sub.parseExpression()
        nestingReported = sub.nestingReported
        if !sub.check(.eof) {
            sub.error(.expectedToken, "unexpected \(sub.describe(sub.current)) in '{…}'", at: sub.current)
        }
        diagnostics.merge(sub.diagnostics)
        return e
    }
}
