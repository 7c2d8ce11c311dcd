import CapBase
import CapSyntax
import CapSchema
import CapAnalysis
import CapEval

/// textDocument/semanticTokens/full: each word coloured by what the
/// analysis knows it is (an id, a field, an enumeration word, a country),
/// which a TextMate grammar can only guess from its shape.
struct SemanticTokens {
    static let types = ["keyword", "type", "variable", "property", "string", "number", "comment", "enumMember",
                        "function", "parameter", "namespace"]
    static let modifiers = ["declaration", "defaultLibrary"]

    enum Kind: Int {
        case keyword, type, variable, property, string, number, comment, enumMember, function, parameter, namespace
    }

    let workspace: Workspace
    let file: FileID
    /// (start, end, kind, modifiers) in bytes, before sorting.
    private var tokens: [(UInt32, UInt32, Kind, Int)] = []

    init(workspace: Workspace, file: FileID) {
        self.workspace = workspace
        self.file = file
    }

    /// The protocol's encoding: five integers per token, each position
    /// relative to the previous token, columns in UTF-16 units.
    mutating func encode() -> [Int] {
        let tree = workspace.tree(file)
        for comment in tree.comments { add(comment.lowerBound, comment.upperBound, .comment) }
        for include in tree.includes {
            add(include.keywordStart, include.keywordStart + 7, .keyword)
            add(include.pathStart, include.pathEnd, .string)
        }
        for entity in tree.entities {
            add(entity.kindStart, entity.kindEnd, .type)
            add(entity.idStart, entity.idEnd, .variable, modifiers: 1)
            if entity.hasName { add(entity.nameStart, entity.nameEnd, .string) }
            block(tree, tree.blocks[Int(entity.block)], workspace.schema.kind(of: entity).map { workspace.schema[$0].fields })
        }
        for statement in tree.statements {
            let keywordEnd: UInt32
            switch statement.kind {
            case .binding(_, let nameRange, _, let value):
                keywordEnd = statement.keywordStart + 3
                add(nameRange.start, nameRange.end, .function, modifiers: 1)
                expression(value)
            case .assertion(let e, _): keywordEnd = statement.keywordStart + 6; expression(e)
            case .print(let e): keywordEnd = statement.keywordStart + 5; expression(e)
            case .expression(let e): keywordEnd = statement.keywordStart; expression(e)
            }
            if keywordEnd > statement.keywordStart { add(statement.keywordStart, keywordEnd, .keyword) }
        }
        tokens.sort { $0.0 < $1.0 }
        var out: [Int] = []
        out.reserveCapacity(tokens.count * 5)
        var previousLine = 0, previousColumn = 0, lastEnd: UInt32 = 0
        let bytes = workspace.sources[file].bytes
        for (start, end, kind, modifiers) in tokens where start >= lastEnd && end > start {
            lastEnd = end
            // A token that spans lines (a long string) is sent one line at a time.
            var pieceStart = start
            while pieceStart < end {
                var pieceEnd = pieceStart
                while pieceEnd < end && bytes[Int(pieceEnd)] != 0x0A && bytes[Int(pieceEnd)] != 0x0D { pieceEnd += 1 }
                let a = workspace.sources.position(file, pieceStart)
                let b = workspace.sources.position(file, pieceEnd)
                if b.utf16Column > a.utf16Column {
                    out += [a.line - previousLine, a.line == previousLine ? a.utf16Column - previousColumn : a.utf16Column,
                            b.utf16Column - a.utf16Column, kind.rawValue, modifiers]
                    previousLine = a.line
                    previousColumn = a.utf16Column
                }
                pieceStart = pieceEnd
                while pieceStart < end && (bytes[Int(pieceStart)] == 0x0A || bytes[Int(pieceStart)] == 0x0D) { pieceStart += 1 }
            }
        }
        return out
    }

    private mutating func add(_ start: UInt32, _ end: UInt32, _ kind: Kind, modifiers: Int = 0) {
        if end > start { tokens.append((start, end, kind, modifiers)) }
    }

    /// A date, whose qualifier word (`about 2019`, `before 2020-03`) is a
    /// keyword and the date after it a number.
    private mutating func qualifiedDate(_ file: FileID, _ start: UInt32, _ end: UInt32) {
        let bytes = workspace.sources[file].bytes
        guard Int(start) < bytes.count, bytes[Int(start)] >= UInt8(ascii: "a") else { return add(start, end, .number) }
        var wordEnd = start
        while wordEnd < end, bytes[Int(wordEnd)] != UInt8(ascii: " ") { wordEnd += 1 }
        var dateStart = wordEnd
        while dateStart < end, bytes[Int(dateStart)] == UInt8(ascii: " ") { dateStart += 1 }
        add(start, wordEnd, .keyword)
        add(dateStart, end, .number)
    }

    private mutating func block(_ tree: SyntaxTree, _ block: BlockNode, _ specs: [FieldSpec]?) {
        for field in tree.fields(of: block) {
            add(field.nameStart, field.nameEnd, .property)
            let spec = specs?.first { $0.name == workspace.interner[field.name] }
            for value in tree.values(of: field) {
                switch value.kind {
                case .block:
                    var record: [FieldSpec]? = nil
                    if case .record(let ref)? = spec?.type { record = workspace.schema.record(ref).fields }
                    self.block(tree, tree.blocks[Int(value.payload)], record)
                case .string, .longString: add(value.start, value.end, .string)
                case .date: qualifiedDate(tree.file, value.start, value.end)
                case .integer, .decimal, .dateTime, .range: add(value.start, value.end, .number)
                case .boolean: add(value.start, value.end, .keyword)
                case .identifier:
                    switch spec?.type {
                    case .enumeration?: add(value.start, value.end, .enumMember, modifiers: 2)
                    case .jurisdiction?, .language?: add(value.start, value.end, .enumMember, modifiers: 2)
                    case .binding?: add(value.start, value.end, .function)
                    default: add(value.start, value.end, .variable)
                    }
                case .error: break
                }
            }
        }
    }

    private mutating func expression(_ e: Expr) {
        let r = e.range
        switch e.kind {
        case .date: qualifiedDate(r.file, r.start, r.end)
        case .integer, .decimal, .dateTime, .dateRange: add(r.start, r.end, .number)
        case .string, .interpolation: add(r.start, r.end, .string)
        case .boolean, .none, .it: add(r.start, r.end, .keyword)
        case .name(let name):
            add(r.start, r.end, workspace.schema.kind(collection: name) != nil || name == "entities" ? .namespace : .variable)
        case .member(let base, _, let nameRange):
            expression(base)
            add(nameRange.start, nameRange.end, .property)
        case .call(_, let arguments, let nameRange):
            add(nameRange.start, nameRange.end, .function)
            for a in arguments { expression(a) }
        case .unary(_, let operand): expression(operand)
        case .binary(_, let l, let r):
            expression(l)
            expression(r)
        case .list(let items): for x in items { expression(x) }
        case .record(let fields): for (_, x) in fields { expression(x) }
        case .pipeline(let head, let stages):
            expression(head)
            for stage in stages {
                add(stage.nameRange.start, stage.nameRange.end, .function, modifiers: 2)
                for a in stage.arguments { expression(a) }
            }
        case .error: break
        }
    }
}

extension Snapshot {
    func semanticTokens(_ params: JSONObject) throws(InvalidParams) -> Any {
        let uri = try params.object("textDocument").string("uri")
        guard let file = file(uri) else { return ["data": [Int]()] }
        var tokens = SemanticTokens(workspace: workspace, file: file)
        return ["data": tokens.encode()]
    }
}
