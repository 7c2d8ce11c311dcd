import CapBase
import CapValues
import CapSchema
import CapEval

/// A report for a period, like the coalition's annual report: activities
/// month by month, statistics computed from the data (checked against the
/// figures the coalition declared), campaigns, laws and publications.
public struct Report {
    public struct Statistic: Sendable {
        public init(name: String, value: Int?, items: [String], declared: Int? = nil, counts: String? = nil,
                    itemEntities: [Int]? = nil, itemCountries: [String]? = nil) {
            self.itemEntities = itemEntities
            self.itemCountries = itemCountries
            self.name = name
            self.value = value
            self.items = items
            self.declared = declared
            self.counts = counts
        }

        public var name: String
        public var value: Int?
        /// What was counted: countries, people, members…
        public var items: [String]
        /// The figure the coalition declared for the period, if any: the
        /// published number, which the report shows.
        public var declared: Int?
        /// What the data counts for it, in a sentence.
        public var counts: String?
        /// The entities `items` name, or the countries by code, in order:
        /// a French or Spanish report names them in its language.
        var itemEntities: [Int]?
        var itemCountries: [String]?
        /// Whether it is one of the built-in statistics (Prelude/statistics.cap),
        /// whose name and what it counts a French or Spanish report translates.
        var builtIn = false

        /// The number the report shows: the published one when there is one.
        public var shown: Int { declared ?? value ?? 0 }

        /// The data's count when it differs from the published figure.
        public var difference: (published: Int, counted: Int)? {
            guard let declared, let value, declared != value else { return nil }
            return (declared, value)
        }
    }

    /// Who publishes the report: the data's coalition, its name, an
    /// introduction and its links.
    public struct Organisation: Sendable {
        public var name: String
        public var fullName: String?
        public var introduction: String?
        public var website: String?
        public var email: String?
    }

    public struct Month: Sendable {
        public var date: CapDate
        public var entries: [TimelineEntry]
    }

    public let title: String
    /// The language it is written in (`--lang`, an output's `lang`).
    public let language: PublishLanguage
    public let organisation: Organisation?
    /// Tag ids and the labels their `tag` entities give them.
    public let tagNames: [String: String]
    public let from: CapDate
    public let to: CapDate
    public let months: [Month]
    public let statistics: [Statistic]
    public let campaigns: [String]
    public let laws: [TimelineEntry]
    public let publications: [TimelineEntry]
    /// Declared figures that differ from the data, as warnings.
    public let diagnostics: [Diagnostic]
    /// Whether the editors' list of differences goes to a companion file
    /// (a report entity's `differences`) rather than a section at its end.
    public var differencesApart = false

    /// `period` is a year, a month or a range: 2017, 2017-03, 2017-01..2017-06.
    /// `declaredBy` is a `report` entity whose own figures are checked too.
    public init(_ model: Model, from: CapDate, to: CapDate, title: String? = nil, declaredBy report: Int? = nil,
                extra: [Statistic] = [], language: PublishLanguage = .en) {
        self.init(model, period: Period(model, from: from, to: to, timeline: Timeline.Index(model)), title: title,
                  declaredBy: report, extra: extra, language: language)
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
    package init(_ model: Model, period: Period, title: String?, declaredBy report: Int?, extra: [Statistic],
                 language: PublishLanguage = .en) {
        (from, to) = (period.from, period.to)
        self.language = language
        let names = EntityTranslations(model, language)
        self.title = title ?? Report.defaultTitle(from, to, language)
        organisation = model.entities(of: .coalition).first.map { c in
            func text(_ field: String) -> String? {
                if case .string(let s)? = model.field(c, field), !s.isEmpty { return s }
                return nil
            }
            return Organisation(name: names.name(c), fullName: text("full_name"),
                                introduction: names.description(c, else: text("description")),
                                website: text("website"), email: text("email"))
        }
        var tags: [String: String] = [:]
        for t in model.entities(of: .tag) { tags[model.entityID(t)] = names.name(t) }
        tagNames = tags
        if language == .en {
            months = period.months
            laws = period.laws
            publications = period.publications
        } else {
            months = period.months.map { Month(date: $0.date, entries: $0.entries.map(names.translate)) }
            laws = period.laws.map(names.translate)
            publications = period.publications.map(names.translate)
        }
        campaigns = period.campaigns.map(names.name)
        var stats = period.statistics
        if language != .en {
            for i in stats.indices {
                if let entities = stats[i].itemEntities { stats[i].items = entities.map(names.name) }
                if let codes = stats[i].itemCountries { stats[i].items = codes.map { language.countryName(code: $0) ?? $0 } }
            }
        }
        var diagnostics = period.diagnostics
        // A report's own statistic of a built-in's name replaces it, keeping
        // the coalition's published figure; the others come after them.
        for statistic in extra {
            if let i = stats.firstIndex(where: { $0.name.lowercased() == statistic.name.lowercased() }) {
                let declared = stats[i].declared
                stats[i] = statistic
                stats[i].declared = declared
            } else {
                stats.append(statistic)
            }
        }
        if let report { Report.compareDeclared(model, owner: report, from, to, requireDate: false, &stats, &diagnostics) }
        statistics = stats
        self.diagnostics = diagnostics
    }

    /// "Annual Report 2017", "Report June 2021", "Report January – June 2017",
    /// "Report March 2017 – February 2018": a period names each month once.
    static func defaultTitle(_ from: CapDate, _ to: CapDate, _ language: PublishLanguage = .en) -> String {
        let labels = language.labels
        if from == to && from.precision == .year { return labels.annualReport(from.year) }
        let long = language.longDate
        if from == to { return "\(labels.report) \(long(from))" }
        if from.precision == .month && to.precision == .month && from.year == to.year {
            return "\(labels.report) \(language.monthName(from.month)) – \(long(to))"
        }
        return "\(labels.report) \(long(from)) – \(long(to))"
    }

    static var monthNames: [String] { PublishLanguage.englishMonths }

    /// What every report of one period shows alike: its entries, and the
    /// statistics computed from them, compared with the coalition's figures.
    package struct Period: Sendable {
        let from: CapDate, to: CapDate
        /// The organisations whose activities the period covers (a report's
        /// `covers`); nil for the coalition's, the default.
        let covers: [Int]?
        let months: [Month]
        let laws: [TimelineEntry]
        let publications: [TimelineEntry]
        let campaigns: [Int]
        /// The period's events and statements that the report covers, in
        /// date order: what its statistics' queries are given.
        let activities: [Int]
        let statistics: [Statistic]
        /// The coalition's figures that differ from the data: the same for
        /// every report of the period, so a build reports them once.
        let diagnostics: [Diagnostic]

        init(_ model: Model, from: CapDate, to: CapDate, covers: [Int]? = nil, timeline: Timeline.Index) {
            (self.from, self.to, self.covers) = (from, to, covers)
            var filter = Timeline.Filter()
            filter.from = from
            filter.to = to
            var inPeriod: [TimelineEntry] = [], activities: [Int] = []
            var periodEntities: Set<Int> = []
            let own = Report.OwnActivities(model, covers: covers)
            for i in timeline.starting(from: from.firstDay, to: to.lastDay) {
                let e = timeline.entries[i]
                guard Timeline.matches(e, filter), e.date.lastDay <= to.lastDay else { continue }
                if e.kind == .event || e.kind == .statement {
                    guard own.covers(timeline.entities[i]) else { continue }
                }
                inPeriod.append(e)
                periodEntities.insert(timeline.entities[i])
                if e.kind == .event || e.kind == .statement { activities.append(timeline.entities[i]) }
            }
            // Events and statements month by month; those dated to the year
            // only come after December, under "month not recorded".
            var byMonth: [CapDate: [TimelineEntry]] = [:], keys: [CapDate] = []
            for e in inPeriod where e.kind == .event || e.kind == .statement {
                let key = e.date.precision == .year ? e.date : (try? CapDate(year: e.date.year, month: e.date.month)) ?? e.date
                if byMonth[key] == nil { keys.append(key) }
                byMonth[key, default: []].append(e)
            }
            keys.sort { ($0.year, $0.month == 0 ? 13 : $0.month) < ($1.year, $1.month == 0 ? 13 : $1.month) }
            self.months = keys.map { Month(date: $0, entries: byMonth[$0]!) }
            laws = inPeriod.filter { $0.kind == .law }
            publications = inPeriod.filter { $0.kind == .publication }
            campaigns = Report.activeCampaigns(model, from, to, activities: periodEntities)
            self.activities = activities
            var stats = ReportStatistics.builtIn(model, activities: activities, from: from, to: to)
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
        package mutating func period(_ model: Model, from: CapDate, to: CapDate, covers: [Int]? = nil,
                                     timeline: () -> Timeline.Index) -> (period: Period, isNew: Bool) {
            if let known = made.first(where: { $0.from == from && $0.to == to && $0.covers == covers }) { return (known, false) }
            let period = Period(model, from: from, to: to, covers: covers, timeline: timeline())
            made.append(period)
            return (period, true)
        }
    }

    /// The singular of each built-in statistic's name, for a count of one.
    static let singulars = [
        "country visits": "country visit", "advocacy meetings with top officials": "advocacy meeting with top officials",
        "advocacy meetings with Members of Parliament": "advocacy meeting with Members of Parliament",
        "statements and keynote presentations": "statement or keynote presentation",
        "new members": "new member", "Board meetings": "Board meeting",
    ]

    /// "1 country visit", "2 country visits": a name the report does not
    /// know stays as written.
    static func counted(_ n: Int, _ name: String) -> String {
        "\(n) \(n == 1 ? singulars[name] ?? name : name)"
    }

    /// A report entity's `covers`: the organisations whose activities it
    /// reports; nil when it names none (the coalition's, by default).
    package static func covers(_ model: Model, _ report: Int) -> [Int]? {
        guard case .list(let items) = model.field(report, "covers") ?? .none else { return nil }
        let orgs = items.compactMap { if case .entity(let i) = $0 { return i } else { return nil } }
        return orgs.isEmpty ? nil : orgs
    }

    /// A `figure` record: what a coalition or a report declares.
    struct Figure {
        let name: String
        let value: Int
        let date: CapDate?

        /// Whether it names one of the statistics `compute` gives.
        var isComputed: Bool { ReportStatistics.builtIns.contains { $0.name.lowercased() == name.lowercased() } }

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
                        help: computed > value
                            ? "the data counts more than declared: check that each one counted is the coalition's and in the period, or correct the declared figure"
                            : "record the missing activities, or correct the declared figure"))
                }
            } else if !stats.contains(where: { $0.name == figureName && $0.declared == value }) {
                stats.append(Statistic(name: figureName, value: nil, items: [], declared: value))
            }
        }
    }

    /// The campaigns of the period: those whose dates meet it, and those
    /// with no dates that one of the period's activities, statements or
    /// publications (`activities`) belongs to. An undated campaign was
    /// listed in every year's report, a 2018–19 one in 2017's.
    static func activeCampaigns(_ model: Model, _ from: CapDate, _ to: CapDate, activities: Set<Int>) -> [Int] {
        var named: Set<Int> = []
        for e in activities {
            if case .list(let items) = model.field(e, "campaign") ?? .none {
                for case .entity(let c) in items { named.insert(c) }
            }
        }
        return model.entities(of: .campaign).filter { c in
            let started = LawMap.date(model.field(c, "started"))
            let ended = LawMap.date(model.field(c, "ended"))
            if started == nil && ended == nil { return named.contains(c) }
            return (started.map { $0.firstDay <= to.lastDay } ?? true) && (ended.map { $0.lastDay >= from.firstDay } ?? true)
        }
    }
}
