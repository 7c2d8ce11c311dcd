import CapValues
import CapSyntax
import CapSchema
import CapAnalysis
import CapEval

/// The entries of `Timeline.Index`, read straight from the syntax trees:
/// one file per task, side by side.
///
/// Through `Model.field` an entry cost some 10,000 instructions: each call
/// scanned the block for its field, and each access to the workspace's
/// arrays retained and released them, so that two threads doing it fought
/// over the same counters and were no faster than one. Here each block is
/// scanned once, its fields put in slots by symbol, and a file's arrays are
/// held as buffers while it is read. Values decode as `Model.decode` does
/// for the same types; a test holds the two to each other.
struct TimelineReader {
    /// What a timeline reads of one kind, from the `timeline` properties of
    /// its fields (docs/schema.md, "The timeline"): slots are indices of
    /// `slotNames`.
    struct Plan {
        struct Entry {
            let slot: Int
            let isWhen: Bool
            /// A list of dates or of records: an entry per value, "ID.FIELD.N".
            let isList: Bool
            /// On records: the record's date and shown fields.
            let record: RecordPlan?
            let field: String
            let title: [Part]
            /// An entry titled by the header alone takes the entity's id;
            /// the others "ID.FIELD" (a law's stages, a member joining).
            let usesEntityID: Bool
        }
        /// What an entry reads of a record (a law's `amendment`): its first
        /// date field, and the fields shown after the label, "(by Law of
        /// 21 April 2021: Consent of minors)".
        struct RecordPlan {
            var date: Symbol?
            var dateIsWhen: Bool
            var shown: [(symbol: Symbol?, prefix: String?, isReference: Bool)]
        }
        enum Part {
            case text(String)
            case header
            case jurisdiction(Int)
            case names(Int)
            case string(Int)
        }
        let kind: EntityKindName
        var entries: [Entry] = []
        var city: Int?, country: Int?, link: Int?, description: Int?, tags: Int?, online: Int?, languages: Int?
        var details: [(slot: Int, label: String)] = []

        init(_ kind: EntityKind, schema: Schema, interner: Interner?, slot: (String) -> Int) {
            self.kind = kind.name
            for f in kind.fields {
                guard let role = f.timeline else { continue }
                switch role {
                case .entry(let label):
                    let parts = TimelineRole.parts(of: label) ?? [.text(label)]
                    let title: [Part] = parts.map { part in
                        switch part {
                        case .text(let t): return .text(t)
                        case .field(let name) where name == kind.headerName: return .header
                        case .field(let name):
                            switch kind.field(named: name)?.type {
                            case .jurisdiction?: return .jurisdiction(slot(name))
                            case .reference?, .referenceOrJurisdiction?, .language?: return .names(slot(name))
                            case .string?, .url?, .email?: return .string(slot(name))
                            default: return .text("")
                            }
                        }
                    }
                    var record: RecordPlan? = nil
                    if case .record(let ref) = f.type {
                        let fields = schema.record(ref).fields
                        let date = fields.first { $0.type == .date || $0.type == .when }
                        record = RecordPlan(date: date.flatMap { interner?.lookup($0.name) }, dateIsWhen: date?.type == .when,
                                            shown: fields.compactMap { rf in
                                                let isReference: Bool
                                                if case .reference = rf.type { isReference = true } else { isReference = false }
                                                switch rf.timeline {
                                                case .detail(let word)?: return (interner?.lookup(rf.name), word, isReference)
                                                case .description?: return (interner?.lookup(rf.name), nil, isReference)
                                                default: return nil
                                                }
                                            })
                    }
                    entries.append(Entry(slot: slot(f.name), isWhen: f.type == .when, isList: f.list || record != nil,
                                         record: record, field: f.name, title: title,
                                         usesEntityID: parts == [.field(kind.headerName)]))
                case .detail(let label): details.append((slot(f.name), label))
                case .city: city = slot(f.name)
                case .country: country = slot(f.name)
                case .link: link = slot(f.name)
                case .description: description = slot(f.name)
                case .tags: tags = slot(f.name)
                case .online: online = slot(f.name)
                case .languages: languages = slot(f.name)
                }
            }
        }
    }

    /// The kinds whose entities the timeline shows, by kind word: entries
    /// of one date and title are ordered by it (event, law, member, …).
    let plans: [Plan]
    /// Kind index → index in `plans`, or -1.
    private let planOf: [Int]
    /// The fields the plans read, by slot.
    let slotNames: [String]

    private let trees: [SyntaxTree]
    private let sources: [[UInt8]]
    private let table: EntityTable
    private let interner: Interner
    /// Symbol → slot + 1 (0 for a field no timeline reads).
    private let slotOf: [UInt16]
    /// Per file, the entities it declares that timelines read, in table order.
    let entitiesByFile: [[Int]]
    /// When set, only the entries whose first day (a day number) falls in
    /// it are made: a report's period reads no others (`Report.Period`),
    /// and a diff's figures need no title of the other years.
    var window: ClosedRange<Int>? = nil

    /// The kinds of `schema` that have timeline entries, by word.
    static func plans(_ schema: Schema, interner: Interner? = nil) -> (plans: [Plan], slotNames: [String]) {
        var names: [String] = []
        var slots: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let known = slots[name] { return known }
            slots[name] = names.count
            names.append(name)
            return names.count - 1
        }
        let plans = schema.kinds
            .filter { $0.fields.contains { if case .entry? = $0.timeline { true } else { false } } }
            .sorted { $0.name.rawValue < $1.name.rawValue }
            .map { Plan($0, schema: schema, interner: interner, slot: slot) }
        return (plans, names)
    }

    /// The words of the kinds the timeline shows (what `--kind` takes).
    static func kindWords(_ schema: Schema) -> [String] { plans(schema).plans.map(\.kind.rawValue) }

    /// `table`: the workspace's entities, which a build passes before the
    /// checker has finished (and set `workspace.entities`). The interner is
    /// a snapshot, since the checker may intern while the entries are read.
    init(_ workspace: Workspace, table: EntityTable) {
        trees = workspace.trees
        sources = workspace.sources.files.map(\.bytes)
        self.table = table
        interner = workspace.interner.snapshot()
        (plans, slotNames) = TimelineReader.plans(workspace.schema, interner: workspace.interner)
        var slotOf = [UInt16](repeating: 0, count: workspace.interner.count)
        for (slot, name) in slotNames.enumerated() {
            if let symbol = workspace.interner.lookup(name), Int(symbol) < slotOf.count {
                slotOf[Int(symbol)] = UInt16(slot + 1)
            }
        }
        self.slotOf = slotOf
        var planOf = [Int](repeating: -1, count: workspace.schema.kinds.count)
        for (p, plan) in plans.enumerated() { planOf[plan.kind.index] = p }
        self.planOf = planOf
        var byFile = [[Int]](repeating: [], count: workspace.trees.count)
        for i in 0..<table.count where planOf.indices.contains(table.kinds[i].index) && planOf[table.kinds[i].index] >= 0 {
            let file = Int(table.refs[i].file)
            if file < byFile.count { byFile[file].append(i) }
        }
        entitiesByFile = byFile
    }

    /// An entity's name, or its id when it has none.
    func entityName(_ symbol: Symbol) -> String {
        guard let t = table.lookup(symbol) else { return interner[symbol] }
        let ref = table.refs[t]
        let node = trees[Int(ref.file)].entities[Int(ref.index)]
        guard node.hasName else { return interner[table.ids[t]] }
        return StringLiteral.decode(sources[Int(ref.file)][Int(node.nameStart)..<Int(node.nameEnd)])
    }

    /// The bytes of a file's source.
    func sourceSize(file: Int) -> Int { sources[file].count }

    /// One file's entries, by kind in the order of `plans`, each with the
    /// table index of its entity, and their sort keys in the order read.
    struct FileEntries {
        var entries: [[TimelineEntry]]
        var entities: [[Int]]
        /// Made as each entry is, while its title is still in the cache:
        /// made afterwards, from entries scattered over the heap, they took
        /// an eighth of the time of building the index.
        var keys: [Timeline.Index.OrderKey] = []

        init(kinds: Int) {
            entries = Array(repeating: [], count: kinds)
            entities = Array(repeating: [], count: kinds)
        }
    }

    /// Reads one file; may run concurrently with itself on other files. It
    /// keeps its own caches, so that no two threads share a string.
    func read(file: Int) -> FileEntries {
        var out = FileEntries(kinds: plans.count)
        var state = FileState(reader: self)
        let tree = trees[file]
        tree.fields.withUnsafeBufferPointer { fields in
            tree.values.withUnsafeBufferPointer { values in
                tree.ranges.withUnsafeBufferPointer { ranges in
                  tree.blocks.withUnsafeBufferPointer { blocks in
                    sources[file].withUnsafeBufferPointer { bytes in
                        slotOf.withUnsafeBufferPointer { slotOf in
                            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(slotNames.count, 1)) { first in
                                for e in entitiesByFile[file] {
                                    let k = planOf[table.kinds[e].index]
                                    guard k >= 0 else { continue }
                                    let node = tree.entities[Int(table.refs[e].index)]
                                    let block = tree.blocks[Int(node.block)]
                                    let end = min(Int(block.firstField) + Int(block.fieldCount), fields.count)
                                    first.initialize(repeating: -1)
                                    for f in min(Int(block.firstField), end)..<end {
                                        let symbol = Int(fields[f].name)
                                        guard symbol < slotOf.count, slotOf[symbol] != 0, !fields[f].isDamaged else { continue }
                                        let slot = Int(slotOf[symbol]) - 1
                                        if first[slot] < 0 { first[slot] = Int32(f) }
                                    }
                                    let view = BlockView(fields: fields, values: values, bytes: bytes, ranges: ranges,
                                                         blocks: blocks, first: UnsafeBufferPointer(first), end: end)
                                    let before = out.entries[k].count
                                    state.make(node, plans[k], view, into: &out.entries[k])
                                    for i in before..<out.entries[k].count {
                                        out.entities[k].append(e)
                                        out.keys.append(Timeline.Index.OrderKey(out.entries[k][i], kind: k, index: i))
                                    }
                                }
                            }
                        }
                    }
                  }
                }
            }
        }
        return out
    }

    /// The strings reading a file has made, to be reused.
    private struct FileState {
        let reader: TimelineReader
        var codes = SymbolCache<String?>()
        var ids = SymbolCache<String>()

        init(reader: TimelineReader) { self.reader = reader }

        /// An entity's entries, one per date its plan reads, in the order
        /// declared. What they share (text, link, tags, place) is read
        /// once, on the first.
        mutating func make(_ node: EntityNode, _ plan: Plan, _ v: BlockView, into out: inout [TimelineEntry]) {
            let id = reader.interner[node.id]
            let name = node.hasName ? StringLiteral.decode(v.bytes[Int(node.nameStart)..<Int(node.nameEnd)]) : ""
            var shared: Common? = nil
            // An entry sorts after the one before it, whatever the
            // precision of their dates ("enters into force" in June 2015
            // after "passed" on 9 June 2015): one day past the previous
            // entry's key (slot 3 of its day, which no date uses).
            var previousKey: Int? = nil
            for entry in plan.entries {
                if entry.isList {
                    makeEach(entry, plan, id: id, name: name, v, shared: &shared, into: &out)
                    continue
                }
                let (date, dateTime, endDate, endDateTime): (CapDate, CapDateTime?, CapDate?, CapDateTime?)
                if entry.isWhen {
                    guard let value = v.when(entry.slot) else { continue }
                    switch value {
                    case .date(let d): (date, dateTime, endDate, endDateTime) = (d, nil, nil, nil)
                    case .dateTime(let t): (date, dateTime, endDate, endDateTime) = (t.date, t, nil, nil)
                    case .dateRange(let a, let b): (date, dateTime, endDate, endDateTime) = (a, nil, b, nil)
                    case .dateTimeRange(let r): (date, dateTime, endDate, endDateTime) = (r.start.date, r.start.time, r.end.date, r.end.time)
                    default:
                        guard let d = Comparison.date(value) else { continue }
                        (date, dateTime, endDate, endDateTime) = (d, nil, nil, nil)
                    }
                } else {
                    guard let d = v.date(entry.slot) else { continue }
                    (date, dateTime, endDate, endDateTime) = (d, nil, nil, nil)
                }
                defer { previousKey = max(previousKey ?? Int.min, date.sortKey) }
                if let window = reader.window, !window.contains(date.firstDay) { continue }
                if shared == nil { shared = common(plan, v) }
                let c = shared!
                var sortAfter: Int? = nil
                if let previousKey, date.sortKey <= previousKey, date.firstDay <= previousKey / 4, previousKey / 4 <= date.lastDay {
                    sortAfter = previousKey / 4 * 4 + 3
                }
                out.append(TimelineEntry(kind: plan.kind, id: entry.usesEntityID ? id : "\(id).\(entry.field)",
                                         title: title(entry.title, name, v), date: date, endDate: endDate, dateTime: dateTime,
                                         endDateTime: endDateTime, description: c.description, city: c.city, country: c.country,
                                         online: c.online, url: c.url, tags: c.tags, details: c.details, sortAfter: sortAfter))
            }
        }

        /// The entries of a list of dates or records, "ID.FIELD.N" in the
        /// order written; they do not take part in the order of single dates.
        private mutating func makeEach(_ entry: Plan.Entry, _ plan: Plan, id: String, name: String, _ v: BlockView,
                                       shared: inout Common?, into out: inout [TimelineEntry]) {
            var n = 0
            var made: [(CapDate, String)] = []
            v.forEachValue(entry.slot) { value in
                if let record = entry.record {
                    guard let fields = v.record(value) else { return }
                    var date: CapDate? = nil
                    var shown: [String] = []
                    for f in fields where !v.fields[f].isDamaged && v.fields[f].valueCount > 0 {
                        let i = Int(v.fields[f].firstValue)
                        guard i < v.values.count else { continue }
                        let first = v.values[i], symbol = v.fields[f].name
                        if symbol == record.date {
                            date = record.dateIsWhen ? Comparison.date(Model.when(first, v.bytes, ranges: v.ranges)) : Model.capDate(first, v.bytes)
                        }
                    }
                    guard let date else { return }
                    // The shown fields in the record type's order.
                    for part in record.shown {
                        guard let symbol = part.symbol else { continue }
                        for f in fields where v.fields[f].name == symbol && !v.fields[f].isDamaged && v.fields[f].valueCount > 0 {
                            let first = v.values[Int(v.fields[f].firstValue)]
                            let text = part.isReference ? (first.kind == .identifier ? reader.entityName(first.payload) : nil)
                                                        : Model.string(first, v.bytes)
                            if let text { shown.append(part.prefix.map { "\($0) \(text)" } ?? text) }
                            break
                        }
                    }
                    made.append((date, shown.isEmpty ? "" : " (\(shown.joined(separator: ": ")))"))
                } else if let d = entry.isWhen ? Comparison.date(Model.when(value, v.bytes, ranges: v.ranges)) : Model.capDate(value, v.bytes) {
                    made.append((d, ""))
                }
            }
            let window = reader.window ?? Int.min...Int.max
            guard made.contains(where: { window.contains($0.0.firstDay) }) else { return }
            if shared == nil { shared = common(plan, v) }
            let c = shared!
            let label = title(entry.title, name, v)
            for (date, suffix) in made {
                n += 1
                guard window.contains(date.firstDay) else { continue }
                out.append(TimelineEntry(kind: plan.kind, id: "\(id).\(entry.field).\(n)", title: label + suffix, date: date,
                                         description: c.description, city: c.city, country: c.country, online: c.online,
                                         url: c.url, tags: c.tags, details: c.details))
            }
        }

        /// What an entity's entries share.
        private struct Common {
            var description: String?, city: String?, country: String?, online: Bool, url: String?, tags: [String]
            var details: [String]
        }

        private mutating func common(_ plan: Plan, _ v: BlockView) -> Common {
            var online = false
            if let slot = plan.online, let value = v.first(slot), value.kind == .boolean { online = value.payload == 1 }
            var details: [String] = []
            if !plan.details.isEmpty || plan.languages != nil {
                var lines = plan.details.map { ($0.label, names(v, $0.slot, languages: false)) }
                if let slot = plan.languages { lines.append(("Languages", names(v, slot, languages: true))) }
                details = lines.filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1.joined(separator: ", "))" }
            }
            return Common(description: plan.description.flatMap { v.string($0) }, city: plan.city.flatMap { v.string($0) },
                          country: plan.country.flatMap { country(v, $0) }, online: online,
                          url: plan.link.flatMap { v.string($0) }, tags: plan.tags.map { tags(v, $0) } ?? [], details: details)
        }

        /// An entry's title from its label's parts.
        private mutating func title(_ parts: [Plan.Part], _ name: String, _ v: BlockView) -> String {
            if parts.count == 1, case .header = parts[0] { return name }
            var out = ""
            for part in parts {
                switch part {
                case .text(let t): out += t
                case .header: out += name
                case .jurisdiction(let slot): out += country(v, slot).flatMap { Jurisdictions.name(code: $0) } ?? ""
                case .names(let slot): out += names(v, slot, languages: false).joined(separator: ", ")
                case .string(let slot): out += v.string(slot) ?? ""
                }
            }
            return out
        }

        /// A jurisdiction field as its code (`Model.decode`'s `.jurisdiction`).
        private mutating func country(_ v: BlockView, _ slot: Int) -> String? {
            guard let value = v.first(slot) else { return nil }
            switch value.kind {
            case .identifier:
                if let known = codes[value.payload] { return known }
                let code = Jurisdictions.lookup(code: reader.interner[value.payload])?.code
                codes[value.payload] = .some(code)
                return code
            case .string:
                return Jurisdictions.lookup(StringLiteral.decode(Model.slice(value, v.bytes)))?.code
            default:
                return nil
            }
        }

        /// What a list of references, countries or languages names, as a
        /// reader says it: an entity by its name, a country or a language by
        /// its English name.
        private func names(_ v: BlockView, _ slot: Int, languages: Bool) -> [String] {
            var out: [String] = []
            v.forEachValue(slot) { value in
                guard value.kind == .identifier else { return }
                if let t = reader.table.lookup(value.payload) {
                    let ref = reader.table.refs[t]
                    let node = reader.trees[Int(ref.file)].entities[Int(ref.index)]
                    if node.hasName {
                        let bytes = reader.sources[Int(ref.file)]
                        return out.append(StringLiteral.decode(bytes[Int(node.nameStart)..<Int(node.nameEnd)]))
                    }
                    return out.append(reader.interner[reader.table.ids[t]])
                }
                let word = reader.interner[value.payload]
                if languages { return out.append(Languages.lookup(code: word)?.name ?? word) }
                out.append(Jurisdictions.name(code: word) ?? word)
            }
            return out
        }

        /// The ids of the tags a `tags` list names (`.reference` values).
        private mutating func tags(_ v: BlockView, _ slot: Int) -> [String] {
            var out: [String] = []
            // Grown one append at a time, the lists cost half of this.
            out.reserveCapacity(v.valueCount(slot))
            v.forEachValue(slot) { value in
                guard value.kind == .identifier, let t = reader.table.lookup(value.payload) else { return }
                let symbol = reader.table.ids[t]
                if let known = ids[symbol] { return out.append(known) }
                let id = reader.interner[symbol]
                ids[symbol] = id
                out.append(id)
            }
            return out
        }
    }

    /// The strings last made for some symbols, by symbol modulo its size:
    /// a file names a few hundred countries and tags, a hundred thousand
    /// times, and hashing each symbol into a Dictionary took 3% of the
    /// processor samples of reading it.
    private struct SymbolCache<Value> {
        private var keys = [Symbol](repeating: .max, count: 512)
        private var values = [Value?](repeating: nil, count: 512)

        subscript(symbol: Symbol) -> Value? {
            get { keys[Int(symbol & 511)] == symbol ? values[Int(symbol & 511)] : nil }
            set {
                keys[Int(symbol & 511)] = symbol
                values[Int(symbol & 511)] = newValue
            }
        }
    }

    /// One block's fields of interest, over the file's buffers.
    fileprivate struct BlockView {
        let fields: UnsafeBufferPointer<FieldNode>
        let values: UnsafeBufferPointer<ValueNode>
        let bytes: UnsafeBufferPointer<UInt8>
        let ranges: UnsafeBufferPointer<(low: ValueNode, high: ValueNode)>
        let blocks: UnsafeBufferPointer<BlockNode>
        let first: UnsafeBufferPointer<Int32>
        let end: Int

        /// Every value of the fields in `slot`, in order.
        func forEachValue(_ slot: Int, _ body: (ValueNode) -> Void) {
            let start = Int(first[slot])
            guard start >= 0 else { return }
            let name = fields[start].name
            for f in start..<end where fields[f].name == name && !fields[f].isDamaged {
                let lo = Int(fields[f].firstValue)
                for i in lo..<min(lo + Int(fields[f].valueCount), values.count) { body(values[i]) }
            }
        }

        /// How many values the fields in `slot` have.
        func valueCount(_ slot: Int) -> Int {
            var count = 0
            forEachValue(slot) { _ in count += 1 }
            return count
        }

        /// The first value of the fields in `slot`, as a single field reads.
        func first(_ slot: Int) -> ValueNode? {
            let start = Int(first[slot])
            guard start >= 0 else { return nil }
            let name = fields[start].name
            for f in start..<end where fields[f].name == name && !fields[f].isDamaged && fields[f].valueCount > 0 {
                let i = Int(fields[f].firstValue)
                return i < values.count ? values[i] : nil
            }
            return nil
        }

        /// A `.string` or `.url` field, without making a `Value` only to
        /// take it apart.
        func string(_ slot: Int) -> String? { first(slot).flatMap { Model.string($0, bytes) } }

        /// A `.date` field.
        func date(_ slot: Int) -> CapDate? { first(slot).flatMap { Model.capDate($0, bytes) } }

        /// The indices of a record value's fields.
        func record(_ value: ValueNode) -> Range<Int>? {
            guard value.kind == .block, Int(value.payload) < blocks.count else { return nil }
            let block = blocks[Int(value.payload)]
            let lo = Int(block.firstField), hi = min(lo + Int(block.fieldCount), fields.count)
            return min(lo, hi)..<hi
        }

        /// A `.when` field.
        func when(_ slot: Int) -> Value? { first(slot).map { Model.when($0, bytes, ranges: ranges) } }
    }
}
