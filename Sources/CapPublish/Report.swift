import CapBase
import CapValues
import CapSchema
import CapEval

/// A report for a period, like the coalition's annual report: activities
/// month by month, statistics computed from the data (checked against the
/// figures the coalition declared), campaigns, laws and publications.
public struct Report {
    public struct Statistic: Sendable {
        public init(name: String, value: Int?, items: [String], declared: Int? = nil) {
            self.name = name
            self.value = value
            self.items = items
            self.declared = declared
        }

        public var name: String
        public var value: Int?
        /// What was counted: countries, people, members…
        public var items: [String]
        /// The figure the coalition declared for the period, if any.
        public var declared: Int?
    }

    public struct Month: Sendable {
        public var date: CapDate
        public var entries: [TimelineEntry]
    }

    public let title: String
    public let from: CapDate
    public let to: CapDate
    public let months: [Month]
    public let statistics: [Statistic]
    public let campaigns: [String]
    public let laws: [TimelineEntry]
    public let publications: [TimelineEntry]
    /// Declared figures that differ from the data, as warnings.
    public let diagnostics: [Diagnostic]

    /// `period` is a year, a month or a range: 2017, 2017-03, 2017-01..2017-06.
    /// `declaredBy` is a `report` entity whose own figures are checked too.
    public init(_ model: Model, from: CapDate, to: CapDate, title: String? = nil, declaredBy report: Int? = nil,
                extra: [Statistic] = []) {
        self.init(model, from: from, to: to, title: title, declaredBy: report, extra: extra, timeline: Timeline.Index(model))
    }

    /// `timeline` is the index a build shares between its reports and
    /// timelines.
    init(_ model: Model, from: CapDate, to: CapDate, title: String?, declaredBy report: Int?,
         extra: [Statistic], timeline: Timeline.Index) {
        self.init(model, period: Period(model, from: from, to: to, timeline: timeline), title: title,
                  declaredBy: report, extra: extra)
    }

    /// A report on `period`, which a build makes once for all the reports
    /// (HTML, Markdown, JSON) of the same dates.
    package init(_ model: Model, period: Period, title: String?, declaredBy report: Int?, extra: [Statistic]) {
        (from, to) = (period.from, period.to)
        self.title = title ?? (from == to && from.precision == .year ? "Annual Report \(from.year)"
                                                                       : "Report \(Timeline.display(from)) – \(Timeline.display(to))")
        months = period.months
        laws = period.laws
        publications = period.publications
        campaigns = period.campaigns
        var stats = period.statistics
        var diagnostics = period.diagnostics
        if let report { Report.compareDeclared(model, owner: report, from, to, requireDate: false, &stats, &diagnostics) }
        stats += extra
        statistics = stats
        self.diagnostics = diagnostics
    }

    /// What every report of one period shows alike: its entries, and the
    /// statistics computed from them, compared with the coalition's figures.
    package struct Period: Sendable {
        let from: CapDate, to: CapDate
        let months: [Month]
        let laws: [TimelineEntry]
        let publications: [TimelineEntry]
        let campaigns: [String]
        let statistics: [Statistic]
        /// The coalition's figures that differ from the data: the same for
        /// every report of the period, so a build reports them once.
        let diagnostics: [Diagnostic]

        init(_ model: Model, from: CapDate, to: CapDate, timeline: Timeline.Index) {
            (self.from, self.to) = (from, to)
            var filter = Timeline.Filter()
            filter.from = from
            filter.to = to
            var inPeriod: [TimelineEntry] = [], events: [TimelineEntry] = [], eventEntities: [Int] = []
            for i in timeline.starting(from: from.firstDay, to: to.lastDay) {
                let e = timeline.entries[i]
                guard Timeline.matches(e, filter), e.date.lastDay <= to.lastDay else { continue }
                inPeriod.append(e)
                if e.kind == .event {
                    events.append(e)
                    eventEntities.append(timeline.entities[i])
                }
            }
            var months: [Month] = []
            for e in events {
                let key = e.date.precision == .year ? e.date : (try? CapDate(year: e.date.year, month: e.date.month)) ?? e.date
                if months.last?.date == key { months[months.count - 1].entries.append(e) } else { months.append(Month(date: key, entries: [e])) }
            }
            self.months = months
            laws = inPeriod.filter { $0.kind == .law }
            publications = inPeriod.filter { $0.kind == .publication }
            campaigns = Report.activeCampaigns(model, from, to)
            var stats = Report.compute(model, events: events, entities: eventEntities, inPeriod: inPeriod)
            var diagnostics: [Diagnostic] = []
            for coalition in model.entities(of: .coalition) {
                Report.compareDeclared(model, owner: coalition, from, to, requireDate: true, &stats, &diagnostics)
            }
            statistics = stats
            self.diagnostics = diagnostics
        }
    }

    /// The periods of the data's reports, each made once: `cap check`
    /// compares the declared figures on them (`DeclaredFigures`), and the
    /// build's reports show the same ones rather than counting them again.
    package struct Periods: Sendable {
        private var made: [Period] = []

        package init() {}

        /// The period `from`–`to`, made from `timeline` the first time it is
        /// asked for (`isNew` then).
        package mutating func period(_ model: Model, from: CapDate, to: CapDate,
                                     timeline: () -> Timeline.Index) -> (period: Period, isNew: Bool) {
            if let known = made.first(where: { $0.from == from && $0.to == to }) { return (known, false) }
            let period = Period(model, from: from, to: to, timeline: timeline())
            made.append(period)
            return (period, true)
        }
    }

    /// `entities` holds the entity of each of `events`.
    static func compute(_ model: Model, events: [TimelineEntry], entities: [Int], inPeriod: [TimelineEntry]) -> [Statistic] {
        func name(_ code: String) -> String { Jurisdictions.name(code: code) ?? code }
        var visited: [String] = [], seenCountries: Set<String> = []
        for e in events where !e.online {
            if let c = e.country, seenCountries.insert(c).inserted { visited.append(c) }
        }
        var officials: [String] = [], seenOfficials: Set<String> = []
        var parliamentary = 0, boards = 0, keynotes: [String] = []
        let met = model.access("met", of: .event), kindField = model.access("kind", of: .event)
        for (e, entity) in zip(events, entities) {
            if let met, case .list(let people) = model.field(entity, met) {
                for case .entity(let p) in people {
                    let person = model.entityName(p)
                    if seenOfficials.insert(person).inserted { officials.append(person) }
                }
            }
            if e.tags.contains("parliamentarians") { parliamentary += 1 }
            if let kindField, case .word(let kind) = model.field(entity, kindField) {
                if kind == "board_meeting" { boards += 1 }
                if kind == "presentation" { keynotes.append(e.title) }
            }
        }
        let statements = inPeriod.filter { $0.kind == .statement }
        let joined = inPeriod.filter { $0.kind == .member }.map { String($0.title.dropLast(" joins the coalition".count)) }
        let counted: [(value: Int, items: [String])] = [
            (visited.count, visited.map(name)),
            (officials.count, officials),
            (parliamentary, []),
            (statements.count + keynotes.count, statements.map(\.title) + keynotes),
            (joined.count, joined),
            (boards, []),
        ]
        return zip(statisticNames, counted).map { Statistic(name: $0, value: $1.value, items: $1.items) }
    }

    /// What `compute` counts, in its order; a declared figure is compared
    /// with the one it names, whatever its case.
    static let statisticNames = ["country visits", "advocacy meetings with top officials",
                                 "advocacy meetings with Members of Parliament", "statements and keynote presentations",
                                 "new members", "Board meetings"]

    /// A `figure` record: what a coalition or a report declares.
    struct Figure {
        let name: String
        let value: Int
        let date: CapDate?

        /// Whether it names one of the statistics `compute` gives.
        var isComputed: Bool { Report.statisticNames.contains { $0.lowercased() == name.lowercased() } }

        /// Whether its date falls within `from`...`to`: a coalition's figure
        /// belongs to the reports of that period.
        func isDated(within from: CapDate, _ to: CapDate) -> Bool {
            guard let date else { return false }
            return date.firstDay >= from.firstDay && date.lastDay <= to.lastDay
        }
    }

    /// The figures `owner` declares with a name and a value.
    static func figures(_ model: Model, of owner: Int) -> [Figure] {
        guard case .list(let records) = model.field(owner, "figure") ?? .none else { return [] }
        return records.compactMap { record in
            guard case .record(let fields) = record else { return nil }
            func field(_ n: String) -> Value { fields.first { $0.0 == n }?.1 ?? .none }
            guard case .string(let name) = field("name"), case .int(let value) = field("value") else { return nil }
            if case .date(let d) = field("date") { return Figure(name: name, value: Int(value), date: d) }
            return Figure(name: name, value: Int(value), date: nil)
        }
    }

    /// The `figure` records of the coalition (those dated within the period)
    /// or of the report itself: each one that names a computed statistic is
    /// compared with it; the others are shown as declared.
    static func compareDeclared(_ model: Model, owner: Int, _ from: CapDate, _ to: CapDate, requireDate: Bool,
                                _ stats: inout [Statistic], _ diagnostics: inout [Diagnostic]) {
        for figure in figures(model, of: owner) where !requireDate || figure.isDated(within: from, to) {
            let figureName = figure.name, value = figure.value
            let period = from == to ? Timeline.display(from) : "\(Timeline.display(from)) – \(Timeline.display(to))"
            if let i = stats.firstIndex(where: { $0.name.lowercased() == figureName.lowercased() }) {
                stats[i].declared = value
                if let computed = stats[i].value, computed != value {
                    diagnostics.append(.warning(.declaredFigure,
                        "\(model.entityName(owner)) declares \(value) \(figureName) for \(period); the data gives \(computed)",
                        at: model.location(owner),
                        notes: stats[i].items.isEmpty ? [] : [DiagnosticNote("counted: " + stats[i].items.joined(separator: ", "))],
                        help: "record the missing activities, or correct the declared figure"))
                }
            } else if !stats.contains(where: { $0.name == figureName && $0.declared == value }) {
                stats.append(Statistic(name: figureName, value: nil, items: [], declared: value))
            }
        }
    }

    static func activeCampaigns(_ model: Model, _ from: CapDate, _ to: CapDate) -> [String] {
        model.entities(of: .campaign).filter { c in
            let started = LawMap.date(model.field(c, "started"))
            let ended = LawMap.date(model.field(c, "ended"))
            return (started.map { $0.firstDay <= to.lastDay } ?? true) && (ended.map { $0.lastDay >= from.firstDay } ?? true)
        }.map(model.entityName)
    }
}
