import CapBase
import CapValues
import CapSyntax
import CapAnalysis
import CapSchema
import CapEval

/// A report's statistics as queries: the built-in ones are `let` functions
/// written in .cap (Prelude/statistics.cap, compiled into cap), and a report
/// names its own (`statistic`), which replace a built-in one of the same
/// name. Each takes the report's activities and its period and gives what it
/// counts; the report shows with it what it counts (a built-in's sentence,
/// or the query of one the data wrote).
enum ReportStatistics {
    /// One built-in statistic: its name, what it counts, its `let`.
    struct BuiltIn: Sendable {
        let name: String
        let counts: String
        var binding: String { ReportStatistics.bindingName(name) }
    }

    /// The prelude's text, as `cap schema --statistics` prints it.
    static var source: String { String(decoding: PackageResources.statistics_cap, as: UTF8.self) }

    /// The built-in statistics in their order, read from the prelude's
    /// `// statistic "name": what it counts` lines.
    static let builtIns: [BuiltIn] = source.split(separator: "\n").compactMap { line in
        let prefix = "// statistic \""
        guard line.hasPrefix(prefix), let close = line.dropFirst(prefix.count).firstIndex(of: "\"") else { return nil }
        let name = String(line[line.index(line.startIndex, offsetBy: prefix.count)..<close])
        let rest = line[line.index(after: close)...].drop { $0 == ":" || $0 == " " }
        return BuiltIn(name: name, counts: String(rest))
    }

    /// The prelude's statements, parsed once. Its ranges name a file the
    /// data never has, so a diagnostic from it is never taken for the data's.
    static let statements: [Statement] = {
        let file = SourceFile(id: FileID.max, path: "<statistics>", bytes: PackageResources.statistics_cap)
        var bag = DiagnosticBag()
        let tree = Parser.parse(file, vocabulary: .builtIn, interner: Interner(capacity: 256), diagnostics: &bag)
        precondition(bag.diagnostics.isEmpty, "the statistics prelude does not read: \(bag.diagnostics.map(\.message))")
        return tree.statements
    }()

    /// `country_visits` for "country visits", `board_meetings` for "Board meetings".
    static func bindingName(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: "_")
    }

    /// The name a report shows for a `let` of the data: a built-in's, when
    /// it replaces one ("country visits"), else its words.
    static func displayName(_ binding: String) -> String {
        builtIns.first { $0.binding == binding }?.name ?? binding.split(separator: "_").joined(separator: " ")
    }

    /// The built-in statistics of a report whose activities (events and
    /// statements, in date order) are `activities`, computed by the prelude's
    /// queries in an evaluator of their own: the data's `let`s neither see
    /// nor shadow them.
    static func builtIn(_ model: Model, activities: [Int], from: CapDate, to: CapDate) -> [Report.Statistic] {
        let evaluator = Evaluator(model: model)
        for s in statements {
            if case .binding(let name, let range, let parameters, let body) = s.kind {
                evaluator.declare(name, nameRange: range, parameters: parameters, body: body)
            }
        }
        let arguments = Self.arguments(activities, from, to)
        return builtIns.map { b in
            var statistic: Report.Statistic
            do throws(Evaluator.Failure) {
                let value = try evaluator.call(binding: b.binding, with: arguments) ?? .none
                statistic = Self.statistic(model, evaluator, value, name: b.name, counts: b.counts)
            } catch {
                // A bug in the prelude, which the tests run on Examples/:
                // the statistic is shown without a number rather than lost.
                statistic = Report.Statistic(name: b.name, value: nil, items: [], counts: b.counts)
            }
            _ = evaluator.takeWarnings()
            statistic.builtIn = true
            return statistic
        }
    }

    /// What a statistic's query is called with: the activities and the period.
    static func arguments(_ activities: [Int], _ from: CapDate, _ to: CapDate) -> [Value] {
        [.list(activities.map(Value.entity)), from == to ? .date(from) : .dateRange(from, to)]
    }

    /// A query as the report shows it: on one line.
    static func queryText(_ model: Model, _ body: Expr) -> String {
        model.workspace.text(body.range).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A query's value as a statistic: a number as it is; a list as its
    /// count with its items named; `{count, items}` as both.
    static func statistic(_ model: Model, _ evaluator: Evaluator, _ value: Value, name: String, counts: String?) -> Report.Statistic {
        func listed(_ items: [Value]) -> (names: [String], entities: [Int]?, countries: [String]?) {
            let entities = items.compactMap { if case .entity(let i) = $0 { i } else { nil } }
            let countries = items.compactMap { if case .jurisdiction(let c) = $0 { c } else { nil } }
            let names = items.map { v in
                if case .jurisdiction(let c) = v { return Jurisdictions.name(code: c) ?? c }
                return evaluator.display(v)
            }
            return (names, entities.count == items.count ? entities : nil, countries.count == items.count && !items.isEmpty ? countries : nil)
        }
        switch value {
        case .int(let n):
            return .init(name: name, value: Int(n), items: [], counts: counts, itemEntities: [])
        case .list(let items):
            let l = listed(items)
            return .init(name: name, value: items.count, items: l.names, counts: counts, itemEntities: l.entities, itemCountries: l.countries)
        case .record(let fields):
            let count = fields.first { $0.0 == "count" }?.1
            var items: [Value] = []
            if case .list(let xs)? = fields.first(where: { $0.0 == "items" })?.1 { items = xs }
            let l = listed(items)
            var n: Int?
            if case .int(let c)? = count { n = Int(c) } else if count == nil { n = items.count }
            return .init(name: name, value: n, items: l.names, counts: counts, itemEntities: l.entities, itemCountries: l.countries)
        default:
            return .init(name: name, value: nil, items: [evaluator.display(value)], counts: counts)
        }
    }
}
