/// A calendar date at the precision it was written: a year, a month or a day.
///
/// Partial dates are the norm in the coalition's records ("MAR 2017"), so a
/// date is an interval of days, and comparisons say when they cannot know:
/// 2017-03 is before 2017-04-02, but whether it is before 2017-03-14 is unknown.
public struct CapDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Precision: UInt8, Sendable, Comparable {
        case year, month, day
        public static func < (a: Precision, b: Precision) -> Bool { a.rawValue < b.rawValue }
    }

    public let year: Int
    /// 1…12, or 0 when only the year is known.
    public let month: Int
    /// 1…31, or 0 when not known.
    public let day: Int

    public var precision: Precision { month == 0 ? .year : day == 0 ? .month : .day }

    public enum Problem: Error, Equatable, Sendable {
        case month(Int), day(Int, daysInMonth: Int), year(Int)
        /// Not YYYY, YYYY-MM or YYYY-MM-DD at all.
        case shape
    }

    /// Validates the parts; `month`/`day` 0 mean "not given".
    public init(year: Int, month: Int = 0, day: Int = 0) throws(Problem) {
        guard (1...9999).contains(year) else { throw .year(year) }
        guard (0...12).contains(month) else { throw .month(month) }
        if day != 0 {
            let limit = CapDate.daysIn(month: month, year: year)
            guard month != 0, (1...limit).contains(day) else { throw .day(day, daysInMonth: limit) }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads YYYY, YYYY-MM or YYYY-MM-DD (already shaped by the lexer); a
    /// time may follow the day. Three local numbers rather than an array:
    /// timelines, reports and queries parse a date per entry. A month or a
    /// day of more than two digits is refused before it can overflow.
    /// Inlinable so that each caller's collection type is specialised in
    /// its own module: unspecialised, iterating the bytes through the
    /// generic witness cost a build 24% of its instructions.
    @inlinable
    public static func parse<C: Collection<UInt8>>(_ bytes: C) throws(Problem) -> CapDate where C.Index == Int {
        var year = 0, month = 0, day = 0, part = 0, digits = 0
        for b in bytes {
            if b == UInt8(ascii: "-") {
                part += 1
                digits = 0
                if part > 2 { break }
                continue
            }
            guard b >= 48, b <= 57 else { break }  // a time may follow a day
            let digit = Int(b - 48)
            digits += 1
            switch part {
            case 0:
                if digits > 4 { throw .year(year * 10 + digit) }
                year = year * 10 + digit
            case 1:
                month = month * 10 + digit
                if digits > 2 { throw .month(month) }
            default:
                day = day * 10 + digit
                if digits > 2 { throw .day(day, daysInMonth: daysIn(month: month, year: year)) }
            }
        }
        // Month and day 0 mean "not given" inside CapDate, so a written 00
        // must be refused here.
        if part >= 1 && month == 0 { throw .month(0) }
        if part >= 2 && day == 0 { throw .day(0, daysInMonth: daysIn(month: month, year: year)) }
        return try CapDate(year: year, month: month, day: day)
    }

    /// A date typed as an option or a command's argument: the whole text
    /// must be one ("2017-03x" and "2017-03-14 12:00" are not).
    public static func parse(_ text: String) throws(Problem) -> CapDate {
        let bytes = Array(text.utf8)
        let date = try parse(bytes)
        // An empty part after a dash reads as 0 and is refused above.
        guard bytes.allSatisfy({ $0 == UInt8(ascii: "-") || (48...57).contains($0) }),
              bytes.count(where: { $0 == UInt8(ascii: "-") }) == date.precision.rawValue
        else { throw .shape }
        return date
    }

    @inlinable
    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    @inlinable
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 0001-01-01 of the first and last day this date may be.
    @inlinable
    public var firstDay: Int { CapDate.dayNumber(year, max(month, 1), max(day, 1)) }
    @inlinable
    public var lastDay: Int {
        let m = month == 0 ? 12 : month
        let d = day == 0 ? CapDate.daysIn(month: m, year: year) : day
        return CapDate.dayNumber(year, m, d)
    }

    @inlinable
    package static func dayNumber(_ y: Int, _ m: Int, _ d: Int) -> Int {
        // Days from civil (Howard Hinnant's algorithm), shifted to be positive.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe
    }

    /// The day number of 1970-01-01, the Unix epoch.
    package static let unixEpochDay = dayNumber(1970, 1, 1)

    /// The inverse of `dayNumber` (Hinnant's civil_from_days, with the
    /// same epoch shift).
    package static func civil(_ n: Int) -> (year: Int, month: Int, day: Int) {
        let era = (n >= 0 ? n : n - 146_096) / 146_097
        let doe = n - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Certainly ends before `other` begins.
    public func isDefinitelyBefore(_ other: CapDate) -> Bool { lastDay < other.firstDay }

    /// The answer to "is self before other?" — nil when the precisions make
    /// it unknowable (2017-03 vs 2017-03-14).
    public func isBefore(_ other: CapDate) -> Bool? {
        if lastDay < other.firstDay { return true }
        if firstDay >= other.lastDay { return false }
        return nil
    }

    /// Whether this date lies wholly within `other` (2017-03 is in 2017).
    public func isWithin(_ other: CapDate) -> Bool { firstDay >= other.firstDay && lastDay <= other.lastDay }

    /// Chronological order for sorting: by first day, then coarser first, so
    /// "Mar 2017" comes before "14 Mar 2017" and after "2017".
    public static func < (a: CapDate, b: CapDate) -> Bool { a.sortKey < b.sortKey }

    /// `<` as one integer, for sorting many dates on keys computed once.
    /// Distinct dates have distinct keys.
    package var sortKey: Int { firstDay * 4 + Int(precision.rawValue) }

    public var description: String {
        let y = String(year).leftPadded(4)
        switch precision {
        case .year: return y
        case .month: return "\(y)-\(String(month).leftPadded(2))"
        case .day: return "\(y)-\(String(month).leftPadded(2))-\(String(day).leftPadded(2))"
        }
    }
}
