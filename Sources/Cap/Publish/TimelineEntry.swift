/// One dated item of a timeline: an event, a stage of a law, a member
/// joining, a publication. Dates keep their precision: a month-only event
/// is shown as "Mar 2017", never with an invented day.
public struct TimelineEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case event, law, member, publication, statement }

    public var kind: Kind
    /// Stable identifier, unique in the timeline (e.g. "hrc47_side_event",
    /// "fr_2016.passed"): calendars use it for the UID.
    public var id: String
    public var title: String
    /// The day, month or year it happened (the start of a range).
    public var date: CapDate
    /// The last day of a range (`2019-07-04..2019-07-06`), if any.
    public var endDate: CapDate?
    /// The time with its zone, for timed events (2021-06-22 12:00 CEST).
    public var dateTime: CapDateTime?
    public var description: String?
    public var city: String?
    /// ISO alpha-2 or ISO 3166-2 code.
    public var country: String?
    public var online: Bool
    public var url: String?
    public var tags: [String]

    public init(kind: Kind, id: String, title: String, date: CapDate, endDate: CapDate? = nil,
                dateTime: CapDateTime? = nil, description: String? = nil, city: String? = nil,
                country: String? = nil, online: Bool = false, url: String? = nil, tags: [String] = []) {
        self.kind = kind
        self.id = id
        self.title = title
        self.date = date
        self.endDate = endDate
        self.dateTime = dateTime
        self.description = description
        self.city = city
        self.country = country
        self.online = online
        self.url = url
        self.tags = tags
    }
}
