import CapBase
import CapSyntax
import CapRuntime

/// Arithmetic, comparison and logic.
extension Evaluator {
    func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ scope: Scope, range: SourceRange) throws(Failure) -> Value {
        // Logic short-circuits, with unknown in between (Kleene).
        if op == .and || op == .or {
            let left = try truth(try eval(l, scope), at: l.range)
            if op == .and && left == .no { return .bool(false) }
            if op == .or && left == .yes { return .bool(true) }
            let right = try truth(try eval(r, scope), at: r.range)
            return (op == .and ? left && right : left || right).value
        }
        let a = try eval(l, scope), b = try eval(r, scope)
        let t: Truth
        switch op {
        case .equal: t = try equal(a, b, range)
        case .notEqual: t = !(try equal(a, b, range))
        case .less: t = try order(a, .less, b, op, range)
        case .lessEqual: t = try order(a, .lessEqual, b, op, range)
        case .greater: t = try order(a, .greater, b, op, range)
        case .greaterEqual: t = try order(a, .greaterEqual, b, op, range)
        case .in, .notIn:
            var budget = max(0, limits.maxSteps - steps)
            let before = budget
            let found = Comparison.contains(b, a, budget: &budget, stop: interruption)
            try settle(before, budget, range)
            guard let found else {
                throw fail(.operandMismatch, "cannot look for \(a.typeName.withArticle) in \(b.typeName.withArticle)", at: range,
                           help: "'in' looks in a list, a date range, a coarser date, a country or a string")
            }
            t = op == .in ? found : !found
        default:
            return try arithmetic(op, a, b, range)
        }
        // The first comparison of two known values that could not be
        // decided is the one W0701 quotes.
        if t == .unknown, clash == nil, !a.isUnknown, !b.isUnknown { clash = (a, b) }
        return t.value
    }

    private func order(_ a: Value, _ order: Comparison.Order, _ b: Value, _ op: BinaryOperator, _ range: SourceRange) throws(Failure) -> Truth {
        if a.isNone || b.isNone { return .no }
        if let t = try figureOrder(a, order, b, op, range) { return t }
        // Ordering two strings reads them: their length in steps.
        try spend(Comparison.orderCost(a, b), range)
        guard let t = Comparison.order(a, order, b) else {
            throw fail(.operandMismatch, "cannot compare \(a.typeName.withArticle) with \(b.typeName.withArticle) using '\(op.rawValue)'", at: range)
        }
        return t
    }

    /// `<` and the like when a side is a figure: against a figure of the
    /// same unit, or a plain number (read in the figure's unit). nil when
    /// neither side is a figure.
    private func figureOrder(_ a: Value, _ order: Comparison.Order, _ b: Value, _ op: BinaryOperator,
                             _ range: SourceRange) throws(Failure) -> Truth? {
        let fa = Amount(figure: a), fb = Amount(figure: b)
        guard fa != nil || fb != nil else { return nil }
        guard let x = fa ?? Amount(number: a, unit: fb!.unit), let y = fb ?? Amount(number: b, unit: fa!.unit) else {
            throw fail(.operandMismatch, "cannot compare \(a.typeName.withArticle) with \(b.typeName.withArticle) using '\(op.rawValue)'", at: range,
                       help: "a figure compares with a figure of its unit or a number")
        }
        guard x.sameUnit(y) else { throw mixedUnits(x, y, "compared", at: range) }
        return Amount.compare(x, order, y)
    }

    func mixedUnits(_ x: Amount, _ y: Amount, _ verb: String, at range: SourceRange) -> Failure {
        fail(.mixedUnits, "figures of different units cannot be \(verb): \(x.spelled) and \(y.spelled)", at: range,
             label: "\(x.unitName) and \(y.unitName)",
             help: "keep the figures of one unit first, e.g. | where unit == \(x.unitName == "no unit" ? "none" : x.unitName)")
    }

    private func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, _ range: SourceRange) throws(Failure) -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (result, overflow): (Int64, Bool)
            switch op {
            case .add: (result, overflow) = x.addingReportingOverflow(y)
            case .subtract: (result, overflow) = x.subtractingReportingOverflow(y)
            case .multiply: (result, overflow) = x.multipliedReportingOverflow(by: y)
            case .divide, .remainder:
                guard y != 0 else { throw fail(.evaluationError, "division by zero", at: range) }
                // Int64.min / -1 overflows (and traps); its remainder is 0.
                if y == -1 {
                    if op == .remainder { return .int(0) }
                    if x == .min { throw fail(.evaluationError, "the result does not fit in 64 bits", at: range) }
                }
                if op == .remainder { return .int(x % y) }
                // Exact quotients stay whole numbers; others become decimals.
                return x % y == 0 ? .int(x / y) : .double(Double(x) / Double(y))
            default: (result, overflow) = (0, true)
            }
            if overflow { throw fail(.evaluationError, "the result does not fit in 64 bits", at: range) }
            return .int(result)
        case (.int, .double), (.double, .int), (.double, .double):
            let x = number(a), y = number(b)
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide:
                guard y != 0 else { throw fail(.evaluationError, "division by zero", at: range) }
                return .double(x / y)
            default: break
            }
        case let (.string(x), _) where op == .add:
            try holdText(x.utf8.count + (try spellable(b, range)), range)
            try spend(bytes: x.utf8.count, range)
            return .string(x + display(b))
        case let (_, .string(y)) where op == .add:
            try holdText((try spellable(a, range)) + y.utf8.count, range)
            try spend(bytes: y.utf8.count, range)
            return .string(display(a) + y)
        case let (.list(x), .list(y)) where op == .add:
            try hold(x.count + y.count, range)
            return .list(x + y)
        default: break
        }
        throw fail(.operandMismatch, "cannot use '\(op.rawValue)' on \(a.typeName.withArticle) and \(b.typeName.withArticle)", at: range)
    }

    func number(_ v: Value) -> Double {
        switch v {
        case .int(let n): Double(n)
        case .double(let d): d
        default: 0
        }
    }
}
