import CapValues
import CapSyntax
import CapSchema
import CapRuntime

/// What the checker's hot loop needs to know about a field, as plain data.
///
/// `FieldSpec` holds strings and arrays, so every copy of it costs reference
/// counting; on a 25 MB file that is millions of retains. The loop reads
/// these instead and touches a `FieldSpec` only to word a diagnostic.
struct FieldPlan {
    enum Kind: UInt8 {
        case string, integer, number, boolean, date, when, jurisdiction, language, url, email
        case enumeration, reference, referenceOrJurisdiction, record, binding
    }

    var kind: Kind
    var list: Bool
    var required: Bool
    /// `EnumType.id` for enumerations.
    var enumID: Int
    /// Accepted entity kinds, one bit per `EntityKindName.index`.
    var referenceKinds: UInt64
    var minimum: Int64?
    /// The kinds (one bit per index) whose entities named here are
    /// compared with the owner's date (`since joined`: an event's member
    /// organisers against their joining date).
    var sinceKinds: UInt64
    /// The field's place in its kind, for the message of that comparison.
    var index: Int

    init(_ spec: FieldSpec, index: Int, schema: Schema) {
        self.index = index
        list = spec.list
        required = spec.required
        enumID = -1
        referenceKinds = 0
        minimum = nil
        sinceKinds = 0
        func mask(_ kinds: [EntityKindName]) -> UInt64 { kinds.reduce(0) { $0 | 1 << UInt64($1.index) } }
        switch spec.type {
        case .string: kind = .string
        case .integer(let min): kind = .integer; minimum = min
        case .number: kind = .number
        case .boolean: kind = .boolean
        case .date: kind = .date
        case .when: kind = .when
        case .jurisdiction: kind = .jurisdiction
        case .language: kind = .language
        case .url: kind = .url
        case .email: kind = .email
        case .enumeration(let e): kind = .enumeration; enumID = e.id
        case .reference(let kinds): kind = .reference; referenceKinds = mask(kinds)
        case .referenceOrJurisdiction(let kinds): kind = .referenceOrJurisdiction; referenceKinds = mask(kinds)
        case .record: kind = .record
        case .binding: kind = .binding
        }
        if let since = spec.since {
            switch spec.type {
            case .reference(let kinds), .referenceOrJurisdiction(let kinds):
                sinceKinds = mask(kinds.filter { schema[$0].field(named: since)?.type == .date })
            default: break
            }
        }
    }
}

extension Checker {
    /// What the fast path concluded about one value.
    enum QuickResult {
        case valid
        case validDate(CapDate)
        /// Not certainly valid: run the full check, which words any problem.
        case unsure
    }

    /// The common case, decided without building a string or copying a spec.
    mutating func quickCheck(_ tree: SyntaxTree, _ value: ValueNode, _ plan: FieldPlan) -> QuickResult {
        switch plan.kind {
        case .string:
            return value.kind == .string || value.kind == .longString ? .valid : .unsure
        case .boolean:
            return value.kind == .boolean ? .valid : .unsure
        case .integer:
            // Up to 18 digits cannot overflow; longer numbers take the slow path.
            guard value.kind == .integer, value.payload == 0, value.end - value.start <= 18 else { return .unsure }
            let bytes = self.bytes(tree.file)
            var n: Int64 = 0
            for i in Int(value.start)..<Int(value.end) where bytes[i] >= 48 && bytes[i] <= 57 { n = n * 10 + Int64(bytes[i] - 48) }
            if let minimum = plan.minimum, n < minimum { return .unsure }
            return .valid
        case .date, .when:
            guard value.kind == .date || (value.kind == .integer && value.end - value.start == 4) else { return .unsure }
            let bytes = self.bytes(tree.file)
            guard let date = try? CapDate.parse(bytes[Int(value.start)..<Int(value.end)]) else { return .unsure }
            return .validDate(date)
        case .jurisdiction:
            return value.kind == .identifier && isKnownJurisdiction(value.payload) ? .valid : .unsure
        case .language:
            return value.kind == .identifier && isKnownLanguage(value.payload) ? .valid : .unsure
        case .url:
            return value.kind == .string && isURL(tree, value) ? .valid : .unsure
        case .enumeration:
            return value.kind == .identifier && schemas.isCase(value.payload, ofEnum: plan.enumID) ? .valid : .unsure
        case .reference, .referenceOrJurisdiction:
            guard value.kind == .identifier else { return .unsure }
            if let (target, kind) = table.lookupWithKind(value.payload) {
                guard plan.referenceKinds & (1 << UInt64(kind)) != 0 else { return .unsure }
                references.append(tree.range(value.start, value.end), entity: target)
                if plan.sinceKinds & (1 << UInt64(kind)) != 0 {
                    pendingOrganisers.append((target, tree.range(value.start, value.end), plan.index))
                }
                return .valid
            }
            return plan.kind == .referenceOrJurisdiction && isKnownJurisdiction(value.payload) ? .valid : .unsure
        case .binding:
            // Whether the binding exists is checked with the scripts.
            return value.kind == .identifier ? .valid : .unsure
        case .number:
            return value.kind == .decimal || (value.kind == .integer && value.end - value.start <= 18) ? .valid : .unsure
        case .email, .record:
            return .unsure
        }
    }
}
