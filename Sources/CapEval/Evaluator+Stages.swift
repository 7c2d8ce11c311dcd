import CapBase
import CapSyntax
import CapRuntime

/// Pipeline stages: `| where …`, `| sort …`, `| group …`, `| count` …
///
/// After `group`, aggregations (count, sum, avg, min, max, first, last,
/// distinct, any, all) apply to each group and give `{key, <stage>}`
/// records; other stages see the groups as `{key, count, items}` records.
extension Evaluator {
    /// Stage names with what they take, for messages and the type checker.
    public static let stages: [String: (arguments: ClosedRange<Int>, summary: String)] = [
        "where": (1...1, "keep the items for which a condition holds"),
        "map": (1...1, "turn each item into a value"),
        "sort": (0...8, "order by the items, or by one or more keys, each optionally desc"),
        "group": (1...1, "group items by a key"),
        "count": (0...1, "how many items (matching a condition)"),
        "distinct": (0...0, "drop repeated items"),
        "first": (0...1, "the first item, or the first N"),
        "last": (0...1, "the last item, or the last N"),
        "min": (0...1, "the smallest value (of an expression)"),
        "max": (0...1, "the largest value (of an expression)"),
        "sum": (0...1, "the sum (of an expression)"),
        "avg": (0...1, "the average (of an expression)"),
        "any": (1...1, "whether a condition holds for some item"),
        "all": (1...1, "whether a condition holds for every item"),
        "reverse": (0...0, "the items in reverse order"),
        "flatten": (0...0, "a list of lists as one list"),
    ]

    static let perGroup: Set<String> = ["count", "distinct", "first", "last", "min", "max", "sum", "avg", "any", "all"]

    func apply(_ stage: Stage, to input: Value, _ scope: Scope) throws(Failure) -> Value {
        try step(stage.range)
        if let spec = Self.stages[stage.name], !spec.arguments.contains(stage.arguments.count) {
            throw fail(.argumentCount, "'\(stage.name)' takes \(Self.describe(spec.arguments)), not \(stage.arguments.count)",
                       at: stage.range, help: "\(stage.name): \(spec.summary)")
        }
        if case .groups(let groups) = input, Self.perGroup.contains(stage.name) {
            var out: [Value] = []
            for group in groups {
                out.append(.record([("key", group.key), (stage.name, try apply(stage, to: .list(group.items), scope))]))
            }
            return .list(out)
        }
        if Self.stages[stage.name] == nil { return try userStage(stage, input, scope) }
        let items = try list(input, for: stage)
        let args = stage.arguments
        func each(_ item: Value, _ e: Expr) throws(Failure) -> Value {
            var inner = scope
            inner.element = item
            return try eval(e, inner)
        }
        switch stage.name {
        case "where":
            var out: [Value] = [], undecided = 0, example: (Value, Value)? = nil
            for item in items {
                clash = nil
                switch try truth(try each(item, args[0]), at: args[0].range) {
                case .yes: out.append(item)
                case .no: break
                case .unknown:
                    undecided += 1
                    if example == nil { example = clash }
                }
            }
            if undecided > 0 { warnUndecided(undecided, of: items.count, at: stage, clash: example) }
            try hold(out.count, stage.range)
            return .list(out)
        case "map":
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try each(item, args[0])) }
            try hold(out.count, stage.range)
            return .list(out)
        case "sort":
            var keyed: [(keys: [Value], item: Value)] = []
            keyed.reserveCapacity(items.count)
            for item in items {
                var keys: [Value] = args.isEmpty ? [item] : []
                for a in args { keys.append(try each(item, a)) }
                keyed.append((keys, item))
            }
            let descending = stage.descending
            // Stable: equal keys keep their input order. Each comparison
            // is a step, and comparing strings costs their length (a list
            // of long strings took minutes as a handful of steps): the sort
            // stops when the budget is spent, or at Ctrl-C.
            var budget = max(0, limits.maxSteps - steps)
            let before = budget
            let stop = interruption
            let sorted = try? keyed.enumerated().sorted { x, y in
                for (i, (a, b)) in zip(x.element.keys, y.element.keys).enumerated() {
                    let was = budget
                    budget -= 1 + Comparison.orderCost(a, b)
                    // Ctrl-C is asked each time another 65,536 are spent.
                    if was >> 16 != budget >> 16, let stop, stop() { budget = -1 }
                    if budget < 0 { throw SortStopped() }
                    let desc = i < descending.count && descending[i]
                    // Missing values go last whichever the direction.
                    if a.isNone != b.isNone { return b.isNone }
                    if Comparison.sortsBefore(a, b) { return !desc }
                    if Comparison.sortsBefore(b, a) { return desc }
                }
                return x.offset < y.offset
            }
            try settle(before, sorted == nil ? -1 : budget, stage.range)
            guard let sorted else { throw stepsSpent(stage.range) }
            try hold(sorted.count, stage.range)
            return .list(sorted.map(\.element.item))
        case "group":
            var order: [Value] = [], buckets: [[Value]] = []
            var index: [String: Int] = [:]
            let formatter = ValueFormatter(entities: model)
            for item in items {
                let key = try each(item, args[0])
                // Items with several keys (a list field) join each group.
                for k in Self.keys(of: key) {
                    // Each key is spelled out to be compared, as `distinct`
                    // spells its items: a key made of shared lists (`[l, l]`
                    // sixty times over) was spelled without end. Its size
                    // is steps, and a new key's is text held.
                    let size = try spellable(k, stage.range)
                    let id = formatter.inline(k)
                    if let i = index[id] { buckets[i].append(item) } else {
                        try holdText(size, stage.range)
                        index[id] = buckets.count
                        order.append(k)
                        buckets.append([item])
                    }
                }
            }
            try hold(items.count, stage.range)
            return .groups(zip(order, buckets).map { (key: $0, items: $1) })
        case "count":
            guard let condition = args.first else { return .int(Int64(items.count)) }
            var n: Int64 = 0, undecided = 0, example: (Value, Value)? = nil
            for item in items {
                clash = nil
                switch try truth(try each(item, condition), at: condition.range) {
                case .yes: n += 1
                case .no: break
                case .unknown:
                    undecided += 1
                    if example == nil { example = clash }
                }
            }
            if undecided > 0 { warnUndecided(undecided, of: items.count, at: stage, clash: example) }
            return .int(n)
        case "distinct":
            var seen = Set<String>(), out: [Value] = []
            let formatter = ValueFormatter(entities: model)
            // Each item is spelled out to be compared: its size counts as
            // text held, and spelling it as steps.
            for item in items {
                try holdText(try spellable(item, stage.range), stage.range)
                if seen.insert(formatter.inline(item)).inserted { out.append(item) }
            }
            return .list(out)
        case "first", "last":
            if let countExpr = args.first {
                guard case .int(let n) = try eval(countExpr, scope), n >= 0 else {
                    throw fail(.operandMismatch, "'\(stage.name)' takes a whole number of items", at: countExpr.range)
                }
                let k = min(Int(n), items.count)
                return .list(stage.name == "first" ? Array(items.prefix(k)) : Array(items.suffix(k)))
            }
            return (stage.name == "first" ? items.first : items.last) ?? .none
        case "min", "max":
            var best: Value?
            for item in items {
                let v = args.isEmpty ? item : try each(item, args[0])
                if v.isNone { continue }
                guard let current = best else { best = v; continue }
                // Comparing long strings costs their length, in steps.
                try spend(Comparison.orderCost(v, current), stage.range)
                if stage.name == "min" ? Comparison.sortsBefore(v, current) : Comparison.sortsBefore(current, v) { best = v }
            }
            return best ?? .none
        case "sum" where args.isEmpty && items.contains(where: { Amount(figure: $0) != nil }),
             "avg" where args.isEmpty && items.contains(where: { Amount(figure: $0) != nil }):
            // Figures add up with their unit, ranges end by end.
            var total: Amount?, n = 0
            for item in items where !item.isNone {
                guard let amount = Amount(figure: item) else {
                    throw fail(.operandMismatch, "'\(stage.name)' adds figures or numbers, not a mix of figures and \(item.typeName.withArticle)s",
                               at: stage.range)
                }
                if let sum = total, !sum.sameUnit(amount) { throw mixedUnits(sum, amount, "added", at: stage.range) }
                total = total.map { $0 + amount } ?? amount
                n += 1
            }
            guard var result = total else { return .none }
            if stage.name == "avg" {
                result.low /= Double(n)
                result.high /= Double(n)
                result.whole = false
            }
            return result.record
        case "sum", "avg":
            var total: Int64 = 0, decimal = 0.0, isDecimal = false, n = 0
            for item in items {
                let v = args.isEmpty ? item : try each(item, args[0])
                switch v {
                case .int(let x):
                    let (s, o) = total.addingReportingOverflow(x)
                    if o { throw fail(.evaluationError, "the sum does not fit in 64 bits", at: stage.range) }
                    total = s
                case .double(let d): decimal += d; isDecimal = true
                case .none: continue
                default: throw fail(.operandMismatch, "'\(stage.name)' adds numbers, not \(v.typeName.withArticle)", at: stage.range,
                                    help: Amount(figure: .record([("value", v), ("unit", .none)])) != nil
                                        ? "a range of figures adds with its unit: sum the figures themselves (| sum)" : nil)
                }
                n += 1
            }
            if stage.name == "sum" { return isDecimal ? .double(Double(total) + decimal) : .int(total) }
            return n == 0 ? .none : .double((Double(total) + decimal) / Double(n))
        case "any", "all":
            var result: Truth = stage.name == "any" ? .no : .yes
            for item in items {
                let t = try truth(try each(item, args[0]), at: args[0].range)
                result = stage.name == "any" ? result || t : result && t
                if (stage.name == "any" && result == .yes) || (stage.name == "all" && result == .no) { break }
            }
            return result.value
        case "reverse":
            return .list(items.reversed())
        default:  // flatten
            var out: [Value] = []
            for item in items {
                if case .list(let inner) = item { out += inner } else { out.append(item) }
            }
            try hold(out.count, stage.range)
            return .list(out)
        }
    }

    /// Thrown by a sort's comparison when the step budget is spent.
    struct SortStopped: Error {}

    /// The items a stage works on: a list, groups as records, or one value.
    private func list(_ input: Value, for stage: Stage) throws(Failure) -> [Value] {
        switch input {
        case .list(let items): return items
        case .groups: return input.groupRecords ?? []
        case .none: return []
        default:
            throw fail(.operandMismatch, "'\(stage.name)' works on a list, not \(input.typeName.withArticle)", at: stage.nameRange,
                       help: "start the pipeline with a collection such as members or events")
        }
    }

    static func keys(of key: Value) -> [Value] {
        if case .list(let ks) = key { return ks.isEmpty ? [.none] : ks }
        return [key]
    }

    /// `| f(a)` calls `let f(input, a) = …` with the input first.
    private func userStage(_ stage: Stage, _ input: Value, _ scope: Scope) throws(Failure) -> Value {
        guard let binding = bindings[stage.name] else {
            throw fail(.unknownFunction, "unknown stage '\(stage.name)'", at: stage.nameRange,
                       help: NameResolution.stageSuggestion(stage.name, evaluator: self))
        }
        guard binding.parameters.count == stage.arguments.count + 1 else {
            throw fail(.argumentCount, "'\(stage.name)' as a stage takes \(max(0, binding.parameters.count - 1)) argument\(binding.parameters.count == 2 ? "" : "s") after its input, not \(stage.arguments.count)",
                       at: stage.range, notes: [DiagnosticNote("'\(stage.name)' is defined here", at: binding.nameRange)])
        }
        var values = [input]
        for a in stage.arguments { values.append(try eval(a, scope)) }
        return try invoke(binding, values, at: stage.range)
    }

    /// Tallied per stage, so a stage run once per group warns once.
    private func warnUndecided(_ count: Int, of total: Int, at stage: Stage, clash: (Value, Value)?) {
        // The file too: stages of two files may start at the same offset.
        let key = UInt64(stage.range.file) << 32 | UInt64(stage.range.start)
        let previous = undecided[key]
        undecided[key] = (stage.range, (previous?.count ?? 0) + count, (previous?.total ?? 0) + total, previous?.clash ?? clash)
    }

    static func describe(_ r: ClosedRange<Int>) -> String {
        if r.lowerBound == r.upperBound { return r.lowerBound == 0 ? "no arguments" : "\(r.lowerBound) argument\(r.lowerBound == 1 ? "" : "s")" }
        return "\(r.lowerBound) to \(r.upperBound) arguments"
    }
}
