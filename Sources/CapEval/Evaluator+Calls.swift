import CapBase
import CapValues
import CapSyntax
import CapSchema
import CapRuntime

/// Built-in functions and calls to `let` functions.
extension Evaluator {
    public static let builtins: [String: (arguments: ClosedRange<Int>, summary: String)] = [
        "year": (1...1, "the year of a date"),
        "month": (1...1, "the month of a date (none for a year-only date)"),
        "day": (1...1, "the day of a date (none when not known)"),
        "today": (0...0, "today's date"),
        "age": (1...1, "whole years from a date to today"),
        "before": (2...2, "whether a date is certainly before another"),
        "after": (2...2, "whether a date is certainly after another"),
        "between": (3...3, "whether a date lies between two dates (inclusive)"),
        "certainly": (1...1, "whether a condition certainly holds: false where partial dates leave it undecided"),
        "possibly": (1...1, "whether a condition may hold: true where partial dates leave it undecided"),
        "days_between": (2...2, "whole days from one date to another, unknown unless both are single days"),
        "months_between": (2...2, "calendar months from one date to another, unknown unless the dates' months are known"),
        "years_between": (2...2, "calendar years from one date to another, unknown unless the dates' years are known"),
        "count": (1...1, "the number of items in a list"),
        "length": (1...1, "the number of characters in a string"),
        "lower": (1...1, "a string in lower case"),
        "upper": (1...1, "a string in upper case"),
        "contains": (2...2, "whether a string contains another"),
        "string": (1...1, "a value as text"),
    ]

    func call(_ name: String, _ args: [Expr], at nameRange: SourceRange, whole: SourceRange, _ scope: Scope) throws(Failure) -> Value {
        if let binding = bindings[name] {
            guard binding.parameters.count == args.count else {
                throw fail(.argumentCount, "'\(name)' takes \(binding.parameters.count) argument\(binding.parameters.count == 1 ? "" : "s"), not \(args.count)",
                           at: whole, notes: [DiagnosticNote("'\(name)' is defined here", at: binding.nameRange)])
            }
            var values: [Value] = []
            for a in args { values.append(try eval(a, scope)) }
            return try invoke(binding, values, at: whole)
        }
        guard let spec = Self.builtins[name] else {
            throw fail(.unknownFunction, "unknown function '\(name)'", at: nameRange,
                       help: NameResolution.functionSuggestion(name, evaluator: self))
        }
        guard spec.arguments.contains(args.count) else {
            throw fail(.argumentCount, "'\(name)' takes \(Self.describe(spec.arguments)), not \(args.count)", at: whole,
                       help: "\(name): \(spec.summary)")
        }
        var v: [Value] = []
        for a in args { v.append(try eval(a, scope)) }
        func date(_ i: Int) throws(Failure) -> CapDate? {
            if v[i].isNone { return nil }
            guard let d = Comparison.date(v[i]) else {
                throw fail(.operandMismatch, "'\(name)' needs a date, not \(v[i].typeName.withArticle)", at: args[i].range)
            }
            return d
        }
        func string(_ i: Int) throws(Failure) -> String {
            guard case .string(let s) = v[i] else {
                throw fail(.operandMismatch, "'\(name)' needs a string, not \(v[i].typeName.withArticle)", at: args[i].range)
            }
            return s
        }
        switch name {
        case "year", "month", "day":
            guard let d = try date(0) else { return .none }
            return fieldOf(.date(d), name) ?? .none
        case "today": return .date(today)
        case "age":
            guard let d = try date(0) else { return .none }
            // How old an approximate or bounded date is: as its difference.
            guard d.isExact else { return .unknown }
            var years = today.year - d.year
            if d.month != 0, (today.month, today.day) < (d.month, max(d.day, 1)) { years -= 1 }
            return .int(Int64(years))
        case "before", "after":
            guard try date(0) != nil, try date(1) != nil else { return .none }
            return (Comparison.order(v[0], name == "before" ? .less : .greater, v[1]) ?? .unknown).value
        case "between":
            guard try date(0) != nil, try date(1) != nil, try date(2) != nil else { return .none }
            return ((Comparison.order(v[0], .greaterEqual, v[1]) ?? .unknown) && (Comparison.order(v[0], .lessEqual, v[2]) ?? .unknown)).value
        case "certainly", "possibly":
            // The two readings of a three-valued condition, made explicit:
            // neither is ever unknown, so `where` and `assert` over them
            // decide every item and warn of nothing.
            let t = try truth(v[0], at: args[0].range)
            return .bool(name == "certainly" ? t == .yes : t != .no)
        case "days_between", "months_between", "years_between":
            guard try date(0) != nil, try date(1) != nil, let a = Comparison.period(v[0]), let b = Comparison.period(v[1]) else { return .none }
            let unit: DateDifference.Unit = name == "days_between" ? .days : name == "months_between" ? .months : .years
            return DateDifference.between(a, b, in: unit).map { Value.int(Int64($0)) } ?? Value.unknown
        case "count":
            switch v[0] {
            case .list(let items): return .int(Int64(items.count))
            case .groups(let g): return .int(Int64(g.count))
            case .none: return .int(0)
            default: throw fail(.operandMismatch, "'count' needs a list, not \(v[0].typeName.withArticle)", at: args[0].range)
            }
        case "length":
            guard !v[0].isNone else { return .none }
            let s = try string(0)
            try spend(bytes: s.utf8.count, whole)
            return .int(Int64(s.count))
        case "lower", "upper":
            let s = try string(0)
            try holdText(s.utf8.count, whole)
            try spend(bytes: s.utf8.count, whole)
            return .string(name == "lower" ? s.lowercased() : s.uppercased())
        case "contains":
            // Scanning costs its length times the length looked for: a
            // 64 MB string took 6 s as one step.
            let s = try string(0), sub = try string(1)
            try spend((s.utf8.count >> 6) * max(1, sub.utf8.count >> 4), whole)
            return .bool(SubstringSearch.contains(s, sub))
        default:  // string
            try holdText(try spellable(v[0], whole), whole)
            return .string(display(v[0]))
        }
    }

    /// Calls the top-level `let` function `name` with `values`, as a
    /// top-level evaluation whose result is then written out: the report's
    /// statistics (CapPublish) call their queries with the report's
    /// activities and period. A function taking fewer parameters gets the
    /// first of `values`. nil when no `let` has that name.
    package func call(binding name: String, with values: [Value]) throws(Failure) -> Value? {
        guard let binding = bindings[name] else { return nil }
        held = 0
        heldText = 0
        largestText = nil
        let arguments = Array(values.prefix(binding.parameters.count))
        guard arguments.count == binding.parameters.count else {
            throw fail(.argumentCount, "'\(name)' takes \(binding.parameters.count) arguments; a statistic takes at most \(values.count)",
                       at: binding.nameRange)
        }
        let v = try DeepStack.run { () throws(Failure) -> Value in
            binding.parameters.isEmpty ? try eval(binding.body, Scope()) : try invoke(binding, arguments, at: binding.nameRange)
        }
        _ = try spellable(v, binding.body.range)
        return v
    }

    /// Runs a `let` function with its parameters bound.
    func invoke(_ binding: Binding, _ values: [Value], at range: SourceRange) throws(Failure) -> Value {
        depth += 1
        defer { depth -= 1 }
        if depth > limits.maxDepth {
            throw fail(.evaluationLimit, "calls are nested more than \(limits.maxDepth) deep", at: range,
                       help: "a function that calls itself needs a case that stops",
                       notes: [DiagnosticNote("'\(binding.name)' is defined here", at: binding.nameRange)])
        }
        var scope = Scope()
        for (name, value) in zip(binding.parameters, values) { scope.locals[name] = value }
        return try eval(binding.body, scope)
    }
}

/// How names are looked up, shared by the evaluator and the type checker,
/// and the "did you mean" that follows a miss.
package enum NameResolution {
    static func suggestion(for name: String, evaluator: Evaluator, scope: Evaluator.Scope) -> String {
        let model = evaluator.model
        var candidates = Array(model.collectionNames.keys) + Array(evaluator.bindings.keys) + Array(scope.locals.keys)
        if let element = scope.element, case .entity(let i) = element {
            let kind = model.kind(i)
            candidates += model.schema[kind].fields.map(\.name) + Model.builtinFields
        }
        if let near = EditDistance.suggestions(for: name, among: candidates + Array(model.enumWords), limit: 1).first {
            return "did you mean '\(near)'?"
        }
        return "names are fields of the current item, let bindings, collections (members, events, …), entity ids, words and codes"
    }

    static func memberHelp(_ base: Value, _ name: String, model: Model) -> String? {
        guard case .entity(let i) = base else { return nil }
        let kind = model.kind(i)
        let fields = model.schema[kind].fields.map(\.name) + Model.builtinFields
        if let near = EditDistance.suggestions(for: name, among: fields, limit: 1).first { return "did you mean '\(near)'?" }
        return "\(kind.rawValue) fields are " + fields.orList
    }

    static func functionSuggestion(_ name: String, evaluator: Evaluator) -> String {
        let candidates = Array(Evaluator.builtins.keys) + evaluator.bindings.filter { !$0.value.parameters.isEmpty }.map(\.key)
        if let near = EditDistance.suggestions(for: name, among: candidates, limit: 1).first { return "did you mean '\(near)'?" }
        return "functions are " + Evaluator.builtins.keys.sorted().orList + ", and those defined with let"
    }

    static func stageSuggestion(_ name: String, evaluator: Evaluator) -> String {
        if let near = EditDistance.suggestions(for: name, among: Array(Evaluator.stages.keys), limit: 1).first {
            return "did you mean '\(near)'?"
        }
        return "stages are " + Evaluator.stages.keys.sorted().orList
    }
}
