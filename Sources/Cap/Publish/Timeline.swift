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
    }

    public static func entries(_ model: Model, filter: Filter = Filter()) -> [TimelineEntry] {
        var out: [TimelineEntry] = []
        for kind in [EntityKindName.event, .law, .member, .publication, .statement] {
            for e in model.entities(of: kind) { out += entries(of: e, kind, model, filter) }
        }
        // Chronological; a coarser date sorts before the days within it
        // ("2017", then "Mar 2017", then "14 Mar 2017"), ties by title.
        return out.filter { matches($0, filter) }.sorted {
            if $0.date != $1.date { return $0.date < $1.date }
            return $0.title < $1.title
        }
    }

    static func entries(of e: Int, _ kind: EntityKindName, _ model: Model, _ filter: Filter) -> [TimelineEntry] {
        let id = model.entityID(e), name = model.entityName(e)
        func string(_ field: String) -> String? {
            if case .string(let s) = model.field(e, field) ?? .none { return s }
            return nil
        }
        func country(_ field: String) -> String? {
            if case .jurisdiction(let c) = model.field(e, field) ?? .none { return c }
            return nil
        }
        func tags() -> [String] {
            guard case .list(let items) = model.field(e, "tags") ?? .none else { return [] }
            return items.compactMap { if case .entity(let t) = $0 { return model.entityID(t) } else { return nil } }
        }
        func campaigns() -> [String] {
            guard case .list(let items) = model.field(e, "campaign") ?? .none else { return [] }
            return items.compactMap { if case .entity(let c) = $0 { return model.entityID(c) } else { return nil } }
        }
        if !filter.campaigns.isEmpty, !campaigns().contains(where: filter.campaigns.contains) { return [] }
        switch kind {
        case .event:
            var entry: TimelineEntry
            switch model.field(e, "date") ?? .none {
            case .date(let d): entry = TimelineEntry(kind: .event, id: id, title: name, date: d)
            case .dateTime(let t): entry = TimelineEntry(kind: .event, id: id, title: name, date: t.date, dateTime: t)
            case .dateRange(let a, let b): entry = TimelineEntry(kind: .event, id: id, title: name, date: a, endDate: b)
            default: return []
            }
            entry.description = string("description")
            entry.city = string("city")
            entry.country = country("country")
            if case .bool(let online) = model.field(e, "online") ?? .none { entry.online = online }
            entry.url = string("url")
            entry.tags = tags()
            return [entry]
        case .law:
            let place = country("jurisdiction")
            let placeName = place.flatMap { Jurisdictions.lookup(code: $0)?.name } ?? ""
            let labels = ["bill": "bill introduced", "approved": "approved by the government",
                          "passed": "passed", "in_force": "enters into force", "repealed": "repealed"]
            var out: [TimelineEntry] = []
            for stage in ["bill", "approved", "passed", "in_force", "repealed"] {
                guard case .date(let d) = model.field(e, stage) ?? .none else { continue }
                var entry = TimelineEntry(kind: .law, id: "\(id).\(stage)", title: "\(placeName): \(name) \(labels[stage]!)", date: d)
                entry.country = place
                entry.description = string("description")
                entry.tags = tags()
                if case .list(let sources) = model.field(e, "source") ?? .none, case .string(let url)? = sources.first {
                    entry.url = url
                }
                out.append(entry)
            }
            return out
        case .member:
            guard case .date(let d) = model.field(e, "joined") ?? .none else { return [] }
            var entry = TimelineEntry(kind: .member, id: "\(id).joined", title: "\(name) joins the coalition", date: d)
            entry.city = string("city")
            entry.country = country("country")
            entry.url = string("website")
            return [entry]
        case .publication, .statement:
            guard let d = Comparison.date(model.field(e, "date") ?? .none) else { return [] }
            var entry = TimelineEntry(kind: kind == .publication ? .publication : .statement, id: id, title: name, date: d)
            entry.description = string("description")
            entry.url = string("url")
            entry.tags = tags()
            if kind == .statement, case .dateTime(let t) = model.field(e, "date") ?? .none { entry.dateTime = t }
            return [entry]
        default:
            return []
        }
    }

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
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        switch d.precision {
        case .year: return String(d.year)
        case .month: return "\(months[d.month - 1]) \(d.year)"
        case .day: return "\(d.day) \(months[d.month - 1]) \(d.year)"
        }
    }

    public static func display(_ e: TimelineEntry) -> String {
        if let end = e.endDate { return "\(display(e.date)) – \(display(end))" }
        if let t = e.dateTime {
            return "\(display(e.date)) \(String(t.hour).leftPadded(2)):\(String(t.minute).leftPadded(2))" + (t.zone.map { " \($0)" } ?? "")
        }
        return display(e.date)
    }
}
