import CapSyntax
import CapSchema

/// The schema, indexed by interned field names, so finding a field's spec is
/// two array reads instead of string comparisons on the hot path.
struct SchemaIndex {
    /// Distinct field names across all kinds and records.
    let names: [String]
    /// symbol → 1 + index in `names`, 0 when the symbol names no field.
    private var slotBySymbol: [UInt16]
    /// Per entity kind (in `EntityKindName.allCases` order): name index → spec index or -1.
    private let kindTables: [[Int8]]
    let roleTable: [Int8]
    let figureTable: [Int8]
    /// Per entity kind, the fields' plans in schema order.
    let kindPlans: [[FieldPlan]]
    let rolePlans: [FieldPlan]
    let figurePlans: [FieldPlan]
    /// symbol → bit set of the enumerations (by `EnumType.id`) it is a case of.
    private var enumMembership: [UInt32] = []

    init(interner: Interner) {
        var names: [String] = []
        var seen: [String: Int] = [:]
        let allFields = EntityKind.all.flatMap(\.fields) + RecordSchema.role.fields + RecordSchema.figure.fields
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
        kindTables = EntityKindName.allCases.map { table(EntityKind.named($0).fields) }
        roleTable = table(RecordSchema.role.fields)
        figureTable = table(RecordSchema.figure.fields)
        kindPlans = EntityKindName.allCases.map { EntityKind.named($0).fields.map(FieldPlan.init) }
        rolePlans = RecordSchema.role.fields.map(FieldPlan.init)
        figurePlans = RecordSchema.figure.fields.map(FieldPlan.init)
        for (i, n) in names.enumerated() {
            let symbol = Int(interner.intern(n))
            if slotBySymbol.count <= symbol {
                slotBySymbol.append(contentsOf: repeatElement(0, count: symbol + 1 - slotBySymbol.count))
            }
            slotBySymbol[symbol] = UInt16(i + 1)
        }
        for type in allFields.map(\.type) {
            guard case .enumeration(let e) = type else { continue }
            for word in e.caseNames {
                let symbol = Int(interner.intern(word))
                if enumMembership.count <= symbol {
                    enumMembership.append(contentsOf: repeatElement(0, count: symbol + 1 - enumMembership.count))
                }
                enumMembership[symbol] |= 1 << UInt32(e.id)
            }
        }
    }

    func kindTable(_ kind: EntityKindName) -> [Int8] {
        kindTables[kind.index]
    }

    func recordTable(_ record: RecordSchema) -> [Int8] {
        record.name == "role" ? roleTable : figureTable
    }

    func recordPlans(_ record: RecordSchema) -> [FieldPlan] {
        record.name == "role" ? rolePlans : figurePlans
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
        Int(symbol) < enumMembership.count && enumMembership[Int(symbol)] & (1 << UInt32(id)) != 0
    }
}
