import CapBase

/// The types a field's value can have. The checker validates each value
/// against its field's type; scripting (later) evaluates them.
public indirect enum ValueType: Sendable, Equatable {
    case string
    case integer(min: Int64?)
    /// A whole or decimal number, or a range of them `low..high`: a figure's value.
    case number
    case boolean
    /// A date at any precision: 2017, 2017-03 or 2017-03-14.
    case date
    /// A date, a date with a time (and zone), or a range of those.
    case when
    case jurisdiction
    case language
    case url
    case email
    case enumeration(EnumType)
    /// An identifier naming an entity of one of these kinds.
    case reference([EntityKindName])
    /// Either a reference or a jurisdiction (co-sponsors are states or organisations).
    case referenceOrJurisdiction([EntityKindName])
    /// A nested `{ … }` block with its own fields, by the record type's
    /// place in the schema (a record may contain itself).
    case record(RecordRef)
    /// The name of a `let` binding (a query whose value a report shows).
    case binding

    /// How the type is named in messages: "a date", "a reference to a member or partner".
    public var phrase: String {
        switch self {
        case .string: "a string"
        case .integer: "a whole number"
        case .number: "a number (5000, 3.2) or a range of numbers (85..90)"
        case .boolean: "true or false"
        case .date: "a date (2017, 2017-03 or 2017-03-14)"
        case .when: "a date, date and time, or date range"
        case .jurisdiction: "a country or territory (ISO code or English name)"
        case .language: "an ISO 639-1 language code"
        case .url: "a URL"
        case .email: "an email address"
        case .enumeration(let e): e.cases.count <= 10 ? "one of " + e.caseNames.orList : "a \(e.name) (see 'cap schema')"
        case .reference(let kinds): "a reference to \(kinds.map(\.rawValue).orList)"
        case .referenceOrJurisdiction(let kinds): "a country or a reference to \(kinds.map(\.rawValue).orList)"
        case .record: "a { … } block"
        case .binding: "the name of a let binding"
        }
    }

    /// What is expected, in two or three words, for the label under a value.
    public var noun: String {
        switch self {
        case .string: "a string"
        case .integer, .number: "a number"
        case .boolean: "true or false"
        case .date, .when: "a date"
        case .jurisdiction: "a country"
        case .language: "a language code"
        case .url: "a URL"
        case .email: "an email address"
        case .enumeration(let e): "a \(e.name)"
        case .reference: "an id"
        case .referenceOrJurisdiction: "a country or an id"
        case .record: "a { … } block"
        case .binding: "a let name"
        }
    }

    /// Short name for documentation tables.
    public var shortName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .date: "date"
        case .when: "date | datetime | range"
        case .jurisdiction: "jurisdiction"
        case .language: "language"
        case .url: "url"
        case .email: "email"
        case .enumeration(let e): e.name
        case .reference(let kinds): "ref(" + kinds.map(\.rawValue).joined(separator: "|") + ")"
        case .referenceOrJurisdiction(let kinds): "jurisdiction | ref(" + kinds.map(\.rawValue).joined(separator: "|") + ")"
        case .record(let r): r.name
        case .binding: "let name"
        }
    }
}

/// A closed set of words, such as the legal models.
public struct EnumType: Sendable, Equatable {
    /// Its place in the schema, small (< `Schema.maxEnumerations`): the
    /// checker keeps one bit per enumeration for each word.
    public let id: Int
    /// The word that names it in a schema (`partner_kind`).
    public let word: String
    /// How messages name it: "partner kind".
    public let name: String
    public let doc: String
    public internal(set) var cases: [(name: String, doc: String)]
    /// Where the data declared each word it added, by word; empty for the prelude's.
    public internal(set) var declaredWords: [String: SourceRange] = [:]

    public init(id: Int, word: String, doc: String, _ cases: [(String, String)]) {
        self.id = id
        self.word = word
        self.name = word.split(separator: "_").joined(separator: " ")
        self.doc = doc
        self.cases = cases.map { (name: $0.0, doc: $0.1) }
    }

    public var caseNames: [String] { cases.map(\.name) }
    public func contains(_ word: String) -> Bool { cases.contains { $0.name == word } }

    public static func == (a: EnumType, b: EnumType) -> Bool { a.id == b.id }
}

/// A record type by its place in the schema, as a field's type names it.
public struct RecordRef: Sendable, Equatable {
    public let index: Int
    public let name: String
    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }
}

/// The fields of a nested block such as a person's `role { … }`.
public struct RecordSchema: Sendable {
    public let index: Int
    public let name: String
    public let doc: String
    public internal(set) var fields: [FieldSpec]
    /// Where the data declares it; nil for a built-in record.
    public let declaredAt: SourceRange?
    public init(index: Int, _ name: String, doc: String, _ fields: [FieldSpec], declaredAt: SourceRange? = nil) {
        self.index = index
        self.name = name
        self.doc = doc
        self.fields = fields
        self.declaredAt = declaredAt
    }
    public func field(named name: String) -> FieldSpec? { fields.first { $0.name == name } }
    public var ref: RecordRef { RecordRef(index: index, name: name) }
}

/// One field of an entity kind or record.
public struct FieldSpec: Sendable, Equatable {
    public let name: String
    public let type: ValueType
    public let required: Bool
    /// A list field takes several comma-separated values and may be repeated.
    public let list: Bool
    public let doc: String
    /// Fields of the same block this one's date must not come before: the
    /// first of them that has a date is compared (`after passed, approved`).
    public let after: [String]
    /// How the field shows on the timeline, if it does (`timeline …`).
    public let timeline: TimelineRole?
    /// On a reference: a date field of the entities it names that should
    /// not come after the owner's date (`organisers { …; since joined }`: a
    /// member organising an event before it joined is warned about, W0401).
    public let since: String?
    /// Where the data declares it; nil for a built-in field. Not part of
    /// what makes two declarations the same.
    public let declaredAt: SourceRange?

    public init(_ name: String, _ type: ValueType, required: Bool = false, list: Bool = false, after: [String] = [],
                since: String? = nil, timeline: TimelineRole? = nil, _ doc: String, declaredAt: SourceRange? = nil) {
        self.name = name
        self.since = since
        self.timeline = timeline
        self.type = type
        self.required = required
        self.list = list
        self.after = after
        self.doc = doc
        self.declaredAt = declaredAt
    }

    public static func == (a: FieldSpec, b: FieldSpec) -> Bool {
        a.name == b.name && a.type == b.type && a.required == b.required && a.list == b.list && a.after == b.after && a.doc == b.doc
            && a.timeline == b.timeline && a.since == b.since
    }

    func with(type: ValueType) -> FieldSpec {
        FieldSpec(name, type, required: required, list: list, after: after, since: since, timeline: timeline, doc, declaredAt: declaredAt)
    }
}
