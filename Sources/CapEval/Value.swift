import CapValues

/// A value computed by a script.
public indirect enum Value: Sendable {
    case none
    /// The answer to a question the data cannot decide: is 2017-03 before
    /// 2017-03-14? Comparisons return it instead of guessing.
    case unknown
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case date(CapDate)
    case dateTime(CapDateTime)
    case dateRange(CapDate, CapDate)
    /// A range with a time at one end or both; compares as its days.
    case dateTimeRange(DateTimeRange)
    /// A country or territory by its canonical code: "SE", "GB-NIR".
    case jurisdiction(String)
    /// An ISO 639-1 code: "en".
    case language(String)
    /// An enumeration word: `abolitionist`, `side_event`.
    case word(String)
    /// An entity, by its index in the workspace's entity table.
    case entity(Int)
    case list([Value])
    case record([(String, Value)])
    /// The result of `| group key`: aggregations after it apply per group.
    case groups([(key: Value, items: [Value])])

    public var typeName: String {
        switch self {
        case .none: "none"
        case .unknown: "unknown"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .date: "date"
        case .dateTime: "date and time"
        case .dateRange, .dateTimeRange: "date range"
        case .jurisdiction: "country"
        case .language: "language"
        case .word: "word"
        case .entity: "entity"
        case .list: "list"
        case .record: "record"
        case .groups: "groups"
        }
    }

    public var isNone: Bool { if case .none = self { return true } else { return false } }
    var isUnknown: Bool { if case .unknown = self { return true } else { return false } }

    /// Groups as the records a reader sees: key, count, items.
    public var groupRecords: [Value]? {
        guard case .groups(let groups) = self else { return nil }
        return groups.map { .record([("key", $0.key), ("count", .int(Int64($0.items.count))), ("items", .list($0.items))]) }
    }
}

/// Three-valued truth for comparisons on partial dates.
public enum Truth: Sendable {
    case yes, no, unknown

    init(_ b: Bool) { self = b ? .yes : .no }

    var value: Value {
        switch self {
        case .yes: .bool(true)
        case .no: .bool(false)
        case .unknown: .unknown
        }
    }

    static prefix func ! (t: Truth) -> Truth {
        switch t {
        case .yes: .no
        case .no: .yes
        case .unknown: .unknown
        }
    }

    /// Kleene logic: false wins "and", true wins "or".
    static func && (a: Truth, b: Truth) -> Truth {
        if a == .no || b == .no { return .no }
        if a == .yes && b == .yes { return .yes }
        return .unknown
    }

    static func || (a: Truth, b: Truth) -> Truth {
        if a == .yes || b == .yes { return .yes }
        if a == .no && b == .no { return .no }
        return .unknown
    }
}

extension String {
    /// "an event", "a member": for messages naming a kind of value.
    var withArticle: String {
        guard let first = first?.lowercased() else { return self }
        return ("aeiou".contains(first) ? "an " : "a ") + self
    }
}
