import CapSyntax
import CapSchema

/// The schema, indexed by interned field names, so finding a field's spec is
/// two array reads instead of string comparisons on the hot path. Built from
/// whatever the workspace's schema holds: the prelude's kinds and the data's
/// are looked up the same way.
struct SchemaIndex {
    let schema: Schema
    /// Distinct field names across all kinds and records.
    let names: [String]
    /// symbol → 1 + index in `names`, 0 when the symbol names no field.
    private var slotBySymbol: [UInt16]
    /// Per entity kind (by index): name index → spec index or -1.
    private let kindTables: [[Int8]]
    /// Per record type (by index), the same.
    private let recordTables: [[Int8]]
    /// Per entity kind, the fields' plans in schema order.
    let kindPlans: [[FieldPlan]]
    let recordPlans: [[FieldPlan]]
    /// Per kind and per record: each field with an `after` list, and the
    /// positions of the fields it names, in order.
    let kindOrders: [[(field: Int, after: [Int])]]
    let recordOrders: [[(field: Int, after: [Int])]]
    /// Per kind: the date field its entities are compared by when a
    /// reference declared `since` names them (a member's `joined`).
    let sinceField: [String?]
    /// Per kind: the index of its first date field, the day its entities'
    /// `since` references are compared with.
    let ownDate: [Int?]
    /// symbol → bit set of the enumerations (by `EnumType.id`) it is a case of.
    private var enumMembership: [UInt64] = []

    init(schema: Schema, interner: Interner) {
        self.schema = schema
        var names: [String] = []
        var seen: [String: Int] = [:]
        let allFields = schema.kinds.flatMap(\.fields) + schema.records.flatMap(\.fields)
        for f in allFields where seen[f.name] == nil {
            seen[f.name] = names.count
            names.append(f.name)
        }
        self.names = names
        slotBySymbol = []
        func table(_ specs: [FieldSpec]) -> [Int8] {
            var t = [Int8](repeating: -1, count: names.count)
            for (i, f) in specs.enumerated() { t[seen[f.name]!] = Int8(i) }
            return t
        }
        func orders(_ specs: [FieldSpec]) -> [(field: Int, after: [Int])] {
            specs.indices.compactMap { i in
                specs[i].after.isEmpty ? nil : (i, specs[i].after.compactMap { name in specs.firstIndex { $0.name == name } })
            }
        }
        kindTables = schema.kinds.map { table($0.fields) }
        recordTables = schema.records.map { table($0.fields) }
        kindPlans = schema.kinds.map { $0.fields.enumerated().map { FieldPlan($1, index: $0, schema: schema) } }
        recordPlans = schema.records.map { $0.fields.enumerated().map { FieldPlan($1, index: $0, schema: schema) } }
        var sinceField = [String?](repeating: nil, count: schema.kinds.count)
        for f in schema.kinds.flatMap(\.fields) {
            guard let since = f.since else { continue }
            switch f.type {
            case .reference(let kinds), .referenceOrJurisdiction(let kinds):
                for k in kinds where sinceField[k.index] == nil && schema[k].field(named: since)?.type == .date {
                    sinceField[k.index] = since
                }
            default: break
            }
        }
        self.sinceField = sinceField
        ownDate = schema.kinds.map { $0.fields.firstIndex { $0.type == .date || $0.type == .when } }
        kindOrders = schema.kinds.map { orders($0.fields) }
        recordOrders = schema.records.map { orders($0.fields) }
        for (i, n) in names.enumerated() {
            let symbol = Int(interner.intern(n))
            if slotBySymbol.count <= symbol {
                slotBySymbol.append(contentsOf: repeatElement(0, count: symbol + 1 - slotBySymbol.count))
            }
            slotBySymbol[symbol] = UInt16(i + 1)
        }
        for e in schema.enums {
            for word in e.caseNames {
                let symbol = Int(interner.intern(word))
                if enumMembership.count <= symbol {
                    enumMembership.append(contentsOf: repeatElement(0, count: symbol + 1 - enumMembership.count))
                }
                enumMembership[symbol] |= 1 << UInt64(e.id)
            }
        }
    }

    func kindTable(_ kind: EntityKindName) -> [Int8] {
        kindTables[kind.index]
    }

    func recordTable(_ record: RecordRef) -> [Int8] {
        recordTables[record.index]
    }

    func recordPlans(_ record: RecordRef) -> [FieldPlan] {
        recordPlans[record.index]
    }

    @inline(__always)
    func fieldIndex(_ symbol: Symbol, in table: [Int8]) -> Int? {
        let s = Int(symbol)
        guard s < slotBySymbol.count else { return nil }
        let slot = Int(slotBySymbol[s])
        guard slot > 0 else { return nil }
        let spec = table[slot - 1]
        return spec >= 0 ? Int(spec) : nil
    }

    @inline(__always)
    func isCase(_ symbol: Symbol, ofEnum id: Int) -> Bool {
        Int(symbol) < enumMembership.count && enumMembership[Int(symbol)] & (1 << UInt64(id)) != 0
    }
}
