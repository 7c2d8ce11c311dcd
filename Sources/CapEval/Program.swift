import CapBase
import CapValues
import CapSyntax
import CapRuntime
import CapAnalysis

/// The statements of all loaded files, run against the checked data.
///
/// `let` statements are declared first (in any file, in any order; each is
/// evaluated on first use), so a rule may use a binding from another file.
public final class Program {
    public let workspace: Workspace
    public let model: Model
    public let evaluator: Evaluator
    /// At most this many offending entities are listed under a failed rule.
    public var maxOffenders = 10
    /// What each name in the scripts resolved to, filled by the script
    /// checker (`ScriptChecker.check`).
    public package(set) var scriptNames = ScriptNames()

    public init(workspace: Workspace, today: CapDate = Evaluator.currentDate(), limits: Evaluator.Limits = .init()) {
        self.workspace = workspace
        model = Model(workspace: workspace)
        evaluator = Evaluator(model: model, limits: limits, today: today)
        declareBindings()
    }

    /// Every statement, in file and source order.
    public var statements: [Statement] { workspace.trees.flatMap(\.statements) }

    private func declareBindings() {
        for statement in statements {
            guard case .binding(let name, let nameRange, let parameters, let value) = statement.kind else { continue }
            if let first = evaluator.declare(name, nameRange: nameRange, parameters: parameters, body: value) {
                workspace.diagnostics.add(.error(.duplicateBinding, "'\(name)' is already defined", at: nameRange,
                                                 notes: [DiagnosticNote("first defined here", at: first)],
                                                 help: "give one of them another name"))
            }
        }
    }

    /// Enforces every `assert`; failures become diagnostics. Returns how many
    /// rules were checked.
    @discardableResult
    public func checkRules() -> Int {
        var count = 0
        DeepStack.run { () -> Void in
            for statement in statements {
                guard case .assertion(let condition, let message) = statement.kind else { continue }
                count += 1
                checkRule(condition, message: message)
            }
        }
        flushWarnings()
        return count
    }

    /// Runs the file as a script: `print` statements write their values,
    /// `assert` statements are checked, in order.
    public func run(output: (Value) -> Void) {
        DeepStack.run { () -> Void in
            for statement in statements {
                if evaluator.budgetSpent { break }
                switch statement.kind {
                case .print(let e), .expression(let e):
                    do throws(Evaluator.Failure) { output(try evaluator.printable(e)) } catch { workspace.diagnostics.add(error.diagnostic) }
                case .assertion(let condition, let message):
                    checkRule(condition, message: message)
                case .binding:
                    break
                }
                flushWarnings()
            }
        }
    }

    /// Evaluates one expression (for `cap eval` and the REPL).
    public func evaluate(_ e: Expr) -> Value? {
        defer { flushWarnings() }
        do { return try evaluator.printable(e) } catch {
            workspace.diagnostics.add(error.diagnostic)
            return nil
        }
    }

    package func flushWarnings() {
        for w in evaluator.takeWarnings() { workspace.diagnostics.add(w) }
    }

    // MARK: Rules

    package func checkRule(_ condition: Expr, message: String?) {
        // One "evaluation stopped" for the command, not one per rule.
        if evaluator.budgetSpent { return }
        let value: Value
        do { value = try evaluator.evaluate(condition) } catch {
            workspace.diagnostics.add(error.diagnostic)
            return
        }
        let subject = message ?? String(workspace.text(condition.range).prefix(120))
        switch value {
        case .bool(true):
            return
        case .bool(false), .unknown:
            let undecided: Bool = { if case .unknown = value { return true } else { return false } }()
            var notes: [DiagnosticNote] = []
            var help: String? = undecided ? "partial dates left the rule undecided for some items; say which reading it means: possibly(…) fails only where the data rules the condition out, certainly(…) holds only where the data proves it" : nil
            if case .pipeline(let head, let stages) = condition.kind, let last = stages.last,
               last.name == "all" || last.name == "any", last.arguments.count == 1 {
                notes = DeepStack.run { offenders(head, Array(stages.dropLast()), predicate: last.arguments[0], wantAll: last.name == "all") }
            } else if case .binary(let op, let l, let r) = condition.kind, op != .and, op != .or {
                let formatter = ValueFormatter(entities: model)
                if let a = try? evaluator.evaluate(l), let b = try? evaluator.evaluate(r) {
                    notes.append(DiagnosticNote("the data gives \(formatter.inline(a))", at: l.range))
                    notes.append(DiagnosticNote("the rule expects \(op.rawValue) \(formatter.inline(b))", at: r.range))
                    if case .int(let x) = a, case .int(let y) = b {
                        help = "the difference is \(x - y > 0 ? "+" : "")\(x - y)"
                    }
                }
            }
            workspace.diagnostics.add(.error(.assertionFailed, (undecided ? "rule undecided: " : "rule failed: ") + subject,
                                             at: condition.range, label: undecided ? "undecided" : "does not hold",
                                             notes: notes, help: help))
        default:
            workspace.diagnostics.add(.error(.operandMismatch, "a rule must be true or false, not \(value.typeName.withArticle)",
                                             at: condition.range,
                                             help: "end the pipeline with all, any, or a comparison such as | count == 35"))
        }
    }

    /// The items that make `items | all P` false (or `any P` unmet), as
    /// notes pointing at each entity's declaration.
    private func offenders(_ head: Expr, _ stages: [Stage], predicate: Expr, wantAll: Bool) -> [DiagnosticNote] {
        var input = head
        if !stages.isEmpty { input = Expr(.pipeline(head, stages), head.range) }
        guard let v = try? evaluator.evaluate(input) else { return [] }
        let items: [Value]
        switch v {
        case .list(let xs): items = xs
        case .groups: items = v.groupRecords ?? []
        default: return []
        }
        guard wantAll else {
            return [DiagnosticNote("none of the \(items.count) items satisfies the condition", at: predicate.range)]
        }
        var failing: [(Value, Truth)] = []
        for item in items {
            guard let t = try? evaluator.truth(evaluator.eval(predicate, .init(element: item)), at: predicate.range) else { continue }
            if t != .yes { failing.append((item, t)) }
        }
        let formatter = ValueFormatter(entities: model)
        var notes: [DiagnosticNote] = []
        for (item, t) in failing.prefix(maxOffenders) {
            let verdict = t == .unknown ? "undecided for" : "fails for"
            if case .entity(let i) = item {
                notes.append(DiagnosticNote("\(verdict) \(model.entityKind(i)) '\(model.entityID(i))' (\(Excerpt.of(model.entityName(i))))",
                                            at: model.location(i)))
            } else {
                notes.append(DiagnosticNote("\(verdict) \(Excerpt.of(formatter.inline(item)))"))
            }
        }
        if failing.count > maxOffenders {
            notes.append(DiagnosticNote("… and \(failing.count - maxOffenders) more (\(failing.count) of \(items.count) items)"))
        }
        return notes
    }
}

