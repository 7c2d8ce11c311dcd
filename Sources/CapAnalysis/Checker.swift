import CapBase
import CapValues
import CapSyntax
import CapSchema

/// Checks a loaded workspace against the schema: every reference resolves,
/// every field exists and has a value of its type, every date is real and
/// consistent. Reports everything it finds in one run.
///
/// Pass 1 declares every entity (so references may point forward or into
/// other files); pass 2 checks each block; pass 3 runs the checks that need
/// facts from two entities (an organiser's joining date).
public struct Checker {
    let workspace: Workspace
    var table = EntityTable()
    /// Each reference and the entity it resolved to (`ReferenceTable`).
    var references = ReferenceTable()
    var schemas: SchemaIndex
    /// Per symbol: 0 not yet looked up, 1 valid, 2 unknown.
    var jurisdictionCache: [UInt8] = []
    var languageCache: [UInt8] = []
    /// Suggestions for a misspelt country, by the text written: a file gets
    /// the same slip wrong many times, and each search compares the text
    /// with some 5,000 ISO names.
    var jurisdictionSuggestions: [String: [Jurisdiction]] = [:]
    /// Suggestions scan every id; after this many, unknown references are
    /// reported without them, so 200,000 bad references stay linear.
    var suggestionBudget = 50
    /// Entity index → the first day of its `joined` date, or `Int32.min`:
    /// what every organiser of every event is compared with, read from one
    /// array. Hashing into a Dictionary of the dates took 2% of checking a
    /// million events; the date and its place are read again for a warning.
    var joinedFirstDay: [Int32] = []
    /// Members named as organisers in the event being checked; its date may
    /// come after them in the block.
    var pendingOrganisers: [(member: Int, range: SourceRange, field: Int)] = []
    /// The bytes of the file being checked, fetched once per file rather
    /// than once per value (a `SourceFile` copy costs four retains).
    var fileBytes: [UInt8] = []
    var fileBytesID: FileID = .max
    /// The laws on prostitution read so far, for `checkLawsInForce`.
    var laws: [LawFacts] = []

    func bytes(_ file: FileID) -> [UInt8] {
        file == fileBytesID ? fileBytes : workspace.sources[file].bytes
    }

    mutating func resetBlockDates(count: Int) {
        if blockDates.count == count {
            for i in 0..<count { blockDates[i] = nil }
        } else {
            blockDates = Array(repeating: nil, count: count)
        }
    }

    /// Scratch for the block being checked: the first date written in each
    /// field (by field position in the schema), for the consistency checks.
    var blockDates: [(date: CapDate, range: SourceRange)?] = []

    @discardableResult
    /// `afterDeclaring` gets the table as soon as every entity is declared,
    /// before the fields are checked.
    public static func check(_ workspace: Workspace, afterDeclaring: ((EntityTable) -> Void)? = nil) -> EntityTable {
        workspace.resolveSchema()
        var checker = Checker(workspace: workspace)
        checker.declareEntities()
        checker.checkEnumerationWords()
        afterDeclaring?(checker.table)
        checker.checkEntities()
        checker.checkLawsInForce()
        workspace.entities = checker.table
        workspace.references = checker.references
        return checker.table
    }

    init(workspace: Workspace) {
        self.workspace = workspace
        schemas = SchemaIndex(schema: workspace.schema, interner: workspace.interner)
        table = EntityTable(kindNames: workspace.schema.kinds.map(\.name))
    }

    var interner: Interner { workspace.interner }

    mutating func report(_ diagnostic: Diagnostic) {
        workspace.diagnostics.add(diagnostic)
        if capturing { captured.append(diagnostic) }
    }

    /// What the file being checked reported, kept for the next analysis
    /// (`CheckCache`).
    var capturing = false
    var captured: [Diagnostic] = []
    /// Whether the file being checked met an unknown id (and so read
    /// `suggestionBudget`).
    var readBudget = false

    func name(_ symbol: Symbol) -> String { interner[symbol] }

    // MARK: Pass 1

    private mutating func declareEntities() {
        for tree in workspace.trees {
            for (index, entity) in tree.entities.enumerated() {
                guard let kind = schemas.schema.kind(of: entity), entity.id != .max else { continue }
                let ref = EntityRef(file: tree.file, index: UInt32(index))
                let joining = schemas.sinceField[kind.index].flatMap { joinedDate(tree, entity, field: $0) }
                if let first = table.insert(ref, kind: kind, id: entity.id, symbolCount: interner.count) {
                    let firstRef = table.refs[first]
                    let firstNode = workspace.tree(firstRef.file).entities[Int(firstRef.index)]
                    report(.error(.duplicateIdentifier, "the id '\(name(entity.id))' is already used",
                                  at: tree.range(entity.idStart, entity.idEnd), label: "used again here",
                                  notes: [DiagnosticNote("first used by \(table.kinds[first].rawValue) '\(name(entity.id))' here",
                                                         at: SourceRange(file: firstRef.file, start: firstNode.idStart, end: firstNode.idEnd))],
                                  help: "ids are unique across all files and kinds; rename one of them"))
                } else {
                    // Only for a declaration that made an entity: a
                    // duplicate's date had gone to the next entity's place.
                    joinedFirstDay.append(joining.map { Int32($0.date.firstDay) } ?? .min)
                }
            }
        }
    }

    // MARK: Pass 2

    /// Pass 2, file by file. Through an editor's cache (`CheckCache`), a
    /// file whose check could not come out differently is not checked
    /// again: what its check left — diagnostics, references, the laws read
    /// for `checkLawsInForce`, the suggestion budget spent — is added as
    /// the check would add it. State a new check gathers across files must
    /// be kept in `CheckCache.FileResult` too (IncrementalCheckTests).
    private mutating func checkEntities() {
        let cache = workspace.continuesCache ? workspace.parseCache?.checks : nil
        let kept = cache?.usable(workspace: workspace, schema: schemas.schema, unchanged: workspace.unchangedFiles,
                                 joinedFirstDay: joinedFirstDay, generation: workspace.parseCache?.generation ?? 0) ?? []
        capturing = cache != nil
        for file in workspace.trees.indices {
            // A file checked before, with nothing it reads changed: what its
            // check gave, added as the check would add it.
            if file < kept.count, let result = kept[file],
               !result.readBudget || result.budgetAtStart == suggestionBudget {
                for d in result.diagnostics { workspace.diagnostics.add(d) }
                references.append(contentsOf: result.references)
                laws.append(contentsOf: result.laws)
                suggestionBudget -= result.budgetUsed
                cache?.keep(result, for: file, reused: true)
                continue
            }
            let tree = workspace.trees[file]
            fileBytes = workspace.sources[FileID(file)].bytes
            fileBytesID = FileID(file)
            let (budget, firstRow, firstLaw) = (suggestionBudget, references.count, laws.count)
            captured.removeAll()
            readBudget = false
            for index in tree.entities.indices {
                checkEntity(tree, index)
            }
            guard let cache else { continue }
            var mentions: Set<FileID> = []
            for d in captured {
                for range in [d.range] + d.notes.map(\.range) {
                    if let range, range.file != FileID(file) { mentions.insert(range.file) }
                }
            }
            cache.keep(CheckCache.FileResult(diagnostics: captured, references: Array(references.rows(from: firstRow)),
                                             laws: Array(laws[firstLaw...]),
                                             budgetAtStart: budget, budgetUsed: budget - suggestionBudget,
                                             readBudget: readBudget, mentions: mentions.sorted()),
                       for: file, reused: false)
        }
        capturing = false
    }

    private mutating func checkEntity(_ tree: SyntaxTree, _ index: Int) {
        let node = tree.entities[index]
        guard let kindName = schemas.schema.kind(of: node) else { return }
        let kind = schemas.schema[kindName]
        let owner = Owner(kind: kindName, id: node.id, range: tree.range(node.idStart, node.idEnd),
                          entityIndex: node.id == .max ? nil : table.lookup(node.id).flatMap { table.refs[$0] == EntityRef(file: tree.file, index: UInt32(index)) ? $0 : nil })
        let block = tree.blocks[Int(node.block)]
        // A header so broken it has no id or no '{' was reported by the
        // parser; "missing field" errors on top would only be noise.
        if node.id == .max || block.end == block.start { return }
        checkBlock(tree, block, fields: kind.fields, plans: schemas.kindPlans[kindName.index], lookup: schemas.kindTable(kindName), owner: owner,
                   description: .entity(kindName, node.id), missingAt: owner.range)
        checkDates(orders: schemas.kindOrders[kindName.index], fields: kind.fields)
        checkOrganisers(kind: kindName, fields: kind.fields, owner: owner)
        if kindName == .law { checkLaw(tree, block, owner: owner) }
    }

    /// The entity whose block is being checked, for messages and cross checks.
    struct Owner {
        let kind: EntityKindName
        let id: Symbol
        let range: SourceRange
        /// Index in the entity table; nil for a duplicate, which is not checked against others.
        let entityIndex: Int?
    }

    /// What a block belongs to, put into words only when a message needs it.
    enum BlockDescription {
        case entity(EntityKindName, Symbol)
        case record(String)

        func text(_ interner: Interner) -> String {
            switch self {
            case .entity(let kind, let id): "\(kind.rawValue) '\(id == .max ? "?" : interner[id])'"
            case .record(let name): "this \(name)"
            }
        }
    }

    /// Checks the fields of one `{ … }` against a schema.
    mutating func checkBlock(_ tree: SyntaxTree, _ block: BlockNode, fields specs: [FieldSpec], plans: [FieldPlan],
                             lookup: [Int8], owner: Owner, description: BlockDescription, missingAt: SourceRange) {
        var seen: UInt64 = 0
        resetBlockDates(count: plans.count)
        for field in tree.fields(of: block) {
            guard let specIndex = schemas.fieldIndex(field.name, in: lookup) else {
                unknownField(tree, field, specs: specs, description: description)
                continue
            }
            let plan = plans[specIndex]
            let bit: UInt64 = 1 << UInt64(specIndex)
            if seen & bit != 0 && !plan.list {
                let spec = specs[specIndex]
                let first = firstOccurrence(of: field.name, in: tree, block) ?? field.nameStart
                report(.error(.duplicateField, "field '\(spec.name)' is given twice in \(description.text(interner))",
                              at: tree.range(field.nameStart, field.nameEnd), label: "given again here",
                              notes: [DiagnosticNote("first given here", at: tree.range(first, first + (field.nameEnd - field.nameStart)))],
                              help: "'\(spec.name)' takes one value; keep one of the lines"))
                continue
            }
            seen |= bit
            // The rest of a line with a syntax error was already reported.
            if field.isDamaged { continue }
            let values = tree.values(of: field)
            if !plan.list && values.count > 1 {
                let spec = specs[specIndex]
                let second = values[values.startIndex + 1]
                report(.error(.tooManyValues, "field '\(spec.name)' takes one value, not a list",
                              at: tree.range(second.start, values.last!.end), label: "extra values",
                              help: spec.type == .jurisdiction ? "record one \(spec.name) per entity" : "keep one value"))
            }
            for value in values {
                var date: CapDate? = nil
                switch quickCheck(tree, value, plan) {
                case .valid: break
                case .validDate(let d): date = d
                case .unsure: date = checkValue(tree, value, spec: specs[specIndex], owner: owner)
                }
                if let date, blockDates[specIndex] == nil {
                    blockDates[specIndex] = (date, tree.range(value.start, value.end))
                }
            }
            if plan.list && values.count > 1 { warnDuplicates(tree, values, spec: specs[specIndex]) }
        }
        for (i, plan) in plans.enumerated() where plan.required && seen & (1 << UInt64(i)) == 0 {
            let spec = specs[i]
            // A required field the data's schema added: where it was made required.
            let notes = spec.declaredAt.map { [DiagnosticNote("'\(spec.name)' is required by this declaration", at: $0)] } ?? []
            report(.error(.missingField, "\(description.text(interner)) has no '\(spec.name)'", at: missingAt,
                          label: "missing '\(spec.name)'", notes: notes,
                          help: "add a line '\(spec.name) …' with \(spec.type.phrase)"))
        }
    }

    /// `languages en, fr, en`: harmless but almost always a slip.
    private mutating func warnDuplicates(_ tree: SyntaxTree, _ values: ArraySlice<ValueNode>, spec: FieldSpec) {
        for (offset, v) in values.enumerated() where v.kind == .identifier {
            // Lists are short: a quadratic scan beats hashing here.
            if let first = values.prefix(offset).first(where: { $0.kind == .identifier && $0.payload == v.payload }) {
                report(.warning(.duplicateListValue, "'\(name(v.payload))' appears twice in '\(spec.name)'",
                                at: tree.range(v.start, v.end), label: "repeated",
                                notes: [DiagnosticNote("first here", at: tree.range(first.start, first.end))],
                                help: "remove one of them"))
            }
        }
    }

    /// Found again only when a duplicate is reported, so the common case
    /// keeps no bookkeeping.
    private func firstOccurrence(of name: Symbol, in tree: SyntaxTree, _ block: BlockNode) -> UInt32? {
        tree.fields(of: block).first { $0.name == name }?.nameStart
    }

    private mutating func unknownField(_ tree: SyntaxTree, _ field: FieldNode, specs: [FieldSpec], description: BlockDescription) {
        let written = name(field.name)
        let names = specs.map(\.name)
        let suggestion = EditDistance.suggestions(for: written, among: names, limit: 1).first
        let range = tree.range(field.nameStart, field.nameEnd)
        report(.error(.unknownField, "\(description.text(interner)) has no field '\(written)'", at: range,
                      label: "unknown field",
                      help: suggestion.map { "did you mean '\($0)'?" } ?? "its fields are " + names.orList,
                      fixIts: suggestion.map { [FixIt(range: range, replacement: $0)] } ?? []))
    }

    /// A word the data added to an enumeration that is also an entity's id:
    /// in a query the bare word would name the entity, not the word.
    private mutating func checkEnumerationWords() {
        for e in schemas.schema.enums {
            for (word, declared) in e.declaredWords.sorted(by: { ($0.value.file, $0.value.start, $0.key) < ($1.value.file, $1.value.start, $1.key) }) {
                guard let symbol = interner.lookup(word), let entity = table.lookup(symbol) else { continue }
                let ref = table.refs[entity]
                let node = workspace.tree(ref.file).entities[Int(ref.index)]
                report(.error(.enumerationWordClash, "'\(word)', a word of \(e.name), is also the id of \(table.kinds[entity].rawValue) '\(word)'",
                              at: declared, label: "adds '\(word)'",
                              notes: [DiagnosticNote("the \(table.kinds[entity].rawValue) is declared here",
                                                     at: SourceRange(file: ref.file, start: node.idStart, end: node.idEnd))],
                              help: "rename the \(table.kinds[entity].rawValue) or choose another word"))
            }
        }
    }

    /// The date a `since` reference compares with (a member's `joined`),
    /// read while declaring, so that events can be checked against it as
    /// they are checked, in any file order.
    private func joinedDate(_ tree: SyntaxTree, _ entity: EntityNode, field: String) -> (date: CapDate, range: SourceRange)? {
        guard let joinedSymbol = interner.lookup(field) else { return nil }
        for field in tree.fields(of: tree.blocks[Int(entity.block)]) where field.name == joinedSymbol {
            guard field.valueCount == 1, let value = tree.values(of: field).first,
                  value.kind == .date || value.kind == .integer else { return nil }
            let bytes = workspace.sources[tree.file].bytes
            guard let date = try? CapDate.parse(bytes[Int(value.start)..<Int(value.end)]) else { return nil }
            return (date, tree.range(value.start, value.end))
        }
        return nil
    }

    /// An event organised by a member before it joined is suspicious, not
    /// impossible (it may have worked with the coalition earlier): a warning.
    mutating func checkOrganiser(member: Int, event: Int, date: CapDate, at range: SourceRange, field: String) {
        // `date.isDefinitelyBefore(join.date)`, read from one array for the
        // organisers who joined before (nearly all of them).
        guard date.lastDay < Int(joinedFirstDay[member]) else { return }
        let ref = table.refs[member], tree = workspace.tree(ref.file)
        let (memberKind, eventKind) = (table.kinds[member], table.kinds[event])
        guard let since = schemas.sinceField[memberKind.index],
              let join = joinedDate(tree, tree.entities[Int(ref.index)], field: since) else { return }
        let memberName = name(table.ids[member]), eventName = name(table.ids[event])
        report(.warning(.beforeJoining,
                        "\(memberKind.rawValue) '\(memberName)' is in the \(field) of \(eventKind.rawValue) '\(eventName)' (\(date)), before its '\(since)' (\(join.date))",
                        at: range, label: "before its '\(since)'",
                        notes: [DiagnosticNote("'\(memberName)' has '\(since)' \(join.date) here", at: join.range)],
                        help: "check the \(eventKind.rawValue)'s date or the \(memberKind.rawValue)'s '\(since)' date"))
    }
}

extension Workspace {
    /// When an include could not be read, the ids it declared are missing
    /// too, and every reference to them said "no member has the id …", with
    /// did-you-mean advice that does not apply, in a screen of errors that
    /// could come before the include's own. Those references become notes
    /// on the include's diagnostic: fix it, and they resolve.
    package func foldUnreadIncludes() {
        let unread: Set<String> = ["E0501", "E0503", "E0504", "E0505", "E0601", "E0602"]
        guard let root = diagnostics.diagnostics.firstIndex(where: { unread.contains($0.code.id) && $0.range != nil }) else { return }
        diagnostics.fold(rootOf: { $0.code == .unknownReference ? root : nil }) {
            DiagnosticNote("an id used here may be declared in the file that was not read: \($0.message)", at: $0.range)
        }
    }

    /// When an id is declared twice, references to it find the first
    /// declaration, and those that meant the second were refused as "a
    /// member, but 'tags' takes tag", advice that does not apply. They
    /// become notes on the repeated id's diagnostic: rename one, and they
    /// resolve.
    package func foldDuplicateIdReferences() {
        var rootByDeclaration: [SourceRange: Int] = [:]
        for (i, d) in diagnostics.diagnostics.enumerated() where d.code == .duplicateIdentifier {
            for range in [d.range] + d.notes.map(\.range) {
                if let range, rootByDeclaration[range] == nil { rootByDeclaration[range] = i }
            }
        }
        guard !rootByDeclaration.isEmpty else { return }
        diagnostics.fold(rootOf: { d in
            guard d.code == .wrongReferenceKind else { return nil }
            return d.notes.lazy.compactMap { $0.range.flatMap { rootByDeclaration[$0] } }.first
        }) {
            DiagnosticNote("because the id is used twice, this reference finds the first: \($0.message)", at: $0.range)
        }
    }
}
