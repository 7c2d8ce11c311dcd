/// One dated item of a timeline: an event, a stage of a law, a member
/// joining, a publication. Dates keep their precision: a month-only event
/// is shown as "Mar 2017", never with an invented day.
///
/// A value, stored in one shared box that is copied only when a shared
/// entry is changed: a build hands the same 100,000 entries to every
/// report, filter and writer, and copying the fields themselves (seven
/// strings and the tags, each retained) was a fifth of its processor time.
public struct TimelineEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case event, law, member, publication, statement }

    public var kind: Kind {
        get { storage.fields.kind }
        set { unique().fields.kind = newValue }
    }
    /// Stable identifier, unique in the timeline (e.g. "hrc47_side_event",
    /// "fr_2016.passed"): calendars use it for the UID.
    public var id: String {
        get { storage.fields.id }
        set { unique().fields.id = newValue }
    }
    public var title: String {
        get { storage.fields.title }
        set { unique().fields.title = newValue }
    }
    /// The day, month or year it happened (the start of a range).
    public var date: CapDate {
        get { storage.fields.date }
        set { unique().fields.date = newValue }
    }
    /// The last day of a range (`2019-07-04..2019-07-06`), if any.
    public var endDate: CapDate? {
        get { storage.fields.endDate }
        set { unique().fields.endDate = newValue }
    }
    /// The time with its zone, for timed events (2021-06-22 12:00 CEST).
    public var dateTime: CapDateTime? {
        get { storage.fields.dateTime }
        set { unique().fields.dateTime = newValue }
    }
    public var description: String? {
        get { storage.fields.description }
        set { unique().fields.description = newValue }
    }
    public var city: String? {
        get { storage.fields.city }
        set { unique().fields.city = newValue }
    }
    /// ISO alpha-2 or ISO 3166-2 code.
    public var country: String? {
        get { storage.fields.country }
        set { unique().fields.country = newValue }
    }
    public var online: Bool {
        get { storage.fields.online }
        set { unique().fields.online = newValue }
    }
    public var url: String? {
        get { storage.fields.url }
        set { unique().fields.url = newValue }
    }
    public var tags: [String] {
        get { storage.fields.tags }
        set { unique().fields.tags = newValue }
    }

    public init(kind: Kind, id: String, title: String, date: CapDate, endDate: CapDate? = nil,
                dateTime: CapDateTime? = nil, description: String? = nil, city: String? = nil,
                country: String? = nil, online: Bool = false, url: String? = nil, tags: [String] = []) {
        storage = Storage(Fields(kind: kind, id: id, title: title, date: date, endDate: endDate, dateTime: dateTime,
                                 description: description, city: city, country: country, online: online, url: url,
                                 tags: tags))
    }

    public static func == (a: TimelineEntry, b: TimelineEntry) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    /// Changed only through `unique()`, when no other entry shares it:
    /// hence Sendable.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields: Equatable {
        var kind: Kind, id: String, title: String, date: CapDate, endDate: CapDate?, dateTime: CapDateTime?
        var description: String?, city: String?, country: String?, online: Bool, url: String?, tags: [String]
    }
}
