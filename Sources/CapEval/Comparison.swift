import CapValues
import CapSchema

/// Equality and order between values, with the partial-date rules.
///
/// A date is a period of days at its precision (2017, 2017-03, 2017-03-14),
/// as are ranges and a date-time's day. A comparison treats its right side
/// as the period of reference and asks where the left one falls:
///
/// * `a < b`  yes when a ends before b starts; no when a starts at or after b starts.
/// * `a <= b` yes when a ends no later than b ends; no when a starts after b ends.
/// * `a > b`  yes when a starts after b ends; no when a ends no later than b ends.
/// * `a >= b` yes when a starts at or after b starts; no when a ends before b starts.
/// * `a == b` and `a in b`: yes when a lies within b; no when they do not meet.
///
/// Anything else is unknown. So `joined == 2017` and `joined >= 2017` hold
/// for a member who joined 2017-03, `2017-03 < 2017-04-02` holds, and
/// whether `2017-03 < 2017-03-14` is unknown: the data does not say which day.
package enum Comparison {
    static func equal(_ a: Value, _ b: Value) -> Truth {
        var unlimited = Int.max
        return equal(a, b, budget: &unlimited)
    }

    /// `equal`, one unit of `budget` per value compared; once it is spent
    /// the answer is `.no` and meaningless, and the caller (the evaluator)
    /// reports the limit. `stop` is asked every 65,536 units (Ctrl-C at the
    /// REPL); when it says yes the budget is spent at once.
    static func equal(_ a: Value, _ b: Value, budget: inout Int, stop: (() -> Bool)? = nil) -> Truth {
        budget -= 1
        if budget & 0xFFFF == 0, let stop, stop() { budget = -1 }
        if budget < 0 { return .no }
        switch (a, b) {
        case (.none, .none): return .yes
        case (.none, _), (_, .none): return .no
        case (.unknown, _), (_, .unknown): return .unknown
        case let (.bool(x), .bool(y)): return Truth(x == y)
        case let (.int(x), .int(y)): return Truth(x == y)
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Truth(Double(x) == y)
        case let (.double(x), .double(y)): return Truth(x == y)
        case let (.string(x), .string(y)):
            budget -= min(x.utf8.count, y.utf8.count) >> 6
            return Truth(x == y)
        case (.date, _), (_, .date), (.dateTime, _), (_, .dateTime), (.dateRange, _), (_, .dateRange),
             (.dateTimeRange, _), (_, .dateTimeRange):
            guard let x = period(a), let y = period(b) else { return .no }
            return within(x, y)
        // A place is the area it covers, as a date is a period: the left
        // one lies within the right one, so GB-NIR == GB and GB != GB-NIR.
        case let (.jurisdiction(x), .jurisdiction(y)): return Truth(Jurisdictions.isWithin(x, y))
        case let (.jurisdiction(x), .string(s)), let (.string(s), .jurisdiction(x)):
            // Looking a name up folds all of it (about 3 ns a byte, where a
            // step is tens): a 64 MB string took 0.2 s per comparison as one
            // step. Text with more letters and digits than any name has is
            // none, found by a scan that stops there; what is left costs a
            // step per 16 bytes.
            if s.utf8.count > maxNameLetters {
                var letters = 0, scanned = 0
                for b in s.utf8 {
                    scanned += 1
                    if b &- UInt8(ascii: "0") < 10 || (b | 0x20) &- UInt8(ascii: "a") < 26 { letters += 1 }
                    if letters > maxNameLetters { break }
                }
                budget -= scanned >> 6
                if letters > maxNameLetters || budget < 0 { return .no }
                budget -= s.utf8.count >> 4
                if budget < 0 { return .no }
            }
            guard let named = Jurisdictions.lookup(s)?.code else { return .no }
            if case .string = a { return Truth(Jurisdictions.isWithin(named, x)) }
            return Truth(Jurisdictions.isWithin(x, named))
        case let (.language(x), .language(y)), let (.word(x), .word(y)),
             let (.language(x), .word(y)), let (.word(x), .language(y)),
             let (.jurisdiction(x), .word(y)), let (.word(x), .jurisdiction(y)):
            return Truth(x == y)
        case let (.word(x), .string(y)), let (.string(y), .word(x)), let (.language(x), .string(y)), let (.string(y), .language(x)):
            return Truth(x == y)
        case let (.entity(x), .entity(y)): return Truth(x == y)
        case let (.list(xs), .list(ys)):
            guard xs.count == ys.count else { return .no }
            var result = Truth.yes
            for (x, y) in zip(xs, ys) where budget >= 0 { result = result && equal(x, y, budget: &budget, stop: stop) }
            return result
        case let (.record(xs), .record(ys)):
            guard xs.count == ys.count else { return .no }
            var result = Truth.yes
            for (x, y) in zip(xs, ys) where budget >= 0 {
                result = result && (x.0 == y.0 ? equal(x.1, y.1, budget: &budget, stop: stop) : .no)
            }
            return result
        default:
            return .no
        }
    }

    /// More ASCII letters and digits than any jurisdiction's name or alias
    /// holds (the longest have about fifty).
    static let maxNameLetters = 200

    /// A value's span of days: a date, a range, a date-time's day, a year
    /// written as a number.
    typealias Period = (first: Int, last: Int)

    static func period(_ v: Value) -> Period? {
        switch v {
        case .dateRange(let a, let b): return (a.firstDay, b.lastDay)
        case .dateTimeRange(let r): return (r.start.date.firstDay, r.end.date.lastDay)
        default: return date(v).map { ($0.firstDay, $0.lastDay) }
        }
    }

    static func within(_ a: Period, _ b: Period) -> Truth {
        if a.first >= b.first && a.last <= b.last { return .yes }
        if a.last < b.first || a.first > b.last { return .no }
        return .unknown
    }

    enum Order { case less, lessEqual, greater, greaterEqual }

    static func compare(_ a: Period, _ op: Order, _ b: Period) -> Truth {
        switch op {
        case .less: return a.last < b.first ? .yes : a.first >= b.first ? .no : .unknown
        case .lessEqual: return a.last <= b.last ? .yes : a.first > b.last ? .no : .unknown
        case .greater: return a.first > b.last ? .yes : a.last <= b.last ? .no : .unknown
        case .greaterEqual: return a.first >= b.first ? .yes : a.last < b.first ? .no : .unknown
        }
    }

    /// Order for `<`, `<=`, `>`, `>=`: nil when the values do not compare.
    static func order(_ a: Value, _ op: Order, _ b: Value) -> Truth? {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Truth {
            switch op {
            case .less: Truth(x < y)
            case .lessEqual: Truth(x <= y)
            case .greater: Truth(x > y)
            case .greaterEqual: Truth(x >= y)
            }
        }
        switch (a, b) {
        case (.unknown, _), (_, .unknown): return .unknown
        case let (.int(x), .int(y)): return cmp(x, y)
        case let (.int(x), .double(y)): return cmp(Double(x), y)
        case let (.double(x), .int(y)): return cmp(x, Double(y))
        case let (.double(x), .double(y)): return cmp(x, y)
        case let (.string(x), .string(y)): return cmp(x, y)
        case let (.dateTime(x), .dateTime(y)):
            if let mx = x.utcMinutes, let my = y.utcMinutes { return cmp(mx, my) }
            return compare((x.date.firstDay, x.date.lastDay), op, (y.date.firstDay, y.date.lastDay))
        default:
            guard let x = period(a), let y = period(b) else { return nil }
            return compare(x, op, y)
        }
    }


    /// `a in b`: membership in a list, a date within a date or a range, a
    /// place within a place, a substring in a string. nil when `b` holds nothing.
    static func contains(_ container: Value, _ item: Value) -> Truth? {
        var unlimited = Int.max
        return contains(container, item, budget: &unlimited)
    }

    /// `contains`, spending `budget` as `equal` does, and one unit per 64
    /// bytes scanned times the length of what is looked for.
    static func contains(_ container: Value, _ item: Value, budget: inout Int, stop: (() -> Bool)? = nil) -> Truth? {
        // A missing value (an optional field not given) is in no range,
        // date or string, as it is before or after nothing: `joined in
        // 2017` leaves out the members with no joining date, as `joined ==
        // 2017` does, instead of stopping the query. A list is searched
        // for it as for any value.
        if item.isNone { if case .list = container {} else { return .no } }
        switch container {
        case .list(let items):
            var result = Truth.no
            // The item is the left side: `GB-NIR in [GB, IE]` asks whether
            // it lies within one of them, as `joined in [2014, 2015]` does.
            for x in items where budget >= 0 {
                result = result || equal(item, x, budget: &budget, stop: stop)
                if result == .yes { return .yes }
            }
            return result
        case .groups(let groups):
            return contains(.list(groups.map(\.key)), item, budget: &budget, stop: stop)
        case .string(let s):
            guard case .string(let sub) = item else { return nil }
            let cost = (s.utf8.count >> 6) * max(1, sub.utf8.count >> 4)
            budget -= cost
            if budget < 0 { return .no }
            return Truth(SubstringSearch.contains(s, sub))
        case .none:
            return .no
        case .jurisdiction:
            switch item {
            case .jurisdiction, .string, .word, .unknown: return equal(item, container, budget: &budget, stop: stop)
            default: return nil
            }
        default:
            guard let outer = period(container), let inner = period(item) else { return nil }
            return within(inner, outer)
        }
    }

    /// The date a value stands for: a date, a date-time's day, a four-digit
    /// year written as a number, the start of a range.
    package static func date(_ v: Value) -> CapDate? {
        switch v {
        case .date(let d): return d
        case .dateTime(let t): return t.date
        case .int(let y) where (1...9999).contains(y): return try? CapDate(year: Int(y))
        case .dateRange(let a, _): return a
        case .dateTimeRange(let r): return r.start.date
        default: return nil
        }
    }

    /// Steps beyond the first for ordering `a` and `b` (`sortsBefore`,
    /// `<`): strings are compared in lower case, both copied, one step per
    /// 64 bytes.
    static func orderCost(_ a: Value, _ b: Value) -> Int {
        guard case .string(let x) = a, case .string(let y) = b else { return 0 }
        return (x.utf8.count + y.utf8.count) >> 6
    }

    /// A total order for sorting: none last, then by kind, then by value.
    static func sortsBefore(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, _): return false
        case (_, .none): return true
        case let (.int(x), .int(y)): return x < y
        case let (.double(x), .double(y)): return x < y
        case let (.int(x), .double(y)): return Double(x) < y
        case let (.double(x), .int(y)): return x < Double(y)
        case let (.string(x), .string(y)): return x.lowercased() < y.lowercased()
        case let (.jurisdiction(x), .jurisdiction(y)), let (.word(x), .word(y)), let (.language(x), .language(y)): return x < y
        case let (.bool(x), .bool(y)): return !x && y
        default:
            if let x = date(a), let y = date(b) { return x < y }
            return rank(a) < rank(b)
        }
    }

    private static func rank(_ v: Value) -> Int {
        switch v {
        case .none: 99
        case .unknown: 98
        case .bool: 0
        case .int, .double: 1
        case .string: 2
        case .date, .dateTime, .dateRange, .dateTimeRange: 3
        case .jurisdiction, .language, .word: 4
        case .entity: 5
        case .list: 6
        case .record: 7
        case .groups: 8
        }
    }
}
