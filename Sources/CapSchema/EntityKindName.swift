/// The name of an entity kind: its index in the schema and the word that
/// starts its declarations (`member`, `law`, or a kind the data declares).
///
/// Two names are the same kind when their indices are: within one schema
/// the index is the kind. The built-in kinds have names the Swift code can
/// spell (`.law`, `.event`), in the order the prelude declares them.
public struct EntityKindName: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let rawValue: String

    public init(index: Int, _ word: String) {
        self.index = index
        self.rawValue = word
    }

    public static func == (a: EntityKindName, b: EntityKindName) -> Bool { a.index == b.index }
    public func hash(into h: inout Hasher) { h.combine(index) }
    public var description: String { rawValue }

    public static let coalition = EntityKindName(index: 0, "coalition")
    public static let member = EntityKindName(index: 1, "member")
    public static let partner = EntityKindName(index: 2, "partner")
    public static let person = EntityKindName(index: 3, "person")
    public static let event = EntityKindName(index: 4, "event")
    public static let campaign = EntityKindName(index: 5, "campaign")
    public static let publication = EntityKindName(index: 6, "publication")
    public static let statement = EntityKindName(index: 7, "statement")
    public static let law = EntityKindName(index: 8, "law")
    public static let tag = EntityKindName(index: 9, "tag")
    /// Outputs the data declares, written by `cap build`.
    public static let report = EntityKindName(index: 10, "report")
    public static let timeline = EntityKindName(index: 11, "timeline")
    public static let map = EntityKindName(index: 12, "map")
    /// International instruments and states' ratifications of them.
    public static let instrument = EntityKindName(index: 13, "instrument")
    public static let ratification = EntityKindName(index: 14, "ratification")

    /// The built-in kinds, in the prelude's order (`Schema.builtIn` checks
    /// that the prelude declares them so).
    public static let ordered: [EntityKindName] = [
        .coalition, .member, .partner, .person, .event, .campaign, .publication, .statement, .law, .tag,
        .report, .timeline, .map, .instrument, .ratification,
    ]
    /// The built-in kinds; a workspace's schema may declare more.
    public static var allCases: [EntityKindName] { ordered }

    /// A built-in kind by its word.
    public init?(rawValue: String) {
        guard let found = Self.ordered.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = found
    }
}
