import Foundation
import CapBase
import CapSyntax
import CapSchema
import CapEval
import CapTooling

/// textDocument/completion, from where the cursor is: the fields a block
/// may still take, the values its field accepts (ids of the right kinds,
/// enumeration words, country and language codes), kinds and keywords at
/// the top level, include paths, and in scripts the names, stages and
/// functions. It reads the line before the cursor and the recovered tree,
/// so it works while the line being typed is not yet valid.
extension Snapshot {
    /// At most this many items; the list is then marked incomplete, and
    /// the client asks again as the word grows.
    static let maxItems = 200

    // CompletionItemKind values of the protocol.
    enum ItemKind {
        static let function = 3, field = 5, variable = 6, module = 9, property = 10, value = 12, enumMember = 20,
                   keyword = 14, file = 17, reference = 18, `class` = 7, constant = 21
    }

    func completion(_ params: JSONObject) throws(InvalidParams) -> Any {
        guard let (file, offset) = try place(params) else { return NSNull() }
        let bytes = workspace.sources[file].bytes
        let lineStart = Self.lineStart(bytes, offset)
        let line = String(decoding: bytes[Int(lineStart)..<Int(offset)], as: UTF8.self)
        let context = Context(line: line)
        var items = Items(prefix: context.word)
        let replace = SourceRange(file: file, start: offset - UInt32(context.word.utf8.count), end: offset)

        if let path = context.includePath {
            includePaths(from: file, typed: path, into: &items)
            return items.result(self, SourceRange(file: file, start: offset - UInt32(path.utf8.count), end: offset))
        }
        if let specs = blockFields(file, offset) {
            if context.before.isEmpty {
                fieldNames(specs, present: presentFields(file, offset), into: &items)
            } else if let name = context.firstWord, let spec = specs.first(where: { $0.name == name }) {
                values(of: spec.type, into: &items)
            }
        } else if context.isScript || inStatement(file, offset) {
            script(context, into: &items)
        } else if context.before.isEmpty {
            for kind in workspace.schema.kinds {
                items.add(kind.name.rawValue, kind: ItemKind.class, detail: "declaration", doc: kind.doc)
            }
            for word in ["include", "let", "assert", "print"] { items.add(word, kind: ItemKind.keyword) }
        }
        return items.result(self, replace)
    }

    /// What the line before the cursor says.
    struct Context {
        /// The word being typed (letters, digits, `_`, `-`), maybe empty.
        var word: String
        /// The line before that word, trimmed.
        var before: String
        /// The line's first word, when the word being typed is not it.
        var firstWord: String?
        /// Inside `include "…`: the path typed so far.
        var includePath: String?
        var isScript: Bool

        init(line: String) {
            let scalars = Array(line.unicodeScalars)
            var i = scalars.count
            while i > 0, Self.isWordScalar(scalars[i - 1]) { i -= 1 }
            word = String(String.UnicodeScalarView(scalars[i...]))
            let rest = String(String.UnicodeScalarView(scalars[..<i]))
            before = rest.trimmingCharacters(in: .whitespaces)
            let words = before.split(whereSeparator: { $0 == " " || $0 == "\t" })
            firstWord = words.first.map(String.init)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("include"), let quote = line.firstIndex(of: "\""),
               !line[line.index(after: quote)...].contains("\"") {
                includePath = String(line[line.index(after: quote)...])
            }
            isScript = ["let", "assert", "print"].contains(firstWord ?? "") || before.contains("|")
        }

        static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-")
        }
    }

    /// The candidates made so far, filtered by the word being typed.
    struct Items {
        let prefix: String
        var list: [JSONObject] = []
        var incomplete = false
        var seen: Set<String> = []

        mutating func add(_ label: String, kind: Int, detail: String? = nil, doc: String? = nil, filter: String? = nil,
                          sort: String? = nil) {
            let lowered = prefix.lowercased()
            // The label's start, or (for a code) the start of a word of its name: "swe" finds SE.
            let words = filter?.lowercased().split(separator: " ") ?? []
            guard lowered.isEmpty || label.lowercased().hasPrefix(lowered) || words.contains(where: { $0.hasPrefix(lowered) }) else { return }
            guard seen.insert(label).inserted else { return }
            guard list.count < Snapshot.maxItems else {
                incomplete = true
                return
            }
            var item: JSONObject = ["label": label, "kind": kind]
            if let detail { item["detail"] = detail }
            if let doc, !doc.isEmpty { item["documentation"] = doc }
            if let filter { item["filterText"] = filter }
            if let sort { item["sortText"] = sort }
            list.append(item)
        }

        func result(_ snapshot: Snapshot, _ replace: SourceRange) -> JSONObject {
            let range = snapshot.range(replace)
            let items = list.map { item -> JSONObject in
                var item = item
                item["textEdit"] = ["range": range, "newText": item["label"]!]
                return item
            }
            return ["isIncomplete": incomplete, "items": items]
        }
    }

    /// The fields of the block around `offset`, or nil outside every
    /// declaration. Inside a nested block, the record's fields.
    func blockFields(_ file: FileID, _ offset: UInt32) -> [FieldSpec]? {
        let tree = workspace.tree(file)
        guard let index = Locator.lastIndex(tree.entities, atOrBefore: offset),
              offset < tree.entities[index].end || tree.entities[index].end == 0 else { return nil }
        let entity = tree.entities[index]
        // Only inside the braces.
        let block = tree.blocks[Int(entity.block)]
        guard block.start < offset else { return nil }
        guard let kind = workspace.schema.kind(of: entity).map({ workspace.schema[$0] }) else { return [] }
        if let node = locator.node(in: file, at: offset) ?? (offset > 0 ? locator.node(in: file, at: offset - 1) : nil),
           let field = node.field {
            var specs = kind.fields
            for name in field.path {
                guard case .record(let record)? = specs.first(where: { $0.name == name })?.type else { return specs }
                specs = workspace.schema.record(record).fields
            }
            if node.kind == .block, case .record(let record)? = field.spec?.type { return workspace.schema.record(record).fields }
            return specs
        }
        return kind.fields
    }

    /// Field names already given in the top-level block around `offset`.
    func presentFields(_ file: FileID, _ offset: UInt32) -> Set<String> {
        let tree = workspace.tree(file)
        guard let index = Locator.lastIndex(tree.entities, atOrBefore: offset) else { return [] }
        let block = tree.blocks[Int(tree.entities[index].block)]
        return Set(tree.fields(of: block).filter { !($0.nameStart <= offset && offset <= $0.nameEnd) }.map { workspace.interner[$0.name] })
    }

    func inStatement(_ file: FileID, _ offset: UInt32) -> Bool {
        let tree = workspace.tree(file)
        guard let index = Locator.lastIndex(tree.statements, atOrBefore: offset) else { return false }
        return offset <= tree.statements[index].range.end
    }

    func fieldNames(_ specs: [FieldSpec], present: Set<String>, into items: inout Items) {
        for (i, spec) in specs.enumerated() where spec.list || !present.contains(spec.name) {
            // Required fields first, then in the schema's order.
            let sort = (spec.required ? "0" : "1") + String(format: "%03d", i)
            items.add(spec.name, kind: ItemKind.field, detail: spec.type.shortName + (spec.required ? ", required" : ""),
                      doc: spec.doc, sort: sort)
        }
    }

    func values(of type: ValueType, into items: inout Items) {
        switch type {
        case .reference(let kinds):
            ids(of: kinds, into: &items)
        case .referenceOrJurisdiction(let kinds):
            ids(of: kinds, into: &items)
            countries(into: &items)
        case .jurisdiction:
            countries(into: &items)
        case .language:
            for language in Languages.all {
                items.add(language.code, kind: ItemKind.value, detail: language.name, filter: "\(language.code) \(language.name)")
            }
        case .enumeration(let e):
            for word in e.cases { items.add(word.name, kind: ItemKind.enumMember, detail: e.name, doc: word.doc) }
        case .boolean:
            items.add("true", kind: ItemKind.keyword)
            items.add("false", kind: ItemKind.keyword)
        case .binding:
            for name in locator.bindingNames.keys.sorted() { items.add(name, kind: ItemKind.variable, detail: "let") }
        default:
            break
        }
    }

    func ids(of kinds: [EntityKindName], into items: inout Items) {
        let wanted = Set(kinds)
        let table = workspace.entities
        for i in 0..<table.count where wanted.contains(table.kinds[i]) {
            let id = workspace.interner[table.ids[i]]
            items.add(id, kind: ItemKind.reference, detail: table.kinds[i].rawValue)
            if items.incomplete { return }
        }
    }

    func countries(into items: inout Items) {
        for country in Jurisdictions.countries {
            items.add(country.code, kind: ItemKind.value, detail: country.name, filter: "\(country.code) \(country.name)")
        }
    }

    /// In a script: stages after `|`, fields after `.`, otherwise the
    /// names a script can use.
    func script(_ context: Context, into items: inout Items) {
        if context.before.hasSuffix("|") {
            for (name, stage) in Evaluator.stages.sorted(by: { $0.key < $1.key }) {
                items.add(name, kind: ItemKind.function, detail: "stage", doc: stage.summary)
            }
            for name in locator.bindingNames.keys.sorted() { items.add(name, kind: ItemKind.function, detail: "let") }
            return
        }
        if context.before.hasSuffix(".") {
            // `talita.` gives a member's fields, `it.` the items' fields.
            let owner = String(context.before.dropLast().reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
            var kind: EntityKindName? = nil
            if owner == "it" {
                kind = itemKind(context.before)
            } else if let symbol = workspace.interner.lookup(owner), let index = workspace.entities.lookup(symbol) {
                kind = workspace.entities.kinds[index]
            }
            for name in kind.map(fieldNames(of:)) ?? allFieldNames { items.add(name, kind: ItemKind.field) }
            return
        }
        if context.before.contains("|") {
            // Inside a stage, bare names are the items' fields: of the
            // collection's kind when the pipeline starts from one.
            let fields = itemKind(context.before).map(fieldNames(of:)) ?? allFieldNames
            for name in fields { items.add(name, kind: ItemKind.field, detail: "field of the item") }
        }
        for name in locator.bindingNames.keys.sorted() { items.add(name, kind: ItemKind.variable, detail: "let") }
        for (name, kind) in analysis.model.collectionNames.sorted(by: { $0.key < $1.key }) {
            items.add(name, kind: ItemKind.module, detail: "every \(kind.rawValue)")
        }
        items.add("entities", kind: ItemKind.module, detail: "every entity")
        for (name, function) in Evaluator.builtins.sorted(by: { $0.key < $1.key }) {
            items.add(name, kind: ItemKind.function, detail: "function", doc: function.summary)
        }
        for word in ["and", "or", "not", "in", "none", "it", "true", "false", "desc"] { items.add(word, kind: ItemKind.keyword) }
        if !context.word.isEmpty {
            let table = workspace.entities
            for i in 0..<table.count {
                let id = workspace.interner[table.ids[i]]
                if id.hasPrefix(context.word) { items.add(id, kind: ItemKind.reference, detail: table.kinds[i].rawValue) }
                if items.incomplete { break }
            }
        }
    }

    /// The kind of the items a pipeline starts from, when its head is a
    /// collection (`members | where …`).
    func itemKind(_ before: String) -> EntityKindName? {
        guard let bar = before.firstIndex(of: "|") else { return nil }
        var head = before[..<bar].trimmingCharacters(in: .whitespaces)
        if let equal = head.firstIndex(of: "=") { head = head[head.index(after: equal)...].trimmingCharacters(in: .whitespaces) }
        for keyword in ["assert ", "print "] where head.hasPrefix(keyword) {
            head = String(head.dropFirst(keyword.count)).trimmingCharacters(in: .whitespaces)
        }
        return workspace.schema.kind(collection: head)
    }

    /// The fields an entity of `kind` has in scripts: its schema's, its
    /// header's name and the built-in ones.
    func fieldNames(of kind: EntityKindName) -> [String] {
        let schema = workspace.schema[kind]
        var names = schema.fields.map(\.name) + [schema.headerName]
        for name in Model.builtinFields where !names.contains(name) { names.append(name) }
        return names
    }

    /// Every field name of every kind and record, and the built-in ones.
    var allFieldNames: [String] {
        var names = Set(Model.builtinFields)
        for kind in workspace.schema.kinds {
            names.insert(kind.headerName)
            for field in kind.fields { names.insert(field.name) }
        }
        for record in workspace.schema.records { names.formUnion(record.fields.map(\.name)) }
        return names.sorted()
    }

    /// The workspace's .cap files, relative to the including file's folder.
    func includePaths(from file: FileID, typed: String, into items: inout Items) {
        let base = workspace.sources[file].canonicalPath
        guard let slash = base.lastIndex(of: "/") else { return }
        let folder = String(base[...slash])
        var typedItems = Items(prefix: typed)
        for source in workspace.sources.files where source.id != file && source.canonicalPath.hasPrefix(folder) {
            typedItems.add(String(source.canonicalPath.dropFirst(folder.count)), kind: ItemKind.file)
        }
        items = typedItems
    }
}

extension Locator {
    /// The last entity (or statement) starting at or before `offset`.
    static func lastIndex(_ entities: [EntityNode], atOrBefore offset: UInt32) -> Int? {
        var lo = 0, hi = entities.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entities[mid].kindStart <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }

    static func lastIndex(_ statements: [Statement], atOrBefore offset: UInt32) -> Int? {
        var lo = 0, hi = statements.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if statements[mid].range.start <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }
}
