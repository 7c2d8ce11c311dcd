import CapBase
import CapSyntax
import CapSchema
import CapRuntime
import CapAnalysis

/// Static checks of scripts before anything runs.
///
/// Every expression in every statement (including `let` bodies no rule uses)
/// is walked with the types the schema gives: an unknown field in a query,
/// a misspelt collection, a date compared with a string or an unknown stage
/// is reported at check time, with "did you mean", instead of surfacing
/// only when (and if) that line runs.
package struct ScriptChecker {
    let program: Program
    var workspace: Workspace { program.workspace }

    package init(program: Program) { self.program = program }

    /// What the checker knows of a value. `any` where it cannot know (a
    /// function parameter): then nothing is reported.
    package indirect enum Kind: Equatable, Sendable {
        case any, none, bool, number, string, date, jurisdiction, language, word
        /// Entities of these kinds (bit per `EntityKindName.index`).
        case entity(UInt64)
        case list(Kind)
        case record([String: Kind])
        case groups(Kind)

        var name: String {
            switch self {
            case .any: "value"
            case .none: "none"
            case .bool: "boolean"
            case .number: "number"
            case .string: "string"
            case .date: "date"
            case .jurisdiction: "country"
            case .language: "language"
            case .word: "word"
            case .entity: "entity"
            case .list: "list"
            case .record: "record"
            case .groups: "groups"
            }
        }

        /// The whole type, for `:type` at the REPL.
        func description(_ schema: Schema) -> String {
            switch self {
            case .entity(let mask):
                let kinds = Walk.kinds(in: mask, schema)
                return kinds.count == schema.kinds.count ? "entity" : kinds.map(\.rawValue).joined(separator: " or ")
            case .list(let element): return "[\(element.description(schema))]"
            case .record(let fields):
                return "{" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.description(schema))" }.joined(separator: ", ") + "}"
            case .groups(let element): return "groups of \(element.description(schema))"
            default: return name
            }
        }
    }

    package struct Scope {
        var element: Kind?
        var locals: Set<String> = []

        package init(element: Kind? = nil, locals: Set<String> = []) {
            self.element = element
            self.locals = locals
        }
    }

    package func check() {
        check(program.statements)
    }

    /// Checks these statements (all of a run, or one input at the REPL).
    package func check(_ statements: [Statement]) {
        DeepStack.run { () -> Void in walk(statements) }
    }

    private func walk(_ statements: [Statement]) {
        // One walk for all statements: each binding is inferred once, so a
        // cycle is reported once.
        var checker = Walk(program: program, reported: [])
        for statement in statements {
            switch statement.kind {
            case .binding(let name, let nameRange, let parameters, let value):
                if parameters.isEmpty, let binding = program.evaluator.bindings[name] {
                    _ = checker.bindingKind(binding, at: nameRange)
                } else {
                    _ = checker.infer(value, Scope(locals: Set(parameters)))
                }
            case .assertion(let e, _):
                let k = checker.infer(e, Scope())
                if k != .bool && k != .any {
                    checker.report(.error(.operandMismatch, "a rule must be true or false, not \(k.name.withArticle)", at: e.range,
                                          help: "end the pipeline with all, any, or a comparison such as | count == 35"))
                }
            case .print(let e), .expression(let e):
                _ = checker.infer(e, Scope())
            }
        }
        program.scriptNames = checker.names
    }

    /// What the checker knows of an expression's value, as `:type` shows
    /// it: `[member]`, `{name: string, count: number}`. Problems found on
    /// the way are reported as usual.
    package func describe(_ e: Expr) -> String {
        DeepStack.run { () -> String in
            var checker = Walk(program: program, reported: [])
            return checker.infer(e, Scope()).description(workspace.schema)
        }
    }


    /// One walk; remembers where it reported, so one mistake is one message.
    /// A place is a file and an offset: by the offset alone, a message in one
    /// file silenced another file's at the same offset (found by `cap fmt`'s
    /// check, which moved the offsets of one file and saw a message appear).
    package struct Walk {
        let program: Program
        var reported: Set<UInt64>
        var bindingKinds: [String: Kind] = [:]
        var inProgress: Set<String> = []
        var nesting = 0
        /// What each name resolved to (`ScriptNames`).
        var names = ScriptNames()

        package init(program: Program, reported: Set<UInt64>) {
            self.program = program
            self.reported = reported
        }

        var workspace: Workspace { program.workspace }
        var evaluator: Evaluator { program.evaluator }

        mutating func report(_ d: Diagnostic) {
            guard let r = d.range, reported.insert(UInt64(r.file) << 32 | UInt64(r.start)).inserted else { return }
            workspace.diagnostics.add(d)
        }

        static func mask(_ kinds: [EntityKindName]) -> UInt64 { kinds.reduce(0) { $0 | 1 << UInt64($1.index) } }

        static func kinds(in mask: UInt64, _ schema: Schema) -> [EntityKindName] {
            schema.kinds.map(\.name).filter { mask & (1 << UInt64($0.index)) != 0 }
        }

        /// The kinds in `mask` whose schema declares the field `name`.
        static func kinds(having name: String, in mask: UInt64, _ schema: Schema) -> [EntityKindName] {
            kinds(in: mask, schema).filter { schema[$0].field(named: name) != nil }
        }

        /// A record that contains itself is followed this deep, then its
        /// fields are `any`.
        static let recordDepth = 8

        static func kind(of type: ValueType, _ schema: Schema, depth: Int = 0) -> Kind {
            switch type {
            case .string, .url, .email: .string
            case .integer: .number
            // A range of numbers (85..90) is a record of its two ends.
            case .number: .any
            case .boolean: .bool
            case .date, .when: .date
            case .jurisdiction: .jurisdiction
            case .language: .language
            case .enumeration: .word
            case .reference(let kinds): .entity(mask(kinds))
            case .referenceOrJurisdiction, .binding: .any
            case .record(let r):
                depth >= recordDepth ? .any
                    : .record(Dictionary(uniqueKeysWithValues: schema.record(r).fields.map { ($0.name, kind(of: $0, schema, depth: depth + 1)) }))
            }
        }

        static func kind(of spec: FieldSpec, _ schema: Schema, depth: Int = 0) -> Kind {
            spec.list ? .list(kind(of: spec.type, schema, depth: depth)) : kind(of: spec.type, schema, depth: depth)
        }

        /// The field `name` of entities of these kinds, or nil if none has it.
        static func field(_ name: String, ofEntities mask: UInt64, _ whole: Schema) -> Kind? {
            var found: Kind? = nil
            for k in kinds(in: mask, whole) {
                let schema = whole[k]
                var t: Kind? = schema.field(named: name).map { kind(of: $0, whole) }
                if t == nil {
                    switch name {
                    case "id", "file", "name", schema.headerName: t = .string
                    case "line": t = .number
                    case "type": t = .word
                    default: break
                    }
                }
                guard let t else { continue }
                found = found == nil || found == t ? t : .any
            }
            return found
        }

        package static func fieldNames(ofEntities mask: UInt64, _ schema: Schema) -> [String] {
            var names = Model.builtinFields
            for k in kinds(in: mask, schema) { names += schema[k].fields.map(\.name) + [schema[k].headerName] }
            return Array(Set(names)).sorted()
        }

        // MARK: Inference

        mutating func infer(_ e: Expr, _ scope: Scope) -> Kind {
            // As deep as the evaluator goes, and no deeper: past that the
            // evaluator reports the limit (E0708) if the code ever runs.
            nesting += 1
            defer { nesting -= 1 }
            if nesting > evaluator.limits.maxNesting { return .any }
            switch e.kind {
            case .integer, .decimal: return .number
            case .string: return .string
            case .interpolation(let parts):
                for case .expr(let x) in parts { _ = infer(x, scope) }
                return .string
            case .boolean: return .bool
            case .none: return .none
            case .date, .dateTime, .dateRange: return .date
            case .it:
                if let element = scope.element { return element }
                report(.error(.unknownName, "'it' means the current item, and only exists inside a pipeline stage",
                              at: e.range, help: "use it in a stage, e.g. members | where it != kafa"))
                return .any
            case .error: return .any
            case .name(let name): return resolve(name, e.range, scope)
            case .member(let base, let name, let range): return member(infer(base, scope), name, range)
            case .call(let name, let args, let range): return call(name, args, range, e.range, scope)
            case .unary(let op, let x):
                let k = infer(x, scope)
                return op == .not ? .bool : k
            case .binary(let op, let l, let r): return binary(op, l, r, scope, e.range)
            case .list(let items):
                let kinds = items.map { infer($0, scope) }
                return .list(kinds.first.map { first in kinds.allSatisfy { $0 == first } ? first : .any } ?? .any)
            case .record(let fields):
                var out: [String: Kind] = [:]
                for (k, v) in fields { out[k] = infer(v, scope) }
                return .record(out)
            case .pipeline(let head, let stages):
                var k = infer(head, scope)
                for stage in stages { k = apply(stage, k, scope) }
                return k
            }
        }

        package mutating func resolve(_ name: String, _ range: SourceRange, _ scope: Scope) -> Kind {
            if let element = scope.element {
                var k: Kind? = nil
                switch element {
                case .entity(let mask): k = Self.field(name, ofEntities: mask, workspace.schema)
                case .record(let fields): k = fields[name]
                case .date: if ["year", "month", "day"].contains(name) { k = .number }
                case .jurisdiction: k = Self.placeField(name)
                case .any: k = .any  // the element could have any field
                default: break
                }
                if let k {
                    var kinds: [EntityKindName] = []
                    if case .entity(let mask) = element { kinds = Self.kinds(having: name, in: mask, workspace.schema) }
                    names.record(range, .field(name, kinds: kinds))
                    return k
                }
            }
            if scope.locals.contains(name) {
                names.record(range, .parameter(name))
                return .any
            }
            if let binding = evaluator.bindings[name] {
                names.record(range, .binding(name, binding.nameRange))
                if !binding.parameters.isEmpty {
                    report(.error(.argumentCount, "'\(name)' takes \(binding.parameters.count) argument\(binding.parameters.count == 1 ? "" : "s")",
                                  at: range, help: "call it as \(name)(\(binding.parameters.joined(separator: ", ")))"))
                    return .any
                }
                return bindingKind(binding, at: range)
            }
            if name == "today" { names.record(range, .today); return .date }
            if let kind = program.model.collectionNames[name] {
                names.record(range, .collection(kind))
                return .list(.entity(1 << UInt64(kind.index)))
            }
            if name == "entities" { names.record(range, .allEntities); return .list(.entity(UInt64.max)) }
            if let entity = program.model.entity(named: name) {
                names.record(range, .entity(entity))
                return .entity(1 << UInt64(program.model.kind(entity).index))
            }
            if program.model.enumWords.contains(name) || Currencies.contains(name) { names.record(range, .word); return .word }
            if Jurisdictions.lookup(code: name) != nil { names.record(range, .jurisdiction); return .jurisdiction }
            if Languages.lookup(code: name) != nil { names.record(range, .language); return .language }
            var candidates = Array(program.model.collectionNames.keys) + Array(evaluator.bindings.keys) + Array(scope.locals)
                + Array(program.model.enumWords)
            if case .entity(let mask) = scope.element { candidates += Self.fieldNames(ofEntities: mask, workspace.schema) }
            if case .record(let fields) = scope.element { candidates += fields.keys }
            let near = EditDistance.suggestions(for: name, among: candidates, limit: 1).first
            report(.error(.unknownName, "unknown name '\(name)'", at: range, label: "not a field, binding or collection",
                          help: near.map { "did you mean '\($0)'?" }
                              ?? "names are fields of the current item, let bindings, collections (members, events, …), entity ids, words and codes",
                          fixIts: near.map { [FixIt(range: range, replacement: $0)] } ?? []))
            return .any
        }

        mutating func bindingKind(_ binding: Evaluator.Binding, at range: SourceRange) -> Kind {
            if let k = bindingKinds[binding.name] { return k }
            guard inProgress.insert(binding.name).inserted else {
                // Reported where the cycle closes, whether or not anything uses it.
                report(.error(.cyclicBinding, "'\(binding.name)' depends on itself", at: range,
                              notes: [DiagnosticNote("'\(binding.name)' is defined here", at: binding.nameRange)],
                              help: "a value cannot be defined in terms of itself; a let function can call itself"))
                bindingKinds[binding.name] = .any
                return .any
            }
            let k = infer(binding.body, Scope())
            inProgress.remove(binding.name)
            bindingKinds[binding.name] = k
            return k
        }

        package mutating func member(_ base: Kind, _ name: String, _ range: SourceRange) -> Kind {
            switch base {
            case .any, .none: return .any
            case .list(let inner):
                let k = member(inner, name, range)
                if case .list = k { return k }
                return k == .any ? .any : .list(k)
            case .entity(let mask):
                if let k = Self.field(name, ofEntities: mask, workspace.schema) {
                    names.record(range, .field(name, kinds: Self.kinds(having: name, in: mask, workspace.schema)))
                    return k
                }
                let names = Self.fieldNames(ofEntities: mask, workspace.schema)
                let near = EditDistance.suggestions(for: name, among: names, limit: 1).first
                let kinds = Self.kinds(in: mask, workspace.schema).map(\.rawValue)
                report(.error(.unknownMember, "\(kinds.count == 1 ? kinds[0].withArticle : "these entities") ha\(kinds.count == 1 ? "s" : "ve") no field '\(name)'",
                              at: range, label: "unknown field",
                              help: near.map { "did you mean '\($0)'?" } ?? "fields are " + names.orList,
                              fixIts: near.map { [FixIt(range: range, replacement: $0)] } ?? []))
                return .any
            case .record(let fields):
                if let k = fields[name] { return k }
                let near = EditDistance.suggestions(for: name, among: Array(fields.keys), limit: 1).first
                report(.error(.unknownMember, "this record has no field '\(name)'", at: range,
                              help: near.map { "did you mean '\($0)'?" } ?? "its fields are " + fields.keys.sorted().orList))
                return .any
            case .date:
                if ["year", "month", "day"].contains(name) { return .number }
            case .jurisdiction:
                if let k = Self.placeField(name) { return k }
            case .language:
                if ["code", "name"].contains(name) { return .string }
            default: break
            }
            let fields: [String] = switch base {
            case .date: ["year", "month", "day"]
            case .jurisdiction: Self.placeFields.keys.sorted()
            case .language: ["code", "name"]
            default: []
            }
            report(.error(.unknownMember, "\(base.name.withArticle) has no field '\(name)'", at: range,
                          help: fields.isEmpty ? nil : "its fields are " + fields.orList))
            return .any
        }

        mutating func call(_ name: String, _ args: [Expr], _ nameRange: SourceRange, _ whole: SourceRange, _ scope: Scope) -> Kind {
            let kinds = args.map { infer($0, scope) }
            if let binding = evaluator.bindings[name] {
                names.record(nameRange, .binding(name, binding.nameRange))
                if binding.parameters.count != args.count {
                    report(.error(.argumentCount, "'\(name)' takes \(binding.parameters.count) argument\(binding.parameters.count == 1 ? "" : "s"), not \(args.count)",
                                  at: whole, notes: [DiagnosticNote("'\(name)' is defined here", at: binding.nameRange)]))
                }
                return .any
            }
            if Evaluator.builtins[name] != nil { names.record(nameRange, .builtin) }
            guard let spec = Evaluator.builtins[name] else {
                report(.error(.unknownFunction, "unknown function '\(name)'", at: nameRange,
                              help: NameResolution.functionSuggestion(name, evaluator: evaluator)))
                return .any
            }
            if !spec.arguments.contains(args.count) {
                report(.error(.argumentCount, "'\(name)' takes \(Evaluator.describe(spec.arguments)), not \(args.count)",
                              at: whole, help: "\(name): \(spec.summary)"))
            }
            // `contains(joined, 2017)` fails on every item it meets, and
            // would stop a rule only when it runs: said here, once.
            let needsStrings = name == "contains" ? 0..<2 : name == "lower" || name == "upper" || name == "length" ? 0..<1 : 0..<0
            for i in needsStrings where i < args.count && !Self.mayBeString(kinds[i]) {
                report(.error(.operandMismatch, "'\(name)' needs a string, not \(kinds[i].name.withArticle)", at: args[i].range,
                              label: kinds[i].name,
                              help: kinds[i] == .date ? "compare dates directly (joined == 2017), or make text of the value with string(x)" : "make text of the value with string(x)"))
            }
            switch name {
            case "year", "month", "day", "age", "count", "length", "days_between", "months_between", "years_between": return .number
            case "today": return .date
            case "before", "after", "between", "contains", "certainly", "possibly": return .bool
            default: return .string
            }
        }

        /// The fields of a country or subdivision value, as
        /// `Evaluator.fieldOf` reads them.
        package static let placeFields: [String: Kind] = [
            "code": .string, "name": .string, "alpha3": .string,
            "country": .jurisdiction, "parent": .jurisdiction, "subdivision": .bool,
            "region": .string, "subregion": .string, "intermediate_region": .string,
        ]

        static func placeField(_ name: String) -> Kind? { placeFields[name] }

        /// The place fields whose values are UN M49 region names.
        static let regionFields: Set<String> = ["region", "subregion", "intermediate_region"]

        /// Whether a value of this kind can be a string when it runs: what
        /// the checker cannot know (`any`) or `none` (a missing field) may.
        static func mayBeString(_ kind: Kind) -> Bool {
            switch kind {
            case .string, .any, .none: return true
            default: return false
            }
        }

        mutating func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ scope: Scope, _ range: SourceRange) -> Kind {
            let a = infer(l, scope), b = infer(r, scope)
            switch op {
            case .and, .or: return .bool
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
                // `country == "Swedn"` would be silently false: check the name.
                for (side, other) in [(a, r), (b, l)] where side == .jurisdiction {
                    if case .string(let text) = other.kind, Jurisdictions.lookup(text) == nil {
                        let near = Jurisdictions.suggestions(for: text, limit: 3)
                        report(.error(.unknownJurisdiction, "unknown country or territory '\(Excerpt.of(text))'", at: other.range,
                                      help: near.isEmpty ? "use an ISO code such as SE, or an English name" : "did you mean " + near.map { "\"\($0.name)\"" }.orList + "?"))
                    }
                }
                // So would `country.region == "Eurpoe"`.
                for (side, other) in [(l, r), (r, l)] {
                    guard case .member(let base, let field, _) = side.kind, Self.regionFields.contains(field),
                          case .string(let text) = other.kind, Regions.lookup(name: text) == nil else { continue }
                    switch infer(base, scope) {
                    case .jurisdiction, .list(.jurisdiction): break
                    default: continue
                    }
                    let near = EditDistance.suggestions(for: text, among: Regions.all.map(\.name), limit: 3)
                    report(.error(.unknownJurisdiction, "unknown UN M49 region '\(Excerpt.of(text))'", at: other.range,
                                  help: near.isEmpty ? "regions are named as in UN M49: \"Europe\", \"Northern Europe\", \"Sub-Saharan Africa\""
                                      : "did you mean " + near.map { "\"\($0)\"" }.orList + "?"))
                }
                if !Self.comparable(a, b, ordered: op != .equal && op != .notEqual) {
                    // Never equal, so '!=' always holds: as useless, and
                    // as silently, the other way round.
                    let verdict = op == .notEqual ? "is always true" : "is never true"
                    report(.error(.operandMismatch, "comparing \(a.name.withArticle) with \(b.name.withArticle) \(verdict)", at: range,
                                  label: "\(a.name) \(op.rawValue) \(b.name)",
                                  help: a == .date || b == .date ? "write dates without quotes: 2017-03-14" : nil))
                }
                return .bool
            case .in, .notIn:
                // `"SE" in members` is never true: no string equals a member.
                if case .list(let element) = b, !Self.comparable(a, element, ordered: false) {
                    let plural = element.name == "entity" ? "entities" : element.name + "s"
                    report(.error(.operandMismatch,
                                  "\(a.name.withArticle) is never in a list of \(plural): '\(op.rawValue)' is always \(op == .in ? "false" : "true")",
                                  at: range, label: "\(a.name) \(op.rawValue) list of \(plural)",
                                  help: a == .date || element == .date ? "write dates without quotes: 2017-03-14" : nil))
                    return .bool
                }
                switch b {
                case .any, .list, .groups, .date, .number, .string, .none: return .bool
                case .jurisdiction where [.jurisdiction, .string, .word, .any, .none].contains(a): return .bool
                default:
                    report(.error(.operandMismatch, "cannot look for a value in \(b.name.withArticle)", at: range,
                                  help: "'in' looks in a list, a date range, a coarser date, a country or a string"))
                    return .bool
                }
            default:
                if op == .add && (a == .string || b == .string) { return .string }
                if case .list = a, op == .add { return a }
                return .number
            }
        }

        /// Whether two kinds can ever be compared: dates with dates (and
        /// year numbers), codes with words and strings, and so on.
        static func comparable(_ a: Kind, _ b: Kind, ordered: Bool) -> Bool {
            if a == .any || b == .any { return true }
            if !ordered && (a == .none || b == .none) { return true }
            switch (a, b) {
            case (.number, .number), (.string, .string), (.date, .date), (.bool, .bool): return !ordered || a != .bool
            case (.date, .number), (.number, .date): return true
            case (.jurisdiction, .jurisdiction), (.jurisdiction, .string), (.string, .jurisdiction),
                 (.jurisdiction, .word), (.word, .jurisdiction),
                 (.language, .language), (.language, .string), (.string, .language), (.language, .word), (.word, .language),
                 (.word, .word), (.word, .string), (.string, .word):
                return !ordered
            case (.entity, .entity), (.list, .list): return !ordered
            // Figures (records with a value and a unit) order with one another and with numbers.
            case (.record, .record): return true
            case (.record, .number), (.number, .record): return ordered
            default: return false
            }
        }

        mutating func apply(_ stage: Stage, _ input: Kind, _ scope: Scope) -> Kind {
            if let spec = Evaluator.stages[stage.name], !spec.arguments.contains(stage.arguments.count) {
                report(.error(.argumentCount, "'\(stage.name)' takes \(Evaluator.describe(spec.arguments)), not \(stage.arguments.count)",
                              at: stage.range, help: "\(stage.name): \(spec.summary)"))
                return .any
            }
            guard Evaluator.stages[stage.name] != nil else {
                if let binding = evaluator.bindings[stage.name] {
                    for a in stage.arguments { _ = infer(a, scope) }
                    if binding.parameters.count != stage.arguments.count + 1 {
                        report(.error(.argumentCount, "'\(stage.name)' as a stage takes \(max(0, binding.parameters.count - 1)) argument\(binding.parameters.count == 2 ? "" : "s") after its input, not \(stage.arguments.count)",
                                      at: stage.range, notes: [DiagnosticNote("'\(stage.name)' is defined here", at: binding.nameRange)]))
                    }
                    return .any
                }
                report(.error(.unknownFunction, "unknown stage '\(stage.name)'", at: stage.nameRange,
                              help: NameResolution.stageSuggestion(stage.name, evaluator: evaluator)))
                return .any
            }
            if case .groups(let item) = input, Evaluator.perGroup.contains(stage.name) {
                let inner = apply(stage, .list(item), scope)
                return .list(.record(["key": .any, stage.name: inner]))
            }
            let item: Kind
            switch input {
            case .list(let k): item = k
            case .groups: item = .record(["key": .any, "count": .number, "items": .any])
            case .any, .none: item = .any
            default:
                report(.error(.operandMismatch, "'\(stage.name)' works on a list, not \(input.name.withArticle)", at: stage.nameRange,
                              help: "start the pipeline with a collection such as members or events"))
                return .any
            }
            var inner = scope
            inner.element = item
            var argKinds: [Kind] = []
            for (i, a) in stage.arguments.enumerated() {
                // first/last take a count, evaluated outside the items.
                let k = ["first", "last"].contains(stage.name) ? infer(a, scope) : infer(a, inner)
                argKinds.append(k)
                if ["where", "any", "all", "count"].contains(stage.name), k != .bool, k != .any {
                    report(.error(.operandMismatch, "'\(stage.name)' needs a condition, not \(k.name.withArticle)", at: stage.arguments[i].range,
                                  help: "write a comparison, e.g. \(stage.name) joined == 2017"))
                }
            }
            switch stage.name {
            case "where", "sort", "distinct", "reverse": return .list(item)
            case "map": return .list(argKinds.first ?? .any)
            case "group": return .groups(item)
            case "count", "sum", "avg": return .number
            case "first", "last": return stage.arguments.isEmpty ? item : .list(item)
            case "min", "max": return argKinds.first ?? item
            case "any", "all": return .bool
            default:  // flatten
                if case .list(let inner) = item { return .list(inner) }
                return .list(.any)
            }
        }
    }
}
