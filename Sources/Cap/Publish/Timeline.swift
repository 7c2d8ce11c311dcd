/// Everything dated in the data, in one chronological order: events, law
/// stages, members joining, publications and statements.
public enum Timeline {
    public struct Filter: Sendable {
        public var from: CapDate?
        public var to: CapDate?
        /// ISO codes; an entry matches if its country is one of them.
        public var countries: [String] = []
        public var tags: [String] = []
        public var campaigns: [String] = []
        public var kinds: [TimelineEntry.Kind] = []
        public init() {}

        var isEmpty: Bool {
            from == nil && to == nil && countries.isEmpty && tags.isEmpty && campaigns.isEmpty && kinds.isEmpty
        }
    }

    public static func entries(_ model: Model, filter: Filter = Filter()) -> [TimelineEntry] {
        let all = indexed(model)
        return select(all, filter, model).map { all[$0].entry }
    }

    /// Every entry with the entity it comes from, in chronological order: a
    /// coarser date sorts before the days within it ("2017", then "Mar
    /// 2017", then "14 Mar 2017"), ties by title. A build makes this once
    /// and filters it for each timeline and report, since reading the
    /// fields of every entity is most of the work.
    static func indexed(_ model: Model) -> [(entry: TimelineEntry, entity: Int)] {
        var out: [(entry: TimelineEntry, entity: Int)] = []
        for kind in [EntityKindName.event, .law, .member, .publication, .statement] {
            let fields = Fields(model, kind)
            for e in model.entities(of: kind) {
                for entry in entries(of: e, kind, model, fields) { out.append((entry, e)) }
            }
        }
        // Positions are sorted, on keys computed once: comparing the entries
        // themselves copied each one and recomputed both day numbers, a
        // tenth of `cap build`. Ties keep the order above, so filtering
        // afterwards gives the order sorting what a filter kept would.
        let keys = out.map(\.entry.date.sortKey)
        let order = out.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            let titles = (out[a].entry.title, out[b].entry.title)
            if titles.0 != titles.1 { return titles.0 < titles.1 }
            return a < b
        }
        return order.map { out[$0] }
    }

    /// The positions in `all` of the entries `filter` keeps, in order:
    /// positions, so that filtering copies no entries.
    static func select(_ all: [(entry: TimelineEntry, entity: Int)], _ filter: Filter, _ model: Model) -> [Int] {
        var campaignOf: [Int: Bool] = [:]
        func inCampaign(_ e: Int) -> Bool {
            if let known = campaignOf[e] { return known }
            guard case .list(let items) = model.field(e, "campaign") ?? .none else { campaignOf[e] = false; return false }
            let found = items.contains { if case .entity(let c) = $0 { filter.campaigns.contains(model.entityID(c)) } else { false } }
            campaignOf[e] = found
            return found
        }
        return all.indices.filter { matches(all[$0].entry, filter) && (filter.campaigns.isEmpty || inCampaign(all[$0].entity)) }
    }

    /// The fields timelines read, resolved once for a kind.
    struct Fields {
        let date, description, city, country, online, url, tags, jurisdiction, source, joined, website: Model.FieldAccess?
        let stages: [Model.FieldAccess?]

        init(_ model: Model, _ kind: EntityKindName) {
            func access(_ name: String) -> Model.FieldAccess? { model.access(name, of: kind) }
            date = access("date")
            description = access("description")
            city = access("city")
            country = access("country")
            online = access("online")
            url = access("url")
            tags = access("tags")
            jurisdiction = access("jurisdiction")
            source = access("source")
            joined = access("joined")
            website = access("website")
            stages = lawStages.map { access($0.field) }
        }
    }

    /// A law's stages in order, with how a timeline words each.
    static let lawStages = [("bill", "bill introduced"), ("approved", "approved by the government"), ("passed", "passed"),
                            ("in_force", "enters into force"), ("repealed", "repealed")].map { (field: $0.0, label: $0.1) }

    static func entries(of e: Int, _ kind: EntityKindName, _ model: Model, _ fields: Fields) -> [TimelineEntry] {
        let id = model.entityID(e), name = model.entityName(e)
        func value(_ access: Model.FieldAccess?) -> Value { access.map { model.field(e, $0) } ?? .none }
        func string(_ access: Model.FieldAccess?) -> String? {
            if case .string(let s) = value(access) { return s }
            return nil
        }
        func country(_ access: Model.FieldAccess?) -> String? {
            if case .jurisdiction(let c) = value(access) { return c }
            return nil
        }
        func tags() -> [String] {
            guard case .list(let items) = value(fields.tags) else { return [] }
            return items.compactMap { if case .entity(let t) = $0 { return model.entityID(t) } else { return nil } }
        }
        switch kind {
        case .event:
            var entry: TimelineEntry
            switch value(fields.date) {
            case .date(let d): entry = TimelineEntry(kind: .event, id: id, title: name, date: d)
            case .dateTime(let t): entry = TimelineEntry(kind: .event, id: id, title: name, date: t.date, dateTime: t)
            case .dateRange(let a, let b): entry = TimelineEntry(kind: .event, id: id, title: name, date: a, endDate: b)
            default: return []
            }
            entry.description = string(fields.description)
            entry.city = string(fields.city)
            entry.country = country(fields.country)
            if case .bool(let online) = value(fields.online) { entry.online = online }
            entry.url = string(fields.url)
            entry.tags = tags()
            return [entry]
        case .law:
            let place = country(fields.jurisdiction)
            let placeName = place.flatMap { Jurisdictions.name(code: $0) } ?? ""
            var out: [TimelineEntry] = []
            for (stage, access) in zip(lawStages, fields.stages) {
                guard case .date(let d) = value(access) else { continue }
                var entry = TimelineEntry(kind: .law, id: "\(id).\(stage.field)", title: "\(placeName): \(name) \(stage.label)", date: d)
                entry.country = place
                entry.description = string(fields.description)
                entry.tags = tags()
                if case .list(let sources) = value(fields.source), case .string(let url)? = sources.first {
                    entry.url = url
                }
                out.append(entry)
            }
            return out
        case .member:
            guard case .date(let d) = value(fields.joined) else { return [] }
            var entry = TimelineEntry(kind: .member, id: "\(id).joined", title: "\(name) joins the coalition", date: d)
            entry.city = string(fields.city)
            entry.country = country(fields.country)
            entry.url = string(fields.website)
            return [entry]
        case .publication, .statement:
            let date = value(fields.date)
            guard let d = Comparison.date(date) else { return [] }
            var entry = TimelineEntry(kind: kind == .publication ? .publication : .statement, id: id, title: name, date: d)
            entry.description = string(fields.description)
            entry.url = string(fields.url)
            entry.tags = tags()
            if kind == .statement, case .dateTime(let t) = date { entry.dateTime = t }
            return [entry]
        default:
            return []
        }
    }

    // Inlined: called, it was given a copy of each entry, retaining all its
    // strings, for every report and filtered timeline.
    @inline(__always)
    static func matches(_ e: TimelineEntry, _ f: Filter) -> Bool {
        // A partial date matches a bound it may fall within: "2017" is kept
        // by --from 2017-06, not silently dropped.
        if let from = f.from, (e.endDate ?? e.date).lastDay < from.firstDay { return false }
        if let to = f.to, e.date.firstDay > to.lastDay { return false }
        if !f.countries.isEmpty, !f.countries.contains(e.country ?? "") { return false }
        if !f.tags.isEmpty, !e.tags.contains(where: f.tags.contains) { return false }
        if !f.kinds.isEmpty, !f.kinds.contains(e.kind) { return false }
        return true
    }

    /// "14 Mar 2017", "Mar 2017", "2017": a date at its own precision.
    public static func display(_ d: CapDate) -> String {
        let months = monthAbbreviations
        switch d.precision {
        case .year: return String(d.year)
        case .month: return "\(months[d.month - 1]) \(d.year)"
        case .day: return "\(d.day) \(months[d.month - 1]) \(d.year)"
        }
    }

    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func display(_ e: TimelineEntry) -> String {
        if let end = e.endDate { return "\(display(e.date)) – \(display(end))" }
        if let t = e.dateTime {
            return "\(display(e.date)) \(String(t.hour).leftPadded(2)):\(String(t.minute).leftPadded(2))" + (t.zone.map { " \($0)" } ?? "")
        }
        return display(e.date)
    }
}
