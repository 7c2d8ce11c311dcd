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

    /// The year, month, day and qualifier in one word: year << 24 |
    /// qualifier << 16 | month << 8 | day. Eight bytes rather than three
    /// words and a byte: timelines hold a date or more per entry, and the
    /// qualifier made the three-word layout a stride larger (check and
    /// build 5% slower on 100,000 events).
    @usableFromInline let packed: Int

    @inlinable public var year: Int { packed >> 24 }
    /// 1…12, or 0 when only the year is known.
    @inlinable public var month: Int { (packed >> 8) & 0xFF }
    /// 1…31, or 0 when not known.
    @inlinable public var day: Int { packed & 0xFF }

    public var precision: Precision { month == 0 ? .year : day == 0 ? .month : .day }

    /// What the data says of the date: it is the date itself, or the date
    /// is approximate ("about 2019"), or a bound ("before 2020-03", "by
    /// 2020-03": no later than, "after 2015"). A qualified date is the wider
    /// period of days it may be, and compares as such.
    public enum Qualifier: UInt8, Sendable {
        case exact, about, before, by, after

        /// The word that writes it, before the date.
        public static func named(_ word: String) -> Qualifier? {
            switch word {
            case "about": .about
            case "before": .before
            case "by": .by
            case "after": .after
            default: nil
            }
        }

        public var word: String {
            switch self {
            case .exact: ""
            case .about: "about"
            case .before: "before"
            case .by: "by"
            case .after: "after"
            }
        }
    }

    @inlinable public var qualifier: Qualifier { Qualifier(rawValue: UInt8(truncatingIfNeeded: packed >> 16)) ?? .exact }

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
        packed = year << 24 | month << 8 | day
    }

    private init(_ date: CapDate, _ qualifier: Qualifier) {
        packed = date.packed & ~(0xFF << 16) | Int(qualifier.rawValue) << 16
    }

    /// The same date, qualified: `about 2019` is `2019` with `.about`.
    public func with(_ qualifier: Qualifier) -> CapDate { CapDate(self, qualifier) }

    /// The date without its qualifier: the 2019 of "about 2019".
    public var exact: CapDate { isExact ? self : CapDate(self, .exact) }

    @inlinable public var isExact: Bool { packed & (0xFF << 16) == 0 }

    /// Reads YYYY, YYYY-MM or YYYY-MM-DD (already shaped by the lexer); a
    /// time may follow the day. Three local numbers rather than an array:
    /// timelines, reports and queries parse a date per entry. A month or a
    /// day of more than two digits is refused before it can overflow.
    /// Inlinable so that each caller's collection type is specialised in
    /// its own module: unspecialised, iterating the bytes through the
    /// generic witness cost a build 24% of its instructions.
    @inlinable
    public static func parse<C: Collection<UInt8>>(_ bytes: C) throws(Problem) -> CapDate where C.Index == Int {
        // A qualifier word comes first ("about 2019"): rare, and out of the loop.
        if let first = bytes.first, first >= UInt8(ascii: "a") { return try parseQualified(bytes) }
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

    /// `about 2019`, `before 2020-03`, `by 2020-03`, `after 2015`: a word,
    /// spaces, then a date.
    @inlinable
    static func parseQualified<C: Collection<UInt8>>(_ bytes: C) throws(Problem) -> CapDate where C.Index == Int {
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")) else { throw .shape }
        let word = String(decoding: bytes[bytes.startIndex..<space], as: UTF8.self)
        guard let qualifier = Qualifier.named(word) else { throw .shape }
        var start = space
        while start < bytes.endIndex, bytes[start] == UInt8(ascii: " ") { start = bytes.index(after: start) }
        guard start < bytes.endIndex, bytes[start] != UInt8(ascii: "a") && bytes[start] < UInt8(ascii: "a") else { throw .shape }
        return try parse(bytes[start...]).with(qualifier)
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
    public var firstDay: Int {
        let first = CapDate.dayNumber(year, max(month, 1), max(day, 1))
        return isExact ? first : qualifiedBounds.first
    }
    @inlinable
    public var lastDay: Int {
        guard isExact else { return qualifiedBounds.last }
        let m = month == 0 ? 12 : month
        let d = day == 0 ? CapDate.daysIn(month: m, year: year) : day
        return CapDate.dayNumber(year, m, d)
    }

    /// The first and last day a qualified date may be: `about` widens the
    /// date by one unit of its precision on each side (about 2019 is
    /// 2018–2020, about 2019-03 is February to April 2019, about 2019-03-14
    /// is the 13th to the 15th); `before` ends the day before it begins,
    /// `by` where it ends, `after` begins the day after it ends; the open
    /// side reaches the calendar's end (year 1 or 9999).
    @usableFromInline
    var qualifiedBounds: (first: Int, last: Int) {
        let base = exact
        let first = base.firstDay, last = base.lastDay
        let earliest = CapDate.dayNumber(1, 1, 1), latest = CapDate.dayNumber(9999, 12, 31)
        switch qualifier {
        case .exact: return (first, last)
        case .before: return (earliest, max(earliest, first - 1))
        case .by: return (earliest, last)
        case .after: return (min(latest, last + 1), latest)
        case .about:
            switch precision {
            case .year:
                return (year > 1 ? CapDate.dayNumber(year - 1, 1, 1) : earliest, year < 9999 ? CapDate.dayNumber(year + 1, 12, 31) : latest)
            case .month:
                let (py, pm) = month == 1 ? (year - 1, 12) : (year, month - 1)
                let (ny, nm) = month == 12 ? (year + 1, 1) : (year, month + 1)
                return (py >= 1 ? CapDate.dayNumber(py, pm, 1) : earliest,
                        ny <= 9999 ? CapDate.dayNumber(ny, nm, CapDate.daysIn(month: nm, year: ny)) : latest)
            case .day:
                return (max(earliest, first - 1), min(latest, last + 1))
            }
        }
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
    /// A qualified date sorts at the date it names ("about 2019" with 2019).
    package var sortKey: Int { CapDate.dayNumber(year, max(month, 1), max(day, 1)) * 4 + Int(precision.rawValue) }

    public var description: String {
        let y = String(year).leftPadded(4)
        let date = switch precision {
        case .year: y
        case .month: "\(y)-\(String(month).leftPadded(2))"
        case .day: "\(y)-\(String(month).leftPadded(2))-\(String(day).leftPadded(2))"
        }
        return qualifier == .exact ? date : qualifier.word + " " + date
    }
}
