import CSystem
import CapValues
import CapSyntax
import CapRuntime
import CapEval
import CapSchema

/// One dated item of a timeline: an event, a stage of a law, a member
/// joining, a publication. Dates keep their precision: a month-only event
/// is shown as "Mar 2017", never with an invented day.
///
/// A value, stored in one shared immutable box, replaced when the entry is
/// changed: a build hands the same 100,000 entries to every
/// report, filter and writer, and copying the fields themselves (seven
/// strings and the tags, each retained) was a fifth of its processor time.
public struct TimelineEntry: Sendable, Equatable {
    /// The kind of the entity it comes from: a built-in kind or one the
    /// data declares with `timeline` on a date field (docs/schema.md).
    public var kind: EntityKindName {
        _read { yield storage.fields.kind }
        set { change { $0.kind = newValue } }
    }
    /// Stable identifier, unique in the timeline (e.g. "hrc47_side_event",
    /// "fr_2016.passed"): calendars use it for the UID.
    public var id: String {
        _read { yield storage.fields.id }
        set { change { $0.id = newValue } }
    }
    public var title: String {
        _read { yield storage.fields.title }
        set { change { $0.title = newValue } }
    }
    /// The day, month or year it happened (the start of a range).
    public var date: CapDate {
        _read { yield storage.fields.date }
        set { change { $0.date = newValue } }
    }
    /// The last day of a range (`2019-07-04..2019-07-06`), if any.
    public var endDate: CapDate? {
        _read { yield storage.fields.endDate }
        set { change { $0.endDate = newValue } }
    }
    /// The time with its zone, for timed events (2021-06-22 12:00 CEST).
    public var dateTime: CapDateTime? {
        _read { yield storage.fields.dateTime }
        set { change { $0.dateTime = newValue } }
    }
    /// The time a timed range ends (2018-11-23 21:30 CET), if it says one.
    public var endDateTime: CapDateTime? {
        _read { yield storage.fields.endDateTime }
        set { change { $0.endDateTime = newValue } }
    }
    /// Where the entry sorts: its date's `CapDate.sortKey`, or later for a
    /// law's stage whose coarser date would put it before the stage it
    /// follows ("enters into force" in June 2015, "passed" on 9 June 2015).
    public var sortKey: Int {
        storage.fields.sortAfter.map { max($0, date.sortKey) } ?? date.sortKey
    }
    /// A sort key the entry may not sort before (see `sortKey`).
    public var sortAfter: Int? {
        _read { yield storage.fields.sortAfter }
        set { change { $0.sortAfter = newValue } }
    }
    /// What else a reader of a calendar wants to know, a line each:
    /// "Co-sponsors: France, Sweden", "Partners: …", "Languages: English, French".
    public var details: [String] {
        _read { yield storage.fields.details }
        set { change { $0.details = newValue } }
    }
    public var description: String? {
        _read { yield storage.fields.description }
        set { change { $0.description = newValue } }
    }
    public var city: String? {
        _read { yield storage.fields.city }
        set { change { $0.city = newValue } }
    }
    /// ISO alpha-2 or ISO 3166-2 code.
    public var country: String? {
        _read { yield storage.fields.country }
        set { change { $0.country = newValue } }
    }
    public var online: Bool {
        _read { yield storage.fields.online }
        set { change { $0.online = newValue } }
    }
    public var url: String? {
        _read { yield storage.fields.url }
        set { change { $0.url = newValue } }
    }
    public var tags: [String] {
        _read { yield storage.fields.tags }
        set { change { $0.tags = newValue } }
    }

    public init(kind: EntityKindName, id: String, title: String, date: CapDate, endDate: CapDate? = nil,
                dateTime: CapDateTime? = nil, endDateTime: CapDateTime? = nil, description: String? = nil, city: String? = nil,
                country: String? = nil, online: Bool = false, url: String? = nil, tags: [String] = [],
                details: [String] = [], sortAfter: Int? = nil) {
        storage = Storage(Fields(kind: kind, id: id, title: title, date: date, endDate: endDate, dateTime: dateTime,
                                 endDateTime: endDateTime, sortAfter: sortAfter, details: details,
                                 description: description, city: city, country: country, online: online, url: url,
                                 tags: tags))
    }

    public static func == (a: TimelineEntry, b: TimelineEntry) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    private var storage: Storage

    /// Fetches the entry's fields into the cache ahead of their use.
    @inline(__always)
    func prefetch() {
        cap_prefetch(UnsafeRawPointer(Unmanaged.passUnretained(storage).toOpaque()))
    }

    /// Fetches the bytes of the longest texts, the title and the
    /// description, once `prefetch` has brought the fields.
    @inline(__always)
    func prefetchText() {
        _ = storage.fields.title.utf8.withContiguousStorageIfAvailable { cap_prefetch($0.baseAddress) }
        _ = storage.fields.description?.utf8.withContiguousStorageIfAvailable { cap_prefetch($0.baseAddress) }
    }

    /// A changed entry gets a new box: entries are made whole (by
    /// `TimelineReader`) and then only read, and an immutable box lets the
    /// writers borrow its strings without retaining them, which two
    /// threads reading the same entries made them fight over.
    private mutating func change(_ body: (inout Fields) -> Void) {
        var fields = storage.fields
        body(&fields)
        storage = Storage(fields)
    }

    private final class Storage: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields: Equatable, Sendable {
        var kind: EntityKindName, id: String, title: String, date: CapDate, endDate: CapDate?, dateTime: CapDateTime?
        var endDateTime: CapDateTime?
        var sortAfter: Int? = nil
        var details: [String] = []
        var description: String?, city: String?, country: String?, online: Bool, url: String?, tags: [String]
    }
}
