import CapBase
import CapSyntax

/// Reads the declarations of the schema — `kind`, `record`, `enum` and
/// `extend` — from parsed files into a `Schema`: the prelude's into
/// `Schema.builtIn`, a workspace's on top of it.
///
/// Names come first, then what each declaration holds, so that a field may
/// name a kind, record or enumeration declared further on or in another
/// file: order never matters. Mistakes become diagnostics and the rest of
/// the schema is still read.
public struct SchemaReader {
    public private(set) var schema: Schema
    public private(set) var diagnostics: [Diagnostic] = []
    let trees: [SyntaxTree]
    let interner: Interner
    let bytes: (FileID) -> [UInt8]
    /// The schema before the data's declarations, to tell a redeclaration
    /// of a built-in from a new name.
    let base: Schema

    enum What: String { case kind, record, enumeration = "enum", extend }

    struct Declaration {
        let what: What
        let tree: Int
        let entity: Int
        let name: String
        let range: SourceRange
        let doc: String
    }

    /// Words a kind may not take: they start other declarations and statements.
    static let reservedWords: Set<String> = ["include", "let", "assert", "print", "true", "false", "none", "it",
                                             "kind", "record", "enum", "extend"]

    private static let declarationsOnly = Vocabulary(kinds: [], declarations: Schema.declarationWords)

    /// The data's declarations on top of `base`. With none, `base` itself.
    public static func read(base: Schema, trees: [SyntaxTree], interner: Interner,
                            bytes: @escaping (FileID) -> [UInt8]) -> (schema: Schema, diagnostics: [Diagnostic]) {
        var reader = SchemaReader(schema: base, trees: trees, interner: interner, bytes: bytes, base: base)
        reader.run()
        return (reader.schema, reader.diagnostics)
    }

    /// The prelude compiled into cap (Prelude/prelude.cap).
    public static var preludeText: String { String(decoding: PackageResources.prelude_cap, as: UTF8.self) }

    static func prelude() -> Schema {
        let file = SourceFile(id: 0, path: "<prelude>", bytes: PackageResources.prelude_cap)
        let interner = Interner(capacity: 1024)
        var bag = DiagnosticBag()
        let tree = Parser.parse(file, vocabulary: declarationsOnly, interner: interner, diagnostics: &bag)
        let (schema, problems) = read(base: Schema(), trees: [tree], interner: interner, bytes: { _ in file.bytes })
        precondition(bag.diagnostics.isEmpty && problems.isEmpty,
                     "the prelude does not read: \((bag.diagnostics + problems).map(\.message))")
        precondition(schema.kinds.map(\.name.rawValue) == EntityKindName.ordered.map(\.rawValue),
                     "the prelude declares the built-in kinds in another order than EntityKindName.ordered")
        return schema
    }

    // MARK: Reading

    private mutating func run() {
        var declarations: [Declaration] = []
        for (t, tree) in trees.enumerated() {
            for (e, node) in tree.entities.enumerated() {
                guard let d = Self.declarationsOnly.declaration(node.kindIndex), node.id != .max else { continue }
                let what: What = [.kind, .record, .enumeration, .extend][d]
                let doc = node.hasName ? StringLiteral.decode(bytes(tree.file)[Int(node.nameStart)..<Int(node.nameEnd)]) : ""
                declarations.append(Declaration(what: what, tree: t, entity: e, name: interner[node.id],
                                                range: tree.range(node.idStart, node.idEnd), doc: doc))
            }
        }
        guard !declarations.isEmpty else { return }
        // Names first, so that any declaration may use any other.
        var created: [(Declaration, Int)] = []
        var repeated: [Declaration] = []
        for d in declarations where d.what != .extend {
            if let problem = reservedProblem(d) {
                fail(.reservedSchemaName, problem, at: d.range, label: "reserved", help: "choose another name")
                continue
            }
            if let existing = existingDeclaration(named: d.name) {
                if existing.builtIn && existing.what == d.what {
                    repeated.append(d)  // the same as the built-in one is accepted: compared below
                } else {
                    redeclared(d, existing: existing)
                }
                continue
            }
            if let index = create(d) { created.append((d, index)) }
        }
        for (d, index) in created { fill(d, index) }
        for d in repeated { compareWithBuiltIn(d) }
        for d in declarations where d.what == .extend { extend(d) }
        checkAfterFields()
        checkTimelines()
        checkSince()
        refreshEnumerations()
    }

    private func reservedProblem(_ d: Declaration) -> String? {
        if Schema.valueTypeWords.contains(d.name) { return "'\(d.name)' is a built-in value type and cannot name \(d.what.noun.withArticle)" }
        if d.what == .kind && Self.reservedWords.contains(d.name) { return "'\(d.name)' is a reserved word and cannot name a kind" }
        return nil
    }

    private func existingDeclaration(named name: String) -> (what: What, builtIn: Bool, range: SourceRange?)? {
        if let k = schema.kind(named: name) { return (.kind, schema[k].isBuiltIn, schema[k].declaredAt) }
        if let r = schema.record(named: name) { return (.record, r.declaredAt == nil, r.declaredAt) }
        if schema.enumeration(named: name) != nil {
            return (.enumeration, base.enumeration(named: name) != nil, enumRanges[name])
        }
        return nil
    }

    /// Where the data declared each enumeration (an `EnumType` keeps its words' places only).
    private var enumRanges: [String: SourceRange] = [:]

    private mutating func redeclared(_ d: Declaration, existing: (what: What, builtIn: Bool, range: SourceRange?)) {
        let notes = existing.range.map { [DiagnosticNote("first declared here", at: $0)] }
            ?? [DiagnosticNote("'\(d.name)' is a built-in \(existing.what.noun) (\(existing.what == .kind ? "cap schema \(d.name)" : "cap schema") shows it)")]
        let help = existing.what == d.what && existing.what != .extend
            ? "to add to it, write: extend \(d.name) { … }"
            : "kinds, records and enumerations share one set of names; choose another"
        fail(.schemaRedeclared, "\(existing.what.noun.withArticle) named '\(d.name)' is already declared", at: d.range,
             label: "declared again here", notes: notes, help: help)
    }

    /// Makes the named, still empty kind, record or enumeration, so that
    /// fields may name it; nil past a limit.
    private mutating func create(_ d: Declaration) -> Int? {
        switch d.what {
        case .kind:
            guard schema.kinds.count < Schema.maxKinds else {
                tooMany("kinds", Schema.maxKinds, d)
                return nil
            }
            let (header, collections) = kindProperties(d)
            schema.add(EntityKind(name: EntityKindName(index: schema.kinds.count, d.name), doc: d.doc, headerName: header,
                                  collections: collections, fields: [], declaredAt: isPrelude ? nil : d.range))
            return schema.kinds.count - 1
        case .record:
            guard schema.records.count < Schema.maxRecords else {
                tooMany("record types", Schema.maxRecords, d)
                return nil
            }
            schema.add(RecordSchema(index: schema.records.count, d.name, doc: d.doc, [], declaredAt: isPrelude ? nil : d.range))
            return schema.records.count - 1
        case .enumeration:
            guard schema.enums.count < Schema.maxEnumerations else {
                tooMany("enumerations", Schema.maxEnumerations, d)
                return nil
            }
            if !isPrelude { enumRanges[d.name] = d.range }
            schema.add(EnumType(id: schema.enums.count, word: d.name, doc: d.doc, []))
            return schema.enums.count - 1
        case .extend:
            return nil
        }
    }

    private var isPrelude: Bool { base.kinds.isEmpty }

    private mutating func tooMany(_ what: String, _ limit: Int, _ d: Declaration) {
        fail(.schemaLimit, "a schema holds at most \(limit) \(what); '\(d.name)' is one too many", at: d.range,
             label: "over the limit", help: "merge some of them, or use an enumeration field to tell sorts apart")
    }

    private mutating func fill(_ d: Declaration, _ index: Int) {
        switch d.what {
        case .kind:
            schema.kinds[index].fields = fields(of: d, kindProperties: true, startingWith: [])
        case .record:
            schema.records[index].fields = fields(of: d, kindProperties: false, startingWith: [])
        case .enumeration:
            schema.enums[index].cases = words(of: d, startingWith: [])
            if !isPrelude {
                for c in schema.enums[index].cases { schema.enums[index].declaredWords[c.name] = d.range }
            }
        case .extend:
            break
        }
    }

    /// A declaration that repeats a built-in one is accepted when it says
    /// the same, field for field: `cap schema` prints valid data.
    private mutating func compareWithBuiltIn(_ d: Declaration) {
        var same: Bool
        switch d.what {
        case .kind:
            let k = schema[schema.kind(named: d.name)!]
            let (header, collections) = kindProperties(d)
            same = header == k.headerName && collections == k.collections && d.doc == k.doc
                && fields(of: d, kindProperties: true, startingWith: []) == k.fields
        case .record:
            let r = schema.record(named: d.name)!
            same = d.doc == r.doc && fields(of: d, kindProperties: false, startingWith: []) == r.fields
        case .enumeration:
            let e = schema.enumeration(named: d.name)!
            let cases = words(of: d, startingWith: [])
            same = d.doc == e.doc && cases.map(\.0) == e.caseNames && cases.map(\.1) == e.cases.map(\.doc)
        case .extend:
            same = true
        }
        if !same { redeclared(d, existing: (d.what, true, nil)) }
    }

    // MARK: Declarations' contents

    private func node(_ d: Declaration) -> (SyntaxTree, BlockNode) {
        let tree = trees[d.tree]
        return (tree, tree.blocks[Int(tree.entities[d.entity].block)])
    }

    private func text(_ tree: SyntaxTree, _ value: ValueNode) -> String {
        StringLiteral.decode(bytes(tree.file)[Int(value.start)..<Int(value.end)])
    }

    /// `header title` and `collection treaties`: what a kind says of itself.
    private mutating func kindProperties(_ d: Declaration) -> (header: String, collections: [String]) {
        let (tree, block) = node(d)
        var header = "name"
        var collections: [String] = []
        for field in tree.fields(of: block) where !field.isDamaged {
            let values = Array(tree.values(of: field))
            if values.first?.kind == .block { continue }
            switch interner[field.name] {
            case "header":
                if values.count == 1, values[0].kind == .identifier { header = interner[values[0].payload] }
                else { badProperty(tree, field, "'header' takes one word: what the string after an id is (title, name)") }
            case "collection":
                let words = values.filter { $0.kind == .identifier }.map { interner[$0.payload] }
                if words.count != values.count || words.isEmpty {
                    badProperty(tree, field, "'collection' takes words: the names of the kind's collection in scripts")
                }
                for (w, v) in zip(words, values) {
                    if let other = schema.kind(collection: w), other.rawValue != d.name {
                        fail(.schemaRedeclared, "'\(w)' is already the collection of kind \(other.rawValue)",
                             at: tree.range(v.start, v.end), label: "already used", help: "choose another name for the collection")
                    } else if !collections.contains(w) {
                        collections.append(w)
                    }
                }
            default:
                let name = interner[field.name]
                fail(.schemaProperty, "'\(name)' is not something a kind declares", at: tree.range(field.nameStart, field.nameEnd),
                     label: "not a property",
                     help: "a kind declares 'header', 'collection' and fields written with a block: \(name) { type …; doc \"…\" }")
            }
        }
        if collections.isEmpty { collections = [Self.plural(d.name)] }
        return (header, collections)
    }

    /// `treaty` → `treaties`: the collection a kind gets when it names none.
    static func plural(_ word: String) -> String {
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if word.hasSuffix("y"), word.count > 1, !vowels.contains(word.dropLast().last!) { return word.dropLast() + "ies" }
        if ["s", "x", "z", "ch", "sh"].contains(where: { word.hasSuffix($0) }) { return word + "es" }
        return word + "s"
    }

    private mutating func badProperty(_ tree: SyntaxTree, _ field: FieldNode, _ help: String) {
        fail(.schemaProperty, "'\(interner[field.name])' is not written as it should be", at: tree.range(field.nameStart, field.nameEnd),
             label: "malformed", help: help)
    }

    /// The fields declared in a kind's or record's block (`name { type …; … }`),
    /// after `existing` ones; a name given twice is reported.
    private mutating func fields(of d: Declaration, kindProperties: Bool, startingWith existing: [FieldSpec]) -> [FieldSpec] {
        let (tree, block) = node(d)
        owner = d.name
        var out = existing
        var firstAt: [String: SourceRange] = [:]
        for field in tree.fields(of: block) where !field.isDamaged {
            let values = Array(tree.values(of: field))
            let name = interner[field.name]
            let nameRange = tree.range(field.nameStart, field.nameEnd)
            guard values.count == 1, values[0].kind == .block else {
                if !kindProperties || d.what == .extend {
                    fail(.schemaProperty, "'\(name)' needs a block that declares it", at: nameRange, label: "expected '{ type …; doc \"…\" }'",
                         help: d.what == .extend ? "an extension adds fields: \(name) { type string; doc \"…\" }"
                                                    : "a field is declared as \(name) { type string; doc \"…\" }")
                }
                continue
            }
            if let spec = out.first(where: { $0.name == name }) {
                let first = firstAt[name] ?? spec.declaredAt
                fail(.duplicateFieldDeclaration, "field '\(name)' is declared twice in \(d.what == .extend ? "" : d.what.noun + " ")'\(d.name)'",
                     at: nameRange, label: "declared again here",
                     notes: first.map { [DiagnosticNote("first declared here", at: $0)] } ?? [DiagnosticNote("'\(name)' is a built-in field of '\(d.name)'")],
                     help: "keep one declaration")
                continue
            }
            if out.count >= Schema.maxFields {
                fail(.schemaLimit, "'\(d.name)' has more than \(Schema.maxFields) fields", at: nameRange, label: "one too many",
                     help: "group related fields in a record type: record … { … }")
                break
            }
            firstAt[name] = nameRange
            if let spec = fieldSpec(tree, name: name, nameRange: nameRange, block: tree.blocks[Int(values[0].payload)]) {
                out.append(spec)
            }
        }
        return out
    }

    /// One field's block: `type`, `required`, `list`, `min`, `after`, `doc`.
    private mutating func fieldSpec(_ tree: SyntaxTree, name: String, nameRange: SourceRange, block: BlockNode) -> FieldSpec? {
        var type: ValueType? = nil
        var typeGiven = false
        var required = false, list = false
        var minimum: Int64? = nil
        var after: [String] = []
        var doc = ""
        var timeline: (value: ValueNode, at: SourceRange)? = nil
        var since: String? = nil
        for p in tree.fields(of: block) where !p.isDamaged {
            let values = Array(tree.values(of: p))
            let property = interner[p.name]
            let at = tree.range(p.nameStart, p.nameEnd)
            func one(_ kind: ValueNode.Kind) -> ValueNode? {
                values.count == 1 && (values[0].kind == kind || (kind == .string && values[0].kind == .longString)) ? values[0] : nil
            }
            switch property {
            case "type":
                typeGiven = true
                type = resolveType(tree, values, at: at)
            case "required", "list":
                guard let v = one(.boolean) else {
                    badProperty(tree, p, "'\(property)' takes true or false")
                    continue
                }
                if property == "required" { required = v.payload == 1 } else { list = v.payload == 1 }
            case "min":
                guard let v = one(.integer), let n = Int64(String(decoding: bytes(tree.file)[Int(v.start)..<Int(v.end)], as: UTF8.self).filter { $0.isASCII && $0.isNumber }).map({ v.payload == 1 ? -$0 : $0 }) else {
                    badProperty(tree, p, "'min' takes a whole number: the least value allowed")
                    continue
                }
                minimum = n
            case "after":
                guard !values.isEmpty, values.allSatisfy({ $0.kind == .identifier }) else {
                    badProperty(tree, p, "'after' takes the names of date fields of the same block")
                    continue
                }
                after = values.map { interner[$0.payload] }
                afterUses.append((values.map { tree.range($0.start, $0.end) }, nameRange))
            case "since":
                guard values.count == 1, values[0].kind == .identifier else {
                    badProperty(tree, p, "'since' takes the name of a date field of the entities this field names")
                    continue
                }
                since = interner[values[0].payload]
                sinceAt[owner + "." + name] = at
            case "timeline":
                guard values.count == 1, values[0].kind == .identifier || values[0].kind == .string else {
                    badProperty(tree, p, "'timeline' takes a label in quotes (for a date: \"{title} adopted\") or one of " + TimelineRole.words.map(\.word).orList)
                    continue
                }
                timeline = (values[0], at)
            case "doc":
                guard let v = one(.string) else {
                    badProperty(tree, p, "'doc' takes a string: what the field holds")
                    continue
                }
                doc = text(tree, v)
            default:
                let near = EditDistance.suggestions(for: property, among: Self.fieldProperties, limit: 1).first
                fail(.schemaProperty, "a field has no property '\(property)'", at: at, label: "unknown property",
                     help: near.map { "did you mean '\($0)'?" } ?? "a field declares " + Self.fieldProperties.orList,
                     fixIts: near.map { [FixIt(range: at, replacement: $0)] } ?? [])
            }
        }
        if !typeGiven {
            fail(.schemaProperty, "field '\(name)' has no type", at: nameRange, label: "no 'type'",
                 help: "say what it holds: \(name) { type string } (cap schema lists the types)")
        }
        guard var resolved = type else { return nil }
        if case .integer = resolved { resolved = .integer(min: minimum) }
        let role = timeline.flatMap { timelineRole(tree, $0.value, at: $0.at, field: name, type: resolved, list: list) }
        if role != nil, let at = timeline?.at { timelineAt[owner + "." + name] = at }
        return FieldSpec(name, resolved, required: required, list: list, after: after, since: since, timeline: role, doc,
                         declaredAt: isPrelude ? nil : nameRange)
    }

    /// What `timeline …` makes of a field of `type`: a label on a date is an
    /// entry, on another field a line of details; a word is a role.
    private mutating func timelineRole(_ tree: SyntaxTree, _ value: ValueNode, at: SourceRange, field: String, type: ValueType,
                                       list: Bool) -> TimelineRole? {
        let role: TimelineRole
        if value.kind == .string {
            let label = text(tree, value)
            let isDate = TimelineRole.entry(label: label).accepts(type, list: list)
            role = isDate ? .entry(label: label) : .detail(label: label)
        } else {
            let word = interner[value.payload]
            guard let found = TimelineRole.words.first(where: { $0.word == word })?.role else {
                let near = EditDistance.suggestions(for: word, among: TimelineRole.words.map(\.word), limit: 1).first
                fail(.schemaProperty, "'\(word)' is no way to show a field on the timeline", at: tree.range(value.start, value.end),
                     label: "unknown role",
                     help: near.map { "did you mean '\($0)'?" } ?? "write a label in quotes, or one of " + TimelineRole.words.map(\.word).orList)
                return nil
            }
            role = found
        }
        guard role.accepts(type, list: list) else {
            let wants: String
            switch role {
            case .entry, .detail: wants = "a date"
            case .city, .description: wants = "a string"
            case .country: wants = "one jurisdiction"
            case .link: wants = "a URL"
            case .tags: wants = "references"
            case .online: wants = "true or false"
            case .languages: wants = "languages"
            }
            fail(.schemaProperty, "'timeline \(role.word ?? "")' needs a field of \(wants), and '\(field)' is \(type.phrase)",
                 at: at, label: "does not fit the field's type", help: "give this role to a field of its type, or drop 'timeline'")
            return nil
        }
        return role
    }

    static let fieldProperties = ["type", "required", "list", "min", "after", "since", "timeline", "doc"]

    /// Where each field's `since` was written, by "owner.field".
    private var sinceAt: [String: SourceRange] = [:]

    /// Where each field's `timeline` was written, by "owner.field".
    private var timelineAt: [String: SourceRange] = [:]
    /// The kind, record or extension whose fields are being read.
    private var owner = ""

    /// `after` names, checked once every field is known.
    private var afterUses: [(names: [SourceRange], field: SourceRange)] = []

    /// `type date`, `type role`, `type member, partner` (a reference to
    /// either), `type jurisdiction, member` (a country or a reference).
    private mutating func resolveType(_ tree: SyntaxTree, _ values: [ValueNode], at: SourceRange) -> ValueType? {
        guard !values.isEmpty, values.allSatisfy({ $0.kind == .identifier }) else {
            fail(.schemaProperty, "'type' takes type names", at: at, label: "malformed",
                 help: "write e.g. type date, type member, partner or type jurisdiction")
            return nil
        }
        var kinds: [EntityKindName] = []
        var jurisdiction = false
        var single: ValueType? = nil
        for v in values {
            let word = interner[v.payload]
            let range = tree.range(v.start, v.end)
            if let k = schema.kind(named: word) {
                if !kinds.contains(k) { kinds.append(k) }
            } else if word == "jurisdiction" {
                jurisdiction = true
            } else if let t = Self.valueType(word) ?? schema.record(named: word).map({ .record($0.ref) })
                        ?? schema.enumeration(named: word).map({ .enumeration($0) }) {
                guard values.count == 1 else {
                    fail(.unknownType, "'\(word)' cannot be one of several types", at: range, label: "not a kind",
                         help: "only kinds combine (a reference to any of them), with jurisdiction for a country or a reference")
                    return nil
                }
                single = t
            } else {
                let near = EditDistance.suggestions(for: word, among: schema.typeNames, limit: 1).first
                fail(.unknownType, "no type, kind, record or enumeration is named '\(word)'", at: range, label: "unknown type",
                     help: near.map { "did you mean '\($0)'?" } ?? "declare it (kind, record or enum), or use a type: " + Schema.valueTypeWords.joined(separator: ", "),
                     fixIts: near.map { [FixIt(range: range, replacement: $0)] } ?? [])
                return nil
            }
        }
        if let single { return single }
        if kinds.isEmpty { return .jurisdiction }
        return jurisdiction ? .referenceOrJurisdiction(kinds) : .reference(kinds)
    }

    static func valueType(_ word: String) -> ValueType? {
        switch word {
        case "string": .string
        case "integer": .integer(min: nil)
        case "number": .number
        case "boolean": .boolean
        case "date": .date
        case "when": .when
        case "jurisdiction": .jurisdiction
        case "language": .language
        case "url": .url
        case "email": .email
        case "binding": .binding
        default: nil
        }
    }

    /// An enumeration's words: `word "what it means"`.
    private mutating func words(of d: Declaration, startingWith existing: [(name: String, doc: String)]) -> [(String, String)] {
        let (tree, block) = node(d)
        var out: [(String, String)] = existing.map { ($0.name, $0.doc) }
        for field in tree.fields(of: block) where !field.isDamaged {
            let values = Array(tree.values(of: field))
            let word = interner[field.name]
            let at = tree.range(field.nameStart, field.nameEnd)
            guard values.count == 1, values[0].kind == .string || values[0].kind == .longString else {
                fail(.schemaProperty, "the word '\(word)' needs what it means, in quotes", at: at, label: "no description",
                     help: "write: \(word) \"what it means\"")
                continue
            }
            if out.contains(where: { $0.0 == word }) {
                fail(.duplicateFieldDeclaration, "'\(word)' is already a word of '\(d.name)'", at: at, label: "declared again here",
                     help: "keep one of them")
                continue
            }
            out.append((word, text(tree, values[0])))
        }
        return out
    }

    // MARK: Extensions

    private mutating func extend(_ d: Declaration) {
        if let k = schema.kind(named: d.name) {
            schema.kinds[k.index].fields = fields(of: d, kindProperties: false, startingWith: schema.kinds[k.index].fields)
        } else if let r = schema.record(named: d.name) {
            schema.records[r.index].fields = fields(of: d, kindProperties: false, startingWith: r.fields)
        } else if let e = schema.enumeration(named: d.name) {
            let before = e.cases.count
            schema.enums[e.id].cases = words(of: d, startingWith: e.cases).map { (name: $0.0, doc: $0.1) }
            for c in schema.enums[e.id].cases.dropFirst(before) { schema.enums[e.id].declaredWords[c.name] = d.range }
        } else {
            let near = EditDistance.suggestions(for: d.name, among: schema.kinds.map(\.name.rawValue) + schema.records.map(\.name)
                                                    + schema.enums.map(\.word), limit: 1).first
            fail(.extendsUnknown, "there is no kind, record or enumeration named '\(d.name)' to extend", at: d.range,
                 label: "nothing to extend",
                 help: near.map { "did you mean '\($0)'?" } ?? "declare it with kind, record or enum instead",
                 fixIts: near.map { [FixIt(range: d.range, replacement: $0)] } ?? [])
        }
    }

    // MARK: Whole-schema checks

    /// Every `after` names a date field of the same kind or record.
    private mutating func checkAfterFields() {
        for k in schema.kinds { checkAfter(k.fields) }
        for r in schema.records { checkAfter(r.fields) }
    }

    private mutating func checkAfter(_ fields: [FieldSpec]) {
        for f in fields where !f.after.isEmpty {
            guard let use = afterUses.first(where: { $0.field == f.declaredAt }) else { continue }
            for (name, range) in zip(f.after, use.names) {
                let target = fields.first { $0.name == name }
                let isDate = target.map { $0.type == .date || $0.type == .when } ?? false
                if !isDate {
                    fail(.schemaProperty, target == nil ? "'after' names '\(name)', which is no field here" : "'after' names '\(name)', which is no date",
                         at: range, label: target == nil ? "no such field" : "not a date",
                         help: "'after' lists date fields of the same block that this one must not come before")
                }
            }
        }
    }

    /// A label names the header word or fields of its kind; a role other
    /// than an entry or a detail is given to one field of a kind; records
    /// have no timeline (their blocks are not entities).
    private mutating func checkTimelines() {
        // In a record, a field is shown after an entry's label: with a
        // word before it (`timeline "by"`) or as it is (`description`).
        for r in schema.records {
            for f in r.fields {
                guard let role = f.timeline, let at = timelineAt[r.name + "." + f.name] else { continue }
                switch role {
                case .detail, .description: break
                default:
                    fail(.schemaProperty, "in the record type '\(r.name)', 'timeline' shows '\(f.name)' after an entry's label",
                         at: at, label: "not for a record's field",
                         help: "write timeline \"by\" (a word before the value) or timeline description (the value alone)")
                }
            }
        }
        for k in schema.kinds {
            var given: [TimelineRole: String] = [:]
            for f in k.fields {
                guard let role = f.timeline, let at = timelineAt[k.name.rawValue + "." + f.name] else { continue }
                switch role {
                case .entry(let label):
                    if case .record(let ref) = f.type,
                       !schema.record(ref).fields.contains(where: { $0.type == .date || $0.type == .when }) {
                        fail(.schemaProperty, "the record type '\(ref.name)' of '\(f.name)' has no date to place an entry",
                             at: at, label: "no date", help: "give '\(ref.name)' a date field")
                    }
                    guard let parts = TimelineRole.parts(of: label) else {
                        fail(.schemaProperty, "the label of '\(f.name)' has a '{' without its '}'", at: at, label: "unclosed brace",
                             help: "write a field's name in braces, as in \"{\(k.headerName)} adopted\"")
                        continue
                    }
                    for case .field(let name) in parts where name != k.headerName && k.field(named: name) == nil {
                        let near = EditDistance.suggestions(for: name, among: [k.headerName] + k.fields.map(\.name), limit: 1).first
                        fail(.schemaProperty, "the label of '\(f.name)' names '{\(name)}', which is no field of '\(k.name.rawValue)'",
                             at: at, label: "unknown field in the label",
                             help: near.map { "did you mean '{\($0)}'?" } ?? "braces hold '{\(k.headerName)}' or a field of the kind")
                    }
                case .detail:
                    break
                default:
                    if let first = given[role] {
                        fail(.schemaProperty, "'\(k.name.rawValue)' already shows '\(first)' as its \(role.word ?? "") on the timeline",
                             at: at, label: "a second \(role.word ?? "")", help: "keep 'timeline \(role.word ?? "")' on one field")
                    } else {
                        given[role] = f.name
                    }
                }
            }
        }
    }

    /// `since FIELD` is on a reference field of a kind whose own first
    /// date gives the day to compare; FIELD is a date field of a kind it
    /// names; a kind is compared by one such field.
    private mutating func checkSince() {
        for r in schema.records {
            for f in r.fields where f.since != nil {
                guard let at = sinceAt[r.name + "." + f.name] else { continue }
                fail(.schemaProperty, "'since' is for a kind's fields, and '\(f.name)' is in the record type '\(r.name)'", at: at,
                     label: "in a record", help: "declare it on a reference field of a kind with a date")
            }
        }
        var byKind: [Int: String] = [:]
        for k in schema.kinds {
            for f in k.fields {
                guard let since = f.since, let at = sinceAt[k.name.rawValue + "." + f.name] else { continue }
                let targets: [EntityKindName]
                switch f.type {
                case .reference(let kinds), .referenceOrJurisdiction(let kinds): targets = kinds
                default:
                    fail(.schemaProperty, "'since' is for a reference, and '\(f.name)' is \(f.type.phrase)", at: at, label: "not a reference",
                         help: "declare it on a field whose type is a kind")
                    continue
                }
                guard k.fields.contains(where: { $0.type == .date || $0.type == .when }) else {
                    fail(.schemaProperty, "'since' compares with the date of the \(k.name.rawValue), which has no date field", at: at,
                         label: "nothing to compare", help: "give '\(k.name.rawValue)' a date field")
                    continue
                }
                let dated = targets.filter { t in schema[t].field(named: since).map { $0.type == .date } ?? false }
                if dated.isEmpty {
                    fail(.schemaProperty, "'since' names '\(since)', which is no date field of \(targets.map(\.rawValue).orList)", at: at,
                         label: "no such date", help: "name a date field of the kinds '\(f.name)' refers to, e.g. joined")
                }
                for t in dated {
                    if let other = byKind[t.index], other != since {
                        fail(.schemaProperty, "'\(t.rawValue)' is already compared by its '\(other)'; a kind is compared by one date", at: at,
                             label: "a second date", help: "use 'since \(other)' here too")
                    } else {
                        byKind[t.index] = since
                    }
                }
            }
        }
    }

    /// Fields hold a copy of their enumeration: after words were added, the
    /// copies are made anew.
    private mutating func refreshEnumerations() {
        func refreshed(_ fields: [FieldSpec]) -> [FieldSpec] {
            fields.map { f in
                if case .enumeration(let e) = f.type { return f.with(type: .enumeration(schema.enums[e.id])) }
                return f
            }
        }
        for i in schema.kinds.indices { schema.kinds[i].fields = refreshed(schema.kinds[i].fields) }
        for i in schema.records.indices { schema.records[i].fields = refreshed(schema.records[i].fields) }
    }

    private mutating func fail(_ code: DiagnosticCode, _ message: String, at range: SourceRange, label: String? = nil,
                               notes: [DiagnosticNote] = [], help: String? = nil, fixIts: [FixIt] = []) {
        diagnostics.append(.error(code, message, at: range, label: label, notes: notes, help: help, fixIts: fixIts))
    }
}

extension SchemaReader.What {
    var noun: String {
        switch self {
        case .kind: "kind"
        case .record: "record type"
        case .enumeration: "enumeration"
        case .extend: "extension"
        }
    }
}

extension String {
    /// "an enumeration", "a kind".
    fileprivate var withArticle: String { (first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + self }
}
