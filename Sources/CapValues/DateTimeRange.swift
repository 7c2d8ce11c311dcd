/// A range with a time of day at one end or both:
/// `2018-11-23 19:00 CET..2018-11-23 21:30 CET`. A range of dates alone
/// stays a pair of `CapDate`s; this one keeps the times a reader needs (a
/// calendar's start and end, "19:00–21:30" in a timeline).
public struct DateTimeRange: Hashable, Sendable, CustomStringConvertible {
    /// One end: a date, or a date with a time.
    public enum End: Hashable, Sendable, CustomStringConvertible {
        case date(CapDate)
        case time(CapDateTime)

        public var date: CapDate {
            switch self {
            case .date(let d): d
            case .time(let t): t.date
            }
        }

        public var time: CapDateTime? {
            if case .time(let t) = self { return t }
            return nil
        }

        public var description: String {
            switch self {
            case .date(let d): d.description
            case .time(let t): t.description
            }
        }
    }

    public let start: End
    public let end: End

    public init(start: End, end: End) {
        self.start = start
        self.end = end
    }

    public var description: String { "\(start)..\(end)" }
}
