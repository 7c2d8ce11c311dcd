import CapValues
import CapSchema
import CapAnalysis
import CapEval
import CapPublish
import CapRuntime

/// What changed between two checked sides, as a reviewer of a data pull
/// request reads it: entities added, removed, renamed (the same content
/// under a new id) and changed field by field; how the law map as of
/// `today` changes; how the figures of the declared reports change.
package struct DataDiff {
    package struct Entity: Sendable {
        package let kind: String
        package let id: String
        package let label: String
        /// Where it is declared (on the new side; for a removed entity, the old).
        package var file: String = ""
        package var line: Int = 0
    }

    package struct Rename: Sendable {
        package let kind: String
        package let oldID: String
        package let newID: String
        package let label: String
        package var file: String = ""
        package var line: Int = 0
        /// Empty for a pure rename; what else changed for an entity
        /// matched by its kind and name or title.
        package var fields: [FieldChange] = []
    }

    package struct FieldChange: Sendable {
        package let field: String
        /// For a single field: the value before and after (nil: absent).
        package let old: String?
        package let new: String?
        /// For a list: the items it lost and gained (a reordering alone
        /// shows as both empty, with `reordered`).
        package let list: Bool
        package let removed: [String]
        package let added: [String]
        package var reordered: Bool { list && removed.isEmpty && added.isEmpty }
    }

    package struct Change: Sendable {
        package let kind: String
        package let id: String
        package let label: String
        package let fields: [FieldChange]
        package var file: String = ""
        package var line: Int = 0
    }

    package struct LawChange: Sendable {
        package let code: String
        package let name: String
        package let old: String
        package let new: String
    }

    package struct FigureChange: Sendable {
        package let report: String
        package let figure: String
        package let old: String?
        package let new: String?
    }

    package var added: [Entity] = []
    package var removed: [Entity] = []
    package var renamed: [Rename] = []
    package var changed: [Change] = []
    package var lawMap: [LawChange] = []
    package var figures: [FigureChange] = []
    package var today: CapDate

    package var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && renamed.isEmpty && changed.isEmpty && lawMap.isEmpty && figures.isEmpty
    }

    package init(old: DiffSide, new: DiffSide, today: CapDate) {
        self.today = today
        let a = old.program.model, b = new.program.model
        // The fields of the few entities that changed are read once or
        // twice: kept, each field read made an array over every entity of
        // the data (a megabyte of zeroed memory per field and side).
        let keeping = (a.keepsDecodedValues, b.keepsDecodedValues)
        (a.keepsDecodedValues, b.keepsDecodedValues) = (false, false)
        defer { (a.keepsDecodedValues, b.keepsDecodedValues) = keeping }
        // An id is looked for first where the last one was found, one
        // place on: the two sides mostly list the same entities in the same
        // order. Only when it is not there is the new side's map of ids
        // made. (With errors, ids may repeat, and the map, which keeps the
        // last entity of an id, decides every time.)
        let oldIDs = old.ids, newIDs = new.ids
        var newByID: [String: Int]? = nil
        let inOrder = !new.workspace.diagnostics.hasErrors
        var pairs: [(Int, Int)] = []
        var gone: [Int] = []
        var isPaired = [Bool](repeating: false, count: newIDs.count)
        var shift = 0
        for e in oldIDs.indices {
            var n = e + shift
            if !(inOrder && n < newIDs.count && newIDs[n] == oldIDs[e]) {
                if newByID == nil {
                    newByID = Dictionary(newIDs.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { _, last in last })
                }
                guard let found = newByID![oldIDs[e]] else { gone.append(e); continue }
                n = found
                shift = n - e
            }
            if b.kind(n) == a.kind(e) { pairs.append((e, n)); isPaired[n] = true } else { gone.append(e) }
        }
        var arrived = newIDs.indices.filter { !isPaired[$0] }

        // Renames: the same content under a new id. Found again until
        // nothing more is found, because an entity that refers to a
        // renamed one matches only once that rename is known.
        var renames: [String: String] = [:]
        let goneContent = Dictionary(uniqueKeysWithValues: gone.map { ($0, EntityContent(a, $0)) })
        let arrivedContent = Dictionary(uniqueKeysWithValues: arrived.map { ($0, EntityContent(b, $0)) })
        var renamedNew = Set<Int>()
        var progress = true
        while progress && !gone.isEmpty && !arrived.isEmpty {
            progress = false
            var byPrint: [String: [Int]] = [:]
            for n in arrived where !renamedNew.contains(n) {
                byPrint[arrivedContent[n]!.fingerprint(rename: { $0 }), default: []].append(n)
            }
            let rename: (String) -> String = { renames[$0] ?? $0 }
            for e in gone where renames[a.entityID(e)] == nil {
                let print = goneContent[e]!.fingerprint(rename: rename)
                guard var candidates = byPrint[print], !candidates.isEmpty else { continue }
                let n = candidates.removeFirst()
                byPrint[print] = candidates
                renames[a.entityID(e)] = b.entityID(n)
                renamedNew.insert(n)
                let (file, line) = Self.location(b, n)
                renamed.append(Rename(kind: a.kind(e).rawValue, oldID: a.entityID(e), newID: b.entityID(n), label: b.entityName(n),
                                      file: file, line: line))
                progress = true
            }
        }
        // Then a new id with some changes: the one entity of its kind
        // and name or title on either side.
        func key(_ model: Model, _ e: Int) -> String { model.kind(e).rawValue + "\u{0}" + model.entityName(e) }
        var goneByKey: [String: [Int]] = [:], arrivedByKey: [String: [Int]] = [:]
        for e in gone where renames[a.entityID(e)] == nil { goneByKey[key(a, e), default: []].append(e) }
        for n in arrived where !renamedNew.contains(n) { arrivedByKey[key(b, n), default: []].append(n) }
        var loose: [(Int, Int)] = []
        for (k, olds) in goneByKey where olds.count == 1 {
            guard let news = arrivedByKey[k], news.count == 1, !a.entityName(olds[0]).isEmpty else { continue }
            renames[a.entityID(olds[0])] = b.entityID(news[0])
            renamedNew.insert(news[0])
            loose.append((olds[0], news[0]))
        }
        let renameLoose: (String) -> String = { renames[$0] ?? $0 }
        for (e, n) in loose.sorted(by: { $0.1 < $1.1 }) {
            let (file, line) = Self.location(b, n)
            renamed.append(Rename(kind: a.kind(e).rawValue, oldID: a.entityID(e), newID: b.entityID(n), label: b.entityName(n),
                                  file: file, line: line, fields: Self.fieldChanges(a, e, b, n, renameLoose)))
        }
        removed = gone.filter { renames[a.entityID($0)] == nil }.map { Self.entity(a, $0) }
        arrived.removeAll { renamedNew.contains($0) }
        added = arrived.map { Self.entity(b, $0) }

        let rename: (String) -> String = { renames[$0] ?? $0 }
        // The entities written differently are read field by field, the old
        // side's on a thread of its own: each model is read by one thread.
        let differing = pairs.sorted(by: { $0.1 < $1.1 }).filter { !Self.sameText(a, $0.0, b, $0.1) }
        let readingOld = DeepStack.Background { differing.map { EntityContent(a, $0.0) } }
        let after = differing.map { EntityContent(b, $0.1) }
        for ((e, n), (before, after)) in zip(differing, zip(readingOld.value(), after)) {
            let fields = Self.fieldChanges(before, after, header: a.schema[a.kind(e)].headerName, rename)
            if !fields.isEmpty {
                let (file, line) = Self.location(b, n)
                changed.append(Change(kind: b.kind(n).rawValue, id: b.entityID(n), label: b.entityName(n), fields: fields,
                                      file: file, line: line))
            }
        }
        lawMap = Self.lawMapChanges(a, b, today, rename)
        figures = Self.figureChanges(old.figures, new.figures, renames)
    }

    /// Field by field: the name or title, then the schema's fields in
    /// order; the old side's references renamed as the new side has them.
    static func fieldChanges(_ a: Model, _ e: Int, _ b: Model, _ n: Int, _ rename: (String) -> String) -> [FieldChange] {
        fieldChanges(EntityContent(a, e), EntityContent(b, n), header: a.schema[a.kind(e)].headerName, rename)
    }

    /// `header`: what the kind calls its name or title.
    static func fieldChanges(_ before: EntityContent, _ after: EntityContent, header: String,
                             _ rename: (String) -> String) -> [FieldChange] {
        var fields: [FieldChange] = []
        if before.label != after.label {
            fields.append(FieldChange(field: header, old: EntityContent.quoted(before.label), new: EntityContent.quoted(after.label),
                                      list: false, removed: [], added: []))
        }
        for (x, y) in zip(before.fields, after.fields) {
            let old = x.items.map { EntityContent.text($0, rename: rename) }
            let new = y.items.map { EntityContent.text($0) }
            guard old != new else { continue }
            if x.list {
                var remaining = new
                var lost: [String] = []
                for item in old {
                    if let i = remaining.firstIndex(of: item) { remaining.remove(at: i) } else { lost.append(item) }
                }
                fields.append(FieldChange(field: x.name, old: nil, new: nil, list: true, removed: lost, added: remaining))
            } else {
                fields.append(FieldChange(field: x.name, old: old.first, new: new.first, list: false, removed: [], added: []))
            }
        }
        return fields
    }

    static func location(_ model: Model, _ e: Int) -> (String, Int) {
        var file = "", line = 0
        if case .string(let f) = model.field(e, "file") ?? .none { file = f }
        if case .int(let l) = model.field(e, "line") ?? .none { line = Int(l) }
        return (file, line)
    }

    static func entity(_ model: Model, _ e: Int) -> Entity {
        let (file, line) = location(model, e)
        return Entity(kind: model.kind(e).rawValue, id: model.entityID(e), label: model.entityName(e), file: file, line: line)
    }

    /// Whether two entities are written the same, byte for byte: most of a
    /// large diff, settled without decoding a field.
    static func sameText(_ a: Model, _ e: Int, _ b: Model, _ n: Int) -> Bool {
        func text(_ model: Model, _ entity: Int) -> ArraySlice<UInt8> {
            let ref = model.table.refs[entity]
            let node = model.workspace.trees[Int(ref.file)].entities[Int(ref.index)]
            let bytes = model.workspace.sources.files[Int(ref.file)].bytes
            return bytes[Int(node.kindStart)..<min(Int(node.end), bytes.count)]
        }
        return text(a, e) == text(b, n)
    }

    static func lawMapChanges(_ a: Model, _ b: Model, _ today: CapDate, _ rename: (String) -> String) -> [LawChange] {
        let before = Dictionary(LawMap.rows(a, asOf: today).map { ($0.code, $0) }, uniquingKeysWith: { x, _ in x })
        let after = LawMap.rows(b, asOf: today)
        var out: [LawChange] = []
        var seen = Set<String>()
        for row in after {
            seen.insert(row.code)
            let old = before[row.code].map { describe($0, rename) } ?? "no law recorded"
            let new = describe(row)
            if old != new { out.append(LawChange(code: row.code, name: row.name, old: old, new: new)) }
        }
        for (code, row) in before.sorted(by: { $0.key < $1.key }) where !seen.contains(code) {
            let old = describe(row, rename)
            if old != "no law recorded" { out.append(LawChange(code: code, name: row.name, old: old, new: "no law recorded")) }
        }
        return out
    }

    /// "abolitionist, in force 2020-07-10 (il_2018)".
    static func describe(_ row: LawMapRow, _ rename: (String) -> String = { $0 }) -> String {
        let law = row.lawID.map { " (\(rename($0)))" } ?? ""
        switch row.status {
        case nil: return "no law recorded"
        case "bill": return "bill introduced" + law
        case "approved": return "bill approved by government" + law
        case "passed": return "\(row.model ?? "no model"), passed\(row.adopted.map { " \($0)" } ?? "")" + law
        default: return "\(row.model ?? "no model"), in force\(row.inForce.map { " \($0)" } ?? "")" + law
        }
    }

    /// The statistics of each declared report (its figures as computed,
    /// the figures it declares, its `statistic` bindings), by report id.
    /// `renames` gives the new id of a report the old side names otherwise.
    static func figureChanges(_ a: [String: [String: String]], _ b: [String: [String: String]],
                              _ renames: [String: String]) -> [FigureChange] {
        let before = Dictionary(a.map { (renames[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: { x, _ in x }), after = b
        var out: [FigureChange] = []
        for (report, stats) in after.sorted(by: { $0.key < $1.key }) {
            let old = before[report] ?? [:]
            for (name, value) in stats.sorted(by: { $0.key < $1.key }) where old[name] != value {
                out.append(FigureChange(report: report, figure: name, old: old[name], new: value))
            }
            for (name, value) in old.sorted(by: { $0.key < $1.key }) where stats[name] == nil {
                out.append(FigureChange(report: report, figure: name, old: value, new: nil))
            }
        }
        for (report, stats) in before.sorted(by: { $0.key < $1.key }) where after[report] == nil {
            for (name, value) in stats.sorted(by: { $0.key < $1.key }) {
                out.append(FigureChange(report: report, figure: name, old: value, new: nil))
            }
        }
        return out
    }

    static func figures(_ program: Program, workers: Int = DeepStack.defaultWorkers) -> [String: [String: String]] {
        let model = program.model
        var out: [String: [String: String]] = [:]
        var index: Timeline.Index? = nil
        var periods = Report.Periods()
        let reports = model.entities(of: .report).compactMap { e -> (Int, from: CapDate, to: CapDate)? in
            switch model.field(e, "period") ?? .none {
            case .date(let d): (e, d, d)
            case .dateRange(let x, let y): (e, x, y)
            case .dateTimeRange(let r): (e, r.start.date, r.end.date)
            default: nil
            }
        }
        // Only the entries of the reports' periods are read: a period reads
        // no other (the days from the first period's first to the last one's last).
        let first = reports.map(\.from.firstDay).min() ?? 0, last = reports.map(\.to.lastDay).max() ?? 0
        for (e, from, to) in reports {
            let period = (from: from, to: to)
            // One index of the side's entries, one period's statistics for
            // all the reports of that period (as a build shares them), and
            // the report's own statistics given its activities, as in a build.
            let made = periods.period(model, from: period.from, to: period.to, covers: Report.covers(model, e)) {
                if index == nil { index = Timeline.Index(model, from: first, to: last, workers: workers) }
                return index!
            }
            let report = Report(model, period: made.period, title: nil, declaredBy: e, extra: Build.statistics(program, e, period: made.period, reporting: false))
            var stats: [String: String] = [:]
            for s in report.statistics {
                var text = s.value.map(String.init) ?? s.items.joined(separator: ", ")
                if let declared = s.declared, declared != s.value { text += " (declared \(declared))" }
                stats[s.name] = text
            }
            out[model.entityID(e)] = stats
        }
        return out
    }
}
