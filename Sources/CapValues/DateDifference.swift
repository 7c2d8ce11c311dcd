/// The difference between two dates at the precision they have.
///
/// A date is a period of days (2016 is 366 of them; an approximate or
/// bounded date more). The difference from `a` to `b` is known in a unit
/// when every day `a` may be and every day `b` may be give the same count;
/// otherwise it is unknown, never a guess. Months and years are calendar
/// ones: from 2016-04-30 to 2016-05-01 is one month, as from 2016-04 to
/// 2016-05, and from 2016 to 2018-05 is two years.
public enum DateDifference {
    public enum Unit: Sendable { case days, months, years }

    /// `b` minus `a` in `unit`; nil when the dates' precision cannot say.
    /// The periods are first and last day numbers (`CapDate.firstDay`).
    public static func between(_ a: (first: Int, last: Int), _ b: (first: Int, last: Int), in unit: Unit) -> Int? {
        let low = index(b.first, unit) - index(a.last, unit)
        let high = index(b.last, unit) - index(a.first, unit)
        return low == high ? low : nil
    }

    /// The day, month or year a day number falls in, counted from a fixed origin.
    static func index(_ day: Int, _ unit: Unit) -> Int {
        switch unit {
        case .days: return day
        case .months:
            let c = CapDate.civil(day)
            return c.year * 12 + c.month - 1
        case .years: return CapDate.civil(day).year
        }
    }
}
