/// How a field of a kind shows on the timeline: the `timeline` property of
/// its declaration (docs/schema.md, "The timeline").
///
/// A date field with a label puts one entry per entity on the timeline; the
/// other roles say which field gives an entry's place, link, text and
/// details. The built-in kinds' entries are declared so in the prelude, and
/// `TimelineReader` reads them from here: no kind is special in Swift.
public enum TimelineRole: Sendable, Hashable {
    /// A date or `when` field whose value places an entry, titled by the
    /// label: `"{jurisdiction}: {title} passed"`, where `{title}` (the
    /// kind's header word) is the entity's header string and `{FIELD}` a
    /// field's value as a reader says it. On a list of dates, an entry per
    /// date; on records (a law's `amendment`), an entry per record, on the
    /// record's first date field, the label followed by the record's shown
    /// fields in parentheses.
    case entry(label: String)
    /// A line of the entry's details, "Label: names" (calendars show them);
    /// on a record's field, the word shown before its value ("by").
    case detail(label: String)
    /// The city, the country (its code), the link, the text, the tags,
    /// "held online", the languages (a details line after the others).
    case city, country, link, description, tags, online, languages

    /// The role words, as `timeline WORD` writes them, with the types each
    /// takes (a role's field is read as its type says).
    public static let words: [(word: String, role: TimelineRole)] = [
        ("city", .city), ("country", .country), ("link", .link), ("description", .description), ("tags", .tags),
        ("online", .online), ("languages", .languages),
    ]

    public var word: String? { Self.words.first { $0.role == self }?.word }

    /// Whether a field of `type` can play this role.
    public func accepts(_ type: ValueType, list: Bool) -> Bool {
        switch self {
        case .entry: if case .record = type { true } else { type == .date || type == .when }
        case .detail: true
        case .city, .description: type == .string
        case .country: type == .jurisdiction && !list
        case .link: type == .url
        case .tags: if case .reference = type { true } else { false }
        case .online: type == .boolean
        case .languages: type == .language
        }
    }

    /// A label's parts: text, and the names in braces (`{title}`, `{jurisdiction}`).
    public enum LabelPart: Sendable, Equatable {
        case text(String)
        case field(String)
    }

    /// `label` cut into its parts; nil when a brace is not closed or empty.
    public static func parts(of label: String) -> [LabelPart]? {
        var out: [LabelPart] = []
        var rest = Substring(label)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { out.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            let name = rest[rest.index(after: open)..<close]
            guard !name.isEmpty, !name.contains("{") else { return nil }
            out.append(.field(String(name)))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { out.append(.text(String(rest))) }
        return out
    }
}
