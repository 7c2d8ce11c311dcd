import CapBase
import CSystem
import CapValues
import CapSyntax
import CapRuntime
import CapEval
import CapSchema

/// Everything dated in the data, in one chronological order: events, law
/// stages, members joining, publications and statements.
public enum Timeline {
    public struct Filter: Sendable {
        public var from: CapDate?
        public var to: CapDate?
        /// ISO codes; an entry matches if its place lies within one of them
        /// (`--country GB` keeps GB-NIR's entries).
        public var countries: [String] = []
        public var tags: [String] = []
        public var campaigns: [String] = []
        /// Kind words (`event`, `law`, or a kind the data declares).
        public var kinds: [String] = []
        public init() {}

        var isEmpty: Bool {
            from == nil && to == nil && countries.isEmpty && tags.isEmpty && campaigns.isEmpty && kinds.isEmpty
        }

        /// What a `timeline` output entity asks for: its `from`, `to`,
        /// `countries`, `tags`, `campaign` and `kinds` fields.
        init(declaredBy output: Int, in model: Model) {
            func words(_ field: String) -> [String] {
                guard case .list(let items) = model.field(output, field) ?? .none else { return [] }
                return items.compactMap {
                    switch $0 {
                    case .word(let w), .jurisdiction(let w): w
                    case .entity(let i): model.entityID(i)
                    default: nil
                    }
                }
            }
            from = LawMap.date(model.field(output, "from"))
            to = LawMap.date(model.field(output, "to"))
            countries = words("countries")
            tags = words("tags")
            campaigns = words("campaign")
            kinds = words("kinds")
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
    package struct Index: Sendable {
        let entries: [TimelineEntry]
        /// The entity each entry comes from.
        let entities: [Int]
        /// Positions in `entries`, chronologically (see TimelineOrder.swift).
        let order: [Int]

        package init(_ model: Model, workers: Int = DeepStack.defaultWorkers) {
            self.init(TimelineReader(model.workspace, table: model.workspace.entities), workers: workers)
        }

        /// Only the entries whose first day falls from `from` to `to`
        /// (day numbers, `CapDate.firstDay`): enough for the report periods
        /// within them, which read no other entry.
        package init(_ model: Model, from: Int, to: Int, workers: Int = DeepStack.defaultWorkers) {
            var reader = TimelineReader(model.workspace, table: model.workspace.entities)
            reader.window = from...max(from, to)
            self.init(reader, workers: workers)
        }

        /// Reads what `reader` holds, and nothing of the workspace: a build
        /// does this while the checker goes on (see `Build.check`).
        init(_ reader: TimelineReader, workers: Int = DeepStack.defaultWorkers) {
            let files = reader.entitiesByFile.indices
            // Each file is read and put in order on its own thread; the
            // sorted runs are then merged.
            var runs = DeepStack.map(costs: reader.entitiesByFile.map(\.count), workers: workers) { file in
                // A file's entries take some 2.2 times its bytes: grown a
                // page at a time, the heap cost these threads 13,000
                // mprotect calls on 100,000 events, an eighth of their
                // processor samples.
                cap_reserve_heap(UInt(reader.sourceSize(file: file) * 3))
                let read = reader.read(file: file)
                return (read: read, order: Run(sorting: read.keys, of: read.entries))
            }
            // Kind by kind, each in declaration order, as the table lists
            // them. The entries are moved, not copied: copying retained
            // each one, and freeing the files' arrays released it, two cache
            // misses per entry on one thread while the other had nothing to
            // do (6 ms in 500 on 100,000 events). Their places in the files'
            // arrays are taken by one shared entry.
            let total = runs.reduce(0) { $0 + $1.read.entries.reduce(0) { $0 + $1.count } }
            var entities: [Int] = []
            entities.reserveCapacity(total)
            var starts = [[Int]](repeating: [], count: runs.count)
            let entries = [TimelineEntry](unsafeUninitializedCapacity: total) { buffer, count in
                for k in reader.plans.indices {
                    for file in files {
                        starts[file].append(count)
                        entities += runs[file].read.entities[k]
                        runs[file].read.entries[k].withUnsafeMutableBufferPointer { moved in
                            guard let from = moved.baseAddress, let to = buffer.baseAddress else { return }
                            (to + count).moveInitialize(from: from, count: moved.count)
                            from.initialize(repeating: Index.placeholder, count: moved.count)
                            count += moved.count
                        }
                    }
                }
            }
            for file in files { runs[file].order.place { kind, i in starts[file][kind] + i } }
            order = Index.merged(runs.map(\.order), entries, workers: workers)
            self.entries = entries
            self.entities = entities
        }

        /// What the files' arrays hold once their entries are moved out.
        private static let placeholder = TimelineEntry(kind: .event, id: "", title: "", date: try! CapDate(year: 1))

        var all: TimelineSelection { TimelineSelection(entries, positions: order) }

        /// The positions, in order, of the entries whose first day (a day
        /// number) is from `first` to `last`: one run of `order`, found by
        /// bisection, so that a report on one year of twelve reads a twelfth.
        func starting(from first: Int, to last: Int) -> ArraySlice<Int> {
            let start = order.partitioningIndex { entries[$0].date.firstDay >= first }
            let end = order.partitioningIndex { entries[$0].date.firstDay > last }
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
            var kept: [Int] = []
            all.forEachWithPosition { p, e in
                if matches(e, filter) && (filter.campaigns.isEmpty || inCampaign(entities[p])) { kept.append(p) }
            }
            return TimelineSelection(entries, positions: kept)
        }
    }

    /// The words of the kinds whose entities `schema` puts on the timeline
    /// (a date field with `timeline "…"`), which `--kind` takes.
    public static func kindWords(_ schema: Schema) -> [String] { TimelineReader.kindWords(schema) }

    /// How an entry of a field is worded after its placeholders: "passed"
    /// for a law's `"{jurisdiction}: {title} passed"` (what translations
    /// look up).
    static func stageLabel(_ schema: Schema, kind: EntityKindName, field: String) -> String? {
        guard kind.index < schema.kinds.count, case .entry(let label)? = schema[kind].field(named: field)?.timeline,
              let close = label.lastIndex(of: "}") else { return nil }
        let tail = label[label.index(after: close)...].drop { $0 == " " }
        return tail.isEmpty ? nil : String(tail)
    }

    @inline(__always)
    static func matches(_ e: borrowing TimelineEntry, _ f: Filter) -> Bool {
        // A partial date matches a bound it may fall within: "2017" is kept
        // by --from 2017-06, not silently dropped.
        if let from = f.from, (e.endDate ?? e.date).lastDay < from.firstDay { return false }
        if let to = f.to, e.date.firstDay > to.lastDay { return false }
        if !f.countries.isEmpty {
            guard let place = e.country, f.countries.contains(where: { Jurisdictions.isWithin(place, $0) }) else { return false }
        }
        if !f.tags.isEmpty, !e.tags.contains(where: f.tags.contains) { return false }
        if !f.kinds.isEmpty, !f.kinds.contains(e.kind.rawValue) { return false }
        return true
    }

    /// "14 Mar 2017", "Mar 2017", "2017": a date at its own precision.
    public static func display(_ d: CapDate) -> String {
        let months = monthAbbreviations
        let qualifier = d.isExact ? "" : d.qualifier.word + " "
        switch d.precision {
        case .year: return qualifier + String(d.year)
        case .month: return "\(qualifier)\(months[d.month - 1]) \(d.year)"
        case .day: return "\(qualifier)\(d.day) \(months[d.month - 1]) \(d.year)"
        }
    }

    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// As `TextBuffer.appendDisplay` writes it, zone unescaped.
    public static func display(_ e: borrowing TimelineEntry, language: PublishLanguage = .en) -> String {
        var out = TextBuffer()
        out.appendDisplay(e, language: language) { $0.append($1) }
        return out.text
    }
}
