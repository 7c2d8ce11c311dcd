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
    /// The fields timelines read, by slot.
    enum Slot: Int, CaseIterable {
        case date, description, city, country, online, url, tags, jurisdiction, source, joined, website
        case bill, approved, passed, inForce, repealed
        case announced, promulgated, amended, amendment, partlyInForce
        case cosponsors, partners, languages

        var name: String {
            switch self {
            case .inForce: "in_force"
            case .partlyInForce: "partly_in_force"
            default: String(describing: self)
            }
        }
        static let stages: [Slot] = [.announced, .bill, .approved, .passed, .promulgated, .inForce, .repealed]
    }

    static let kinds: [EntityKindName] = [.event, .law, .member, .publication, .statement]

    private let trees: [SyntaxTree]
    private let sources: [[UInt8]]
    private let table: EntityTable
    private let interner: Interner
    /// Symbol → slot + 1 (0 for a field no timeline reads).
    private let slotOf: [UInt8]
    /// Per kind of `kinds`, a bit per slot its schema has: a field the
    /// schema lacks reads as absent, as in `Model`.
    private let allowed: [UInt32]
    /// Per file, the entities it declares that timelines read, in table order.
    let entitiesByFile: [[Int]]
    /// The fields of the records a law's timeline reads (`amendment`,
    /// `partly_in_force`): nil where no file names them.
    let recordFields: (date: Symbol?, part: Symbol?, by: Symbol?, change: Symbol?)

    /// `table`: the workspace's entities, which a build passes before the
    /// checker has finished (and set `workspace.entities`). The interner is
    /// a snapshot, since the checker may intern while the entries are read.
    init(_ workspace: Workspace, table: EntityTable) {
        trees = workspace.trees
        sources = workspace.sources.files.map(\.bytes)
        self.table = table
        interner = workspace.interner.snapshot()
        var slotOf = [UInt8](repeating: 0, count: workspace.interner.count)
        for slot in Slot.allCases {
            if let symbol = workspace.interner.lookup(slot.name), Int(symbol) < slotOf.count {
                slotOf[Int(symbol)] = UInt8(slot.rawValue + 1)
            }
        }
        self.slotOf = slotOf
        let interner = workspace.interner
        recordFields = (interner.lookup("date"), interner.lookup("part"), interner.lookup("by"), interner.lookup("change"))
        allowed = TimelineReader.kinds.map { kind in
            Slot.allCases.reduce(0) { mask, slot in
                workspace.schema[kind].field(named: slot.name) == nil ? mask : mask | 1 << UInt32(slot.rawValue)
            }
        }
        var byFile = [[Int]](repeating: [], count: workspace.trees.count)
        for i in 0..<table.count where TimelineReader.kinds.contains(table.kinds[i]) {
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

    /// One file's entries, by kind in the order of `kinds`, each with the
    /// table index of its entity, and their sort keys in the order read.
    struct FileEntries {
        var entries: [[TimelineEntry]] = Array(repeating: [], count: TimelineReader.kinds.count)
        var entities: [[Int]] = Array(repeating: [], count: TimelineReader.kinds.count)
        /// Made as each entry is, while its title is still in the cache:
        /// made afterwards, from entries scattered over the heap, they took
        /// an eighth of the time of building the index.
        var keys: [Timeline.Index.OrderKey] = []
    }

    /// Reads one file; may run concurrently with itself on other files. It
    /// keeps its own caches, so that no two threads share a string.
    func read(file: Int) -> FileEntries {
        var out = FileEntries()
        var state = FileState(reader: self)
        let tree = trees[file]
        tree.fields.withUnsafeBufferPointer { fields in
            tree.values.withUnsafeBufferPointer { values in
                tree.ranges.withUnsafeBufferPointer { ranges in
                  tree.blocks.withUnsafeBufferPointer { blocks in
                    sources[file].withUnsafeBufferPointer { bytes in
                        slotOf.withUnsafeBufferPointer { slotOf in
                            withUnsafeTemporaryAllocation(of: Int32.self, capacity: Slot.allCases.count) { first in
                                for e in entitiesByFile[file] {
                                    let kind = table.kinds[e]
                                    guard let k = TimelineReader.kinds.firstIndex(of: kind) else { continue }
                                    let node = tree.entities[Int(table.refs[e].index)]
                                    let block = tree.blocks[Int(node.block)]
                                    let end = min(Int(block.firstField) + Int(block.fieldCount), fields.count)
                                    let allowed = self.allowed[k]
                                    first.initialize(repeating: -1)
                                    for f in min(Int(block.firstField), end)..<end {
                                        let symbol = Int(fields[f].name)
                                        guard symbol < slotOf.count, slotOf[symbol] != 0, !fields[f].isDamaged else { continue }
                                        let slot = Int(slotOf[symbol]) - 1
                                        if first[slot] < 0 && allowed & (1 << UInt32(slot)) != 0 { first[slot] = Int32(f) }
                                    }
                                    let view = BlockView(fields: fields, values: values, bytes: bytes, ranges: ranges,
                                                         blocks: blocks, first: UnsafeBufferPointer(first), end: end)
                                    let before = out.entries[k].count
                                    state.make(node, kind, view, into: &out.entries[k])
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

        mutating func make(_ node: EntityNode, _ kind: EntityKindName, _ v: BlockView, into out: inout [TimelineEntry]) {
            let id = reader.interner[node.id]
            let name = node.hasName ? StringLiteral.decode(v.bytes[Int(node.nameStart)..<Int(node.nameEnd)]) : ""
            switch kind {
            case .event:
                let (date, dateTime, endDate): (CapDate, CapDateTime?, CapDate?)
                var endDateTime: CapDateTime? = nil
                switch v.when(.date) {
                case .date(let d): (date, dateTime, endDate) = (d, nil, nil)
                case .dateTime(let t): (date, dateTime, endDate) = (t.date, t, nil)
                case .dateRange(let a, let b): (date, dateTime, endDate) = (a, nil, b)
                case .dateTimeRange(let r):
                    (date, dateTime, endDate) = (r.start.date, r.start.time, r.end.date)
                    endDateTime = r.end.time
                default: return
                }
                var online = false
                if let value = v.first(.online), value.kind == .boolean { online = value.payload == 1 }
                var entry = TimelineEntry(kind: .event, id: id, title: name, date: date, endDate: endDate, dateTime: dateTime,
                                          endDateTime: endDateTime,
                                          description: v.string(.description), city: v.string(.city),
                                          country: country(v, .country), online: online, url: v.string(.url),
                                          tags: tags(v))
                let details = [("Co-sponsors", names(v, .cosponsors)), ("Partners", names(v, .partners)),
                               ("Languages", names(v, .languages))]
                    .filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1.joined(separator: ", "))" }
                if !details.isEmpty { entry.details = details }
                out.append(entry)
            case .law:
                let place = country(v, .jurisdiction)
                let placeName = place.flatMap { Jurisdictions.name(code: $0) } ?? ""
                var description: String?? = .none, tagList: [String]? = nil, url: String?? = .none
                // A stage sorts after the one before it, whatever the
                // precision of their dates: one day past the previous
                // stage's key (slot 3 of its day, which no date uses).
                var previousKey: Int? = nil
                for (stage, label) in zip(Slot.stages, Timeline.lawStages) {
                    guard let d = v.date(stage) else { continue }
                    defer { previousKey = max(previousKey ?? Int.min, d.sortKey) }
                    if description == nil { description = .some(v.string(.description)) }
                    if tagList == nil { tagList = tags(v) }
                    if url == nil { url = .some(v.string(.source)) }
                    var entry = TimelineEntry(kind: .law, id: "\(id).\(label.field)", title: "\(placeName): \(name) \(label.label)",
                                              date: d, description: description!, country: place, url: url!, tags: tagList!)
                    if let previousKey, d.sortKey <= previousKey, d.firstDay <= previousKey / 4, previousKey / 4 <= d.lastDay {
                        entry.sortAfter = previousKey / 4 * 4 + 3
                    }
                    out.append(entry)
                }
                // Amendments and parts in force on their own dates, each an
                // entry of its own after the stages.
                func add(_ suffix: String, _ label: String, _ d: CapDate) {
                    out.append(TimelineEntry(kind: .law, id: "\(id).\(suffix)", title: "\(placeName): \(name) \(label)", date: d,
                                             description: v.string(.description), country: place, url: v.string(.source), tags: tags(v)))
                }
                var n = 0
                v.forEachValue(.amended) { value in
                    guard let d = Model.capDate(value, v.bytes) else { return }
                    n += 1
                    add("amended.\(n)", "amended", d)
                }
                v.forEachValue(.amendment) { value in
                    guard let record = v.record(value, reader.recordFields), let d = record.date else { return }
                    n += 1
                    let by = record.by.map { "by \(reader.entityName($0))" }
                    let what = [by, record.change].compactMap { $0 }.joined(separator: ": ")
                    add("amended.\(n)", what.isEmpty ? "amended" : "amended (\(what))", d)
                }
                var p = 0
                v.forEachValue(.partlyInForce) { value in
                    guard let record = v.record(value, reader.recordFields), let d = record.date else { return }
                    p += 1
                    add("in_force_part.\(p)", "enters into force in part" + (record.part.map { " (\($0))" } ?? ""), d)
                }
            case .member:
                guard let d = v.date(.joined) else { return }
                out.append(TimelineEntry(kind: .member, id: "\(id).joined", title: "\(name) joins the coalition", date: d,
                                         city: v.string(.city), country: country(v, .country), url: v.string(.website)))
            case .publication, .statement:
                let value = kind == .publication ? v.date(.date).map(Value.date) : v.when(.date)
                guard let value, let d = Comparison.date(value) else { return }
                var dateTime: CapDateTime? = nil, endDate: CapDate? = nil, endDateTime: CapDateTime? = nil
                if kind == .statement, case .dateTime(let t) = value { dateTime = t }
                if kind == .statement, case .dateRange(_, let b) = value { endDate = b }
                if kind == .statement, case .dateTimeRange(let r) = value {
                    (dateTime, endDate, endDateTime) = (r.start.time, r.end.date, r.end.time)
                }
                out.append(TimelineEntry(kind: kind == .publication ? .publication : .statement, id: id, title: name, date: d,
                                         endDate: endDate, dateTime: dateTime, endDateTime: endDateTime, description: v.string(.description), url: v.string(.url),
                                         tags: tags(v)))
            default:
                return
            }
        }

        /// A jurisdiction field as its code (`Model.decode`'s `.jurisdiction`).
        private mutating func country(_ v: BlockView, _ slot: Slot) -> String? {
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
        private func names(_ v: BlockView, _ slot: Slot) -> [String] {
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
                if slot == .languages { return out.append(Languages.lookup(code: word)?.name ?? word) }
                out.append(Jurisdictions.name(code: word) ?? word)
            }
            return out
        }

        /// The ids of the tags a `tags` list names (`.reference` values).
        private mutating func tags(_ v: BlockView) -> [String] {
            var out: [String] = []
            // Grown one append at a time, the lists cost half of this.
            out.reserveCapacity(v.valueCount(.tags))
            v.forEachValue(.tags) { value in
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
        func forEachValue(_ slot: Slot, _ body: (ValueNode) -> Void) {
            let start = Int(first[slot.rawValue])
            guard start >= 0 else { return }
            let name = fields[start].name
            for f in start..<end where fields[f].name == name && !fields[f].isDamaged {
                let lo = Int(fields[f].firstValue)
                for i in lo..<min(lo + Int(fields[f].valueCount), values.count) { body(values[i]) }
            }
        }

        /// How many values the fields in `slot` have.
        func valueCount(_ slot: Slot) -> Int {
            var count = 0
            forEachValue(slot) { _ in count += 1 }
            return count
        }

        /// The first value of the fields in `slot`, as a single field reads.
        func first(_ slot: Slot) -> ValueNode? {
            let start = Int(first[slot.rawValue])
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
        func string(_ slot: Slot) -> String? { first(slot).flatMap { Model.string($0, bytes) } }

        /// A `.date` field.
        func date(_ slot: Slot) -> CapDate? { first(slot).flatMap { Model.capDate($0, bytes) } }

        /// The fields of a record value a law's timeline reads.
        func record(_ value: ValueNode, _ symbols: (date: Symbol?, part: Symbol?, by: Symbol?, change: Symbol?))
            -> (date: CapDate?, part: String?, by: Symbol?, change: String?)? {
            guard value.kind == .block, Int(value.payload) < blocks.count else { return nil }
            let block = blocks[Int(value.payload)]
            var out: (date: CapDate?, part: String?, by: Symbol?, change: String?) = (nil, nil, nil, nil)
            let lo = Int(block.firstField), hi = min(lo + Int(block.fieldCount), fields.count)
            for f in min(lo, hi)..<hi where !fields[f].isDamaged && fields[f].valueCount > 0 {
                let i = Int(fields[f].firstValue)
                guard i < values.count else { continue }
                let first = values[i]
                switch fields[f].name {
                case symbols.date: out.date = Model.capDate(first, bytes)
                case symbols.part: out.part = Model.string(first, bytes)
                case symbols.change: out.change = Model.string(first, bytes)
                case symbols.by: if first.kind == .identifier { out.by = first.payload }
                default: break
                }
            }
            return out
        }

        /// A `.when` field.
        func when(_ slot: Slot) -> Value? { first(slot).map { Model.when($0, bytes, ranges: ranges) } }
    }
}
