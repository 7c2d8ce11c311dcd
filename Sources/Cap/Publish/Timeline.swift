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
        Index(model).select(filter, model).entries
    }

    /// Every entry of the data, read once: a build filters it for each
    /// timeline and report, since reading the fields of every entity is most
    /// of the work. The entries stay in the order they were read, and
    /// `order` gives the chronological one, so that neither sorting nor
    /// filtering copies an entry.
    struct Index: Sendable {
        let entries: [TimelineEntry]
        /// The entity each entry comes from.
        let entities: [Int]
        /// Positions in `entries`, chronologically: a coarser date sorts
        /// before the days within it ("2017", then "Mar 2017", then "14 Mar
        /// 2017"), ties by title, then in the order read.
        let order: [Int]

        init(_ model: Model) {
            var entries: [TimelineEntry] = [], entities: [Int] = []
            for kind in [EntityKindName.event, .law, .member, .publication, .statement] {
                let fields = Fields(model, kind)
                for e in model.entities(of: kind) {
                    for entry in Timeline.entries(of: e, kind, model, fields) {
                        entries.append(entry)
                        entities.append(e)
                    }
                }
            }
            // Sorted on keys computed once: comparing entries recomputed
            // both day numbers each time.
            let keys = entries.map(\.date.sortKey)
            order = entries.withUnsafeBufferPointer { e in
                e.indices.sorted { a, b in
                    if keys[a] != keys[b] { return keys[a] < keys[b] }
                    if e[a].title != e[b].title { return e[a].title < e[b].title }
                    return a < b
                }
            }
            self.entries = entries
            self.entities = entities
        }

        var all: TimelineSelection { TimelineSelection(entries, positions: order) }

        /// The positions, in order, of the entries whose first day (a day
        /// number) is from `first` to `last`: one run of `order`, found by
        /// bisection, so that a report on one year of twelve reads a twelfth.
        func starting(from first: Int, to last: Int) -> ArraySlice<Int> {
            func firstPosition(where dayIsPast: (Int) -> Bool) -> Int {
                var low = 0, high = order.count
                while low < high {
                    let mid = (low + high) / 2
                    if dayIsPast(entries[order[mid]].date.firstDay) { high = mid } else { low = mid + 1 }
                }
                return low
            }
            let start = firstPosition { $0 >= first }
            let end = firstPosition { $0 > last }
            return order[start..<max(start, end)]
        }

        /// The entries `filter` keeps, in order.
        func select(_ filter: Filter, _ model: Model) -> TimelineSelection {
            guard !filter.isEmpty else { return all }
            var campaignOf: [Int: Bool] = [:]
            func inCampaign(_ e: Int) -> Bool {
                if let known = campaignOf[e] { return known }
                guard case .list(let items) = model.field(e, "campaign") ?? .none else { campaignOf[e] = false; return false }
                let found = items.contains { if case .entity(let c) = $0 { filter.campaigns.contains(model.entityID(c)) } else { false } }
                campaignOf[e] = found
                return found
            }
            let kept = entries.withUnsafeBufferPointer { e in
                order.filter { matches(e[$0], filter) && (filter.campaigns.isEmpty || inCampaign(entities[$0])) }
            }
            return TimelineSelection(entries, positions: kept)
        }
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

    @inline(__always)
    static func matches(_ e: borrowing TimelineEntry, _ f: Filter) -> Bool {
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

    public static func display(_ e: borrowing TimelineEntry) -> String {
        if let end = e.endDate { return "\(display(e.date)) – \(display(end))" }
        if let t = e.dateTime {
            return "\(display(e.date)) \(String(t.hour).leftPadded(2)):\(String(t.minute).leftPadded(2))" + (t.zone.map { " \($0)" } ?? "")
        }
        return display(e.date)
    }
}
