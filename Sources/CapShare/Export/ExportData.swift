import CapBase
import CapValues
import CapSchema
import CapEval

/// The rows of every table of an `ExportPlan`, read from the model: what
/// the SQLite and the PostgreSQL writers both write. The rows are handed
/// to the writer one at a time, never held all at once: 100,000 events
/// make over a million rows.
package struct ExportData {
    package let plan: ExportPlan
    let model: Model

    /// Without a plan, one for the data's schema: its declared kinds get tables too.
    package init(model: Model, plan: ExportPlan? = nil) {
        self.plan = plan ?? ExportPlan(kinds: model.schema.kinds, records: model.schema)
        self.model = model
    }

    /// Calls `emit` with each row and the index of its table: per entity
    /// its `entity` row, its rows in child tables, its kind's row; then the
    /// countries, every one and the subdivisions the data names.
    package func forEachRow(_ emit: (Int, [Cell]) -> Void) {
        // Every field of every entity, read once: nothing to keep.
        let keeping = model.keepsDecodedValues
        model.keepsDecodedValues = false
        defer { model.keepsDecodedValues = keeping }
        var usedCodes = Set<String>()
        let countryColumns = plan.tables.map { table in
            table.columns.indices.filter { table.columns[$0].references?.table == "country" }
        }
        func send(_ table: Int, _ row: [Cell]) {
            for c in countryColumns[table] { if case .text(let code) = row[c] { usedCodes.insert(code) } }
            emit(table, row)
        }
        for kindPlan in plan.kinds {
            let name = kindPlan.kind.name
            // What each field needs, taken out of its FieldSpec once per
            // kind: read per entity, the placements' copies of the specs'
            // strings and lists were a retain and a release each.
            let reads = kindPlan.fields.map { placement -> FieldRead in
                switch placement {
                case .columns(let f, let first):
                    FieldRead(access: model.access(f.name, of: name), type: f.type, first: first, child: -1, width: 0, record: nil)
                case .child(let f, let table):
                    FieldRead(access: model.access(f.name, of: name), type: f.type, first: 0, child: table,
                              width: plan.tables[table].columns.count,
                              record: { if case .record(let r) = f.type { model.schema.record(r) } else { nil } }())
                }
            }
            let fileAccess = model.access("file", of: name), lineAccess = model.access("line", of: name)
            let width = plan.tables[kindPlan.table].columns.count
            for entity in model.entities(of: name) {
                let id = model.entityID(entity)
                let label = model.entityName(entity)
                send(plan.entityTable, [.text(id), .text(name.rawValue), .text(label)])
                var row = [Cell](repeating: .null, count: width)
                row[0] = .text(id)
                row[1] = .text(label)
                if let fileAccess, case .string(let file) = model.field(entity, fileAccess) { row[2] = .text(file) }
                if let lineAccess, case .int(let line) = model.field(entity, lineAccess) { row[3] = .integer(line) }
                for read in reads {
                    let value = read.access.map { model.field(entity, $0) } ?? .none
                    guard read.child >= 0 else {
                        Self.write(value, read.type, model, into: &row, at: read.first)
                        continue
                    }
                    var items: [Value]
                    if case .list(let list) = value { items = list } else { items = value.isNone ? [] : [value] }
                    for (position, item) in items.enumerated() {
                        // Made at its width, its cells appended in place:
                        // some 700,000 of these rows on 100,000 events.
                        var child: [Cell] = []
                        child.reserveCapacity(read.width)
                        child.append(.text(id))
                        child.append(.integer(Int64(position + 1)))
                        if let record = read.record {
                            child += Self.recordCells(item, record, model)
                        } else {
                            Self.append(item, read.type, model, to: &child)
                        }
                        send(read.child, child)
                    }
                }
                send(kindPlan.table, row)
            }
        }
        var places = Jurisdictions.countries
        for code in usedCodes.sorted() {
            if let j = Jurisdictions.lookup(code: code), j.isSubdivision { places.append(j) }
        }
        for place in places.sorted(by: { $0.code < $1.code }) {
            let m49 = Regions.placement(of: place.code)
            func text(_ s: String?) -> Cell { s.map(Cell.text) ?? .null }
            emit(plan.countryTable, [
                .text(place.code), .text(place.name), text(place.alpha3), text(place.numeric), text(place.parent),
                .text(place.countryCode),
                text(m49?.region.name), text(m49?.region.code), text(m49?.subregion.name), text(m49?.subregion.code),
                text(m49?.intermediate?.name), text(m49?.intermediate?.code),
            ])
        }
    }

    /// One field of a kind, as the rows read it: its columns from `first`
    /// on, or (`child` ≥ 0) rows of that child table.
    /// A class: a struct of these was copied per field per entity, a
    /// retain and a release of each of its parts.
    private final class FieldRead {
        let access: Model.FieldAccess?
        let type: ValueType
        let first: Int
        let child: Int
        /// The child table's columns.
        let width: Int
        let record: RecordSchema?

        init(access: Model.FieldAccess?, type: ValueType, first: Int, child: Int, width: Int, record: RecordSchema?) {
            (self.access, self.type, self.first, self.child, self.width, self.record) = (access, type, first, child, width, record)
        }
    }

    /// `cells`, written into `row` from `first` on without an array of
    /// their own: the export writes some 700,000 values of 100,000 events.
    static func write(_ value: Value, _ type: ValueType, _ model: Model, into row: inout [Cell], at first: Int) {
        guard takesOneCell(type) else {
            for (offset, cell) in cells(value, type, model).enumerated() { row[first + offset] = cell }
            return
        }
        row[first] = cell(value, model)
    }

    /// `cells`, appended to `row`: a single cell without an array of its own.
    static func append(_ value: Value, _ type: ValueType, _ model: Model, to row: inout [Cell]) {
        guard takesOneCell(type) else {
            row += cells(value, type, model)
            return
        }
        row.append(cell(value, model))
    }

    /// Whether a value of `type` is one cell as it is (`cell`); the others
    /// are written (a number as written, a record as JSON) or take several.
    private static func takesOneCell(_ type: ValueType) -> Bool {
        switch type {
        case .date, .when, .referenceOrJurisdiction, .record, .number: false
        default: true
        }
    }

    /// A text, a whole number, a truth or a reference, as one cell.
    private static func cell(_ value: Value, _ model: Model) -> Cell {
        switch value {
        case .string(let s), .language(let s), .word(let s), .jurisdiction(let s): .text(s)
        case .int(let n): .integer(n)
        case .bool(let b): .boolean(b)
        case .entity(let e): .text(model.entityID(e))
        default: .null
        }
    }

    /// The cells of one value, as many as `ExportPlan.columns` gives its type.
    static func cells(_ value: Value, _ type: ValueType, _ model: Model) -> [Cell] {
        switch type {
        case .date, .when:
            switch value {
            case .date(let d): return [.text(d.description), .text(day(d, first: true)), .text(day(d, first: false))]
            case .dateTime(let t): return [.text(t.description), .text(day(t.date, first: true)), .text(day(t.date, first: false))]
            case .dateRange(let a, let b): return [.text("\(a)..\(b)"), .text(day(a, first: true)), .text(day(b, first: false))]
            case .dateTimeRange(let r): return [.text(r.description), .text(day(r.start.date, first: true)), .text(day(r.end.date, first: false))]
            default: return [.null, .null, .null]
            }
        case .referenceOrJurisdiction:
            switch value {
            case .entity(let e): return [.text(model.entityID(e)), .null]
            case .jurisdiction(let code): return [.null, .text(code)]
            default: return [.null, .null]
            }
        case .record(let record):
            return [Self.json(value, model.schema.record(record), model).map(Cell.text) ?? .null]
        case .number:
            return [Self.numberText(value).map(Cell.text) ?? .null]
        default:
            return [cell(value, model)]
        }
    }

    /// A record's fields as the child table's columns after owner and position.
    static func recordCells(_ value: Value, _ record: RecordSchema, _ model: Model) -> [Cell] {
        var fields: [String: Value] = [:]
        if case .record(let pairs) = value { for (k, v) in pairs { fields[k] = v } }
        var out: [Cell] = []
        for sub in record.fields {
            let v = fields[sub.name] ?? .none
            if sub.list {
                guard case .list(let items) = v, !items.isEmpty else { out.append(.null); continue }
                out.append(.text("[" + items.map { jsonScalar($0, model) }.joined(separator: ",") + "]"))
            } else {
                out += cells(v, sub.type, model)
            }
        }
        return out
    }

    /// A figure's number as written: 5000, 3.2, 85..90.
    static func numberText(_ value: Value) -> String? {
        switch value {
        case .int(let n): return String(n)
        case .double(let d): return String(d)
        case .record(let ends):
            guard let low = ends.first(where: { $0.0 == "low" }).flatMap({ numberText($0.1) }),
                  let high = ends.first(where: { $0.0 == "high" }).flatMap({ numberText($0.1) }) else { return nil }
            return low + ".." + high
        default: return nil
        }
    }

    static func json(_ value: Value, _ record: RecordSchema, _ model: Model) -> String? {
        guard case .record(let pairs) = value else { return nil }
        return "{" + pairs.map { "\(JSON.quote($0.0)):\(jsonScalar($0.1, model))" }.joined(separator: ",") + "}"
    }

    static func jsonScalar(_ value: Value, _ model: Model) -> String {
        switch value {
        case .string(let s), .language(let s), .word(let s), .jurisdiction(let s): return JSON.quote(s)
        case .int(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return JSON.quote(d.description)
        case .dateTime(let t): return JSON.quote(t.description)
        case .dateRange(let a, let b): return JSON.quote("\(a)..\(b)")
        case .dateTimeRange(let r): return JSON.quote(r.description)
        case .entity(let e): return JSON.quote(model.entityID(e))
        case .list(let items): return "[" + items.map { jsonScalar($0, model) }.joined(separator: ",") + "]"
        default: return "null"
        }
    }

    /// The first or last day a date may be, as YYYY-MM-DD.
    static func day(_ d: CapDate, first: Bool) -> String {
        let month = d.month == 0 ? (first ? 1 : 12) : d.month
        let day = d.day == 0 ? (first ? 1 : CapDate.daysIn(month: month, year: d.year)) : d.day
        func pad(_ n: Int, _ width: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, width - s.count)) + s }
        guard (0...9999).contains(d.year) else { return "\(pad(d.year, 4))-\(pad(month, 2))-\(pad(day, 2))" }
        // Written digit by digit: three of these per date, for every date
        // of every entity, were a string interpolation each.
        return String(unsafeUninitializedCapacity: 10) { out in
            func put(_ n: Int, _ at: Int, _ width: Int) {
                var n = n
                for i in stride(from: at + width - 1, through: at, by: -1) { out[i] = UInt8(ascii: "0") + UInt8(n % 10); n /= 10 }
            }
            put(d.year, 0, 4)
            out[4] = UInt8(ascii: "-")
            put(month, 5, 2)
            out[7] = UInt8(ascii: "-")
            put(day, 8, 2)
            return 10
        }
    }
}
