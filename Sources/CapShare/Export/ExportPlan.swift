import CapValues
import CapSchema

/// The tables of an export, derived from the schema alone: one table per
/// entity kind (its id, its header string, a column or three per single
/// field), a child table per list or record field, and the `entity` and
/// `country` tables every reference and every country code points to.
/// Nothing here names a kind: a kind the schema gains is exported too.
package struct ExportPlan: Sendable {
    /// Where one field of a kind goes.
    package enum Placement: Sendable {
        /// Single values: columns of the kind's table from `first` on.
        case columns(FieldSpec, first: Int)
        /// Lists and records: rows of a child table.
        case child(FieldSpec, table: Int)
    }

    package struct KindPlan: Sendable {
        package let kind: EntityKind
        package let table: Int
        package let fields: [Placement]
    }

    package private(set) var tables: [ExportTable] = []
    package private(set) var kinds: [KindPlan] = []
    package let entityTable: Int
    package let countryTable: Int

    /// Columns every kind's table starts with: id, header, file, line.
    package static let leadingColumns = 4

    /// The schema the plan's kinds come from: a record field's columns are its record's fields.
    private let recordSchema: Schema

    package init(kinds schema: [EntityKind] = EntityKind.all, records: Schema = .builtIn) {
        recordSchema = records
        tables.append(ExportTable(
            name: "entity", doc: "Every entity of the data, whatever its kind: what a reference to one of several kinds points to.",
            columns: [
                .init("id", .text, "The entity's id.", notNull: true),
                .init("kind", .text, "Its kind: member, event, law…", notNull: true),
                .init("label", .text, "Its name or title."),
            ],
            primaryKey: ["id"], labelColumn: "label", facets: ["kind"]))
        entityTable = 0
        tables.append(ExportTable(
            name: "country", doc: "Countries (ISO 3166-1) and the subdivisions the data names (ISO 3166-2, e.g. GB-NIR).",
            columns: [
                .init("code", .text, "ISO 3166-1 alpha-2 code, or the ISO 3166-2 code of a subdivision.", notNull: true),
                .init("name", .text, "English short name."),
                .init("alpha3", .text, "ISO 3166-1 alpha-3 code (none for a subdivision)."),
                .init("numeric", .text, "ISO 3166-1 numeric code."),
                .init("parent", .text, "For a subdivision, the country or subdivision directly above it (GB-NIR for GB-BFS).", references: ("country", "code")),
                .init("country", .text, "The ISO 3166-1 country it is or is in (GB for GB-NIR): group on it to roll subdivisions up.", references: ("country", "code")),
                .init("region", .text, "UN M49 region: Africa, Americas, Asia, Europe or Oceania (none for Antarctica)."),
                .init("region_code", .text, "UN M49 code of the region (150 for Europe)."),
                .init("subregion", .text, "UN M49 sub-region: Northern Europe, Sub-Saharan Africa, Latin America and the Caribbean…"),
                .init("subregion_code", .text, "UN M49 code of the sub-region (154 for Northern Europe)."),
                .init("intermediate_region", .text, "UN M49 intermediate region, in Africa and Latin America only: Western Africa, Caribbean…"),
                .init("intermediate_region_code", .text, "UN M49 code of the intermediate region (011 for Western Africa)."),
            ],
            primaryKey: ["code"], labelColumn: "name", facets: ["region", "subregion"]))
        countryTable = 1
        for kind in schema { add(kind) }
    }

    private mutating func add(_ kind: EntityKind) {
        let name = kind.name.rawValue
        var table = ExportTable(
            name: name, doc: kind.doc,
            columns: [
                .init("id", .text, "The \(name)'s id.", references: ("entity", "id"), notNull: true),
                .init(kind.headerName, .text, "The \(name)'s \(kind.headerName), the string after its id."),
                .init("file", .text, "The .cap file it is declared in."),
                .init("line", .integer, "The line of its declaration."),
            ],
            primaryKey: ["id"], labelColumn: kind.headerName)
        let tableIndex = tables.count
        tables.append(table)
        var placements: [Placement] = []
        var taken = Set(table.columns.map(\.name))
        for field in kind.fields {
            if field.list || Self.isRecord(field.type) {
                placements.append(.child(field, table: tables.count))
                tables.append(childTable(of: kind, field))
            } else {
                // A field named like a leading column keeps its data under
                // another name rather than clash.
                let base = taken.contains(field.name) ? field.name + "_field" : field.name
                let columns = Self.columns(for: field.type, named: base, doc: field.doc, inList: false)
                placements.append(.columns(field, first: table.columns.count))
                table.columns += columns
                taken.formUnion(columns.map(\.name))
            }
        }
        table.searchColumns = [kind.headerName] + kind.fields.filter { !$0.list && $0.type == .string }.map(\.name)
        table.facets = Self.facets(table)
        tables[tableIndex] = table
        kinds.append(KindPlan(kind: kind, table: tableIndex, fields: placements))
    }

    /// `member_tags`, `person_role`: the owner's id, the position in the
    /// list, then the value's columns (a record's fields, each as a single
    /// field of a kind would be).
    private func childTable(of kind: EntityKind, _ field: FieldSpec) -> ExportTable {
        let owner = kind.name.rawValue
        var columns: [ExportTable.Column] = [
            .init(owner + "_id", .text, "The \(owner).", references: (owner, "id"), notNull: true),
            .init("position", .integer, "Its place in the list, from 1.", notNull: true),
        ]
        if case .record(let record) = field.type {
            for sub in recordSchema.record(record).fields {
                columns += sub.list ? [.init(sub.name, .text, sub.doc + " (a JSON list)")]
                                    : Self.columns(for: sub.type, named: sub.name, doc: sub.doc, inList: false)
            }
        } else {
            var valueColumns = Self.columns(for: field.type, named: "value", doc: field.doc, inList: true)
            if valueColumns[0].name == columns[0].name { valueColumns[0].name = "target_id" }
            columns += valueColumns
        }
        var table = ExportTable(name: "\(owner)_\(field.name)", doc: "The \(field.name) of each \(owner): \(field.doc)",
                                columns: columns, primaryKey: [owner + "_id", "position"], labelColumn: nil)
        table.facets = Self.facets(table)
        return table
    }

    /// The columns one value of `type` takes. In a list, references and
    /// countries are named after what they point to (`tag_id`, `country`),
    /// so that a child table reads as a junction table.
    static func columns(for type: ValueType, named base: String, doc: String, inList: Bool) -> [ExportTable.Column] {
        switch type {
        case .string, .url, .email, .binding, .language, .enumeration:
            return [.init(base, .text, doc)]
        case .integer:
            return [.init(base, .integer, doc)]
        case .number:
            return [.init(base, .text, doc + " As written: 5000, 3.2 or a range 85..90.")]
        case .boolean:
            return [.init(base, .boolean, doc)]
        case .date, .when:
            return [.init(base, .text, doc + " As written: a year, a month, a day, a date and time or a range."),
                    .init(base + "_start", .day, "The first day \(base) may be (for sorting and ranges)."),
                    .init(base + "_end", .day, "The last day \(base) may be.")]
        case .jurisdiction:
            return [.init(inList ? "country" : base, .text, doc + " (ISO code)", references: ("country", "code"))]
        case .reference(let kinds):
            let target = kinds.count == 1 ? kinds[0].rawValue : "entity"
            return [.init(inList ? target + "_id" : base, .text, doc, references: (target, "id"))]
        case .referenceOrJurisdiction:
            return [.init(inList ? "entity_id" : base, .text, doc + " (an organisation)", references: ("entity", "id")),
                    .init(inList ? "country" : base + "_country", .text, doc + " (a state, ISO code)", references: ("country", "code"))]
        case .record:
            return [.init(base, .text, doc + " (JSON)")]
        }
    }

    static func isRecord(_ type: ValueType) -> Bool {
        if case .record = type { return true }
        return false
    }

    /// What a reader of coalition data filters by first.
    static let facetNames = ["country", "jurisdiction", "model", "status", "kind"]

    static func facets(_ table: ExportTable) -> [String] {
        facetNames.filter { table.column(named: $0) != nil }
    }
}
