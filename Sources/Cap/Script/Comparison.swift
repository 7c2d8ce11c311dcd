/// Equality and order between values, with the partial-date rules:
///
/// * `a == b` on dates at the same precision: the same date. With a coarser
///   right side, whether a falls within it: `joined == 2017` holds for a
///   member who joined 2017-03 (the query reads "joined in 2017"). With a
///   coarser left side that contains the right (`2017-03 == 2017-03-14`)
///   the answer is unknown: the data does not say which day.
/// * `a < b`: yes when all of a is before all of b, no when none of it is,
///   unknown otherwise (2017-03 < 2017-03-14). `<=` likewise.
/// * `a in b` on dates: a lies within b (2017-03 in 2017); unknown when they
///   only overlap.
enum Comparison {
    static func equal(_ a: Value, _ b: Value) -> Truth {
        switch (a, b) {
        case (.none, .none): return .yes
        case (.none, _), (_, .none): return .no
        case (.unknown, _), (_, .unknown): return .unknown
        case let (.bool(x), .bool(y)): return Truth(x == y)
        case let (.int(x), .int(y)): return Truth(x == y)
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Truth(Double(x) == y)
        case let (.double(x), .double(y)): return Truth(x == y)
        case let (.string(x), .string(y)): return Truth(x == y)
        case (.date, _), (_, .date), (.dateTime, _), (_, .dateTime):
            guard let x = date(a), let y = date(b) else { return .no }
            return dateEqual(x, y)
        case let (.jurisdiction(x), .jurisdiction(y)): return Truth(x == y)
        case let (.jurisdiction(x), .string(s)), let (.string(s), .jurisdiction(x)):
            return Truth(Jurisdictions.lookup(s)?.code == x)
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
            for (x, y) in zip(xs, ys) { result = result && equal(x, y) }
            return result
        case let (.record(xs), .record(ys)):
            guard xs.count == ys.count else { return .no }
            var result = Truth.yes
            for (x, y) in zip(xs, ys) { result = result && (x.0 == y.0 ? equal(x.1, y.1) : .no) }
            return result
        default:
            return .no
        }
    }

    static func dateEqual(_ x: CapDate, _ y: CapDate) -> Truth {
        if x.precision == y.precision { return Truth(x == y) }
        if x.precision > y.precision { return Truth(x.isWithin(y)) }
        return y.isWithin(x) ? .unknown : .no
    }

    /// Order for `<`, `<=`, `>`, `>=`: nil when the values do not compare.
    static func less(_ a: Value, _ b: Value, orEqual: Bool) -> Truth? {
        switch (a, b) {
        case (.unknown, _), (_, .unknown): return .unknown
        case let (.int(x), .int(y)): return Truth(orEqual ? x <= y : x < y)
        case let (.int(x), .double(y)): return Truth(orEqual ? Double(x) <= y : Double(x) < y)
        case let (.double(x), .int(y)): return Truth(orEqual ? x <= Double(y) : x < Double(y))
        case let (.double(x), .double(y)): return Truth(orEqual ? x <= y : x < y)
        case let (.string(x), .string(y)): return Truth(orEqual ? x <= y : x < y)
        case let (.dateTime(x), .dateTime(y)):
            if let mx = x.utcMinutes, let my = y.utcMinutes { return Truth(orEqual ? mx <= my : mx < my) }
            return dateLess(x.date, y.date, orEqual: orEqual)
        default:
            guard let x = date(a), let y = date(b) else { return nil }
            return dateLess(x, y, orEqual: orEqual)
        }
    }

    static func dateLess(_ x: CapDate, _ y: CapDate, orEqual: Bool) -> Truth {
        if orEqual {
            if x.lastDay <= y.firstDay { return .yes }
            if x.firstDay > y.lastDay { return .no }
        } else {
            if x.lastDay < y.firstDay { return .yes }
            if x.firstDay >= y.lastDay { return .no }
        }
        return .unknown
    }

    /// `a in b`: membership in a list, a date within a date or a range, a
    /// substring in a string. nil when `b` holds nothing.
    static func contains(_ container: Value, _ item: Value) -> Truth? {
        switch container {
        case .list(let items):
            var result = Truth.no
            for x in items {
                result = result || equal(x, item)
                if result == .yes { return .yes }
            }
            return result
        case .groups(let groups):
            return contains(.list(groups.map(\.key)), item)
        case .string(let s):
            guard case .string(let sub) = item else { return nil }
            return Truth(s.contains(sub))
        case .dateRange(let from, let to):
            guard let d = date(item) else { return nil }
            if d.firstDay >= from.firstDay && d.lastDay <= to.lastDay { return .yes }
            if d.lastDay < from.firstDay || d.firstDay > to.lastDay { return .no }
            return .unknown
        case .none:
            return .no
        default:
            guard let outer = date(container), let d = date(item) else { return nil }
            if d.isWithin(outer) { return .yes }
            if d.lastDay < outer.firstDay || d.firstDay > outer.lastDay { return .no }
            return .unknown
        }
    }

    /// The date a value stands for: a date, a date-time's day, a four-digit
    /// year written as a number, the start of a range.
    static func date(_ v: Value) -> CapDate? {
        switch v {
        case .date(let d): return d
        case .dateTime(let t): return t.date
        case .int(let y) where (1...9999).contains(y): return try? CapDate(year: Int(y))
        case .dateRange(let a, _): return a
        default: return nil
        }
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
        case .date, .dateTime, .dateRange: 3
        case .jurisdiction, .language, .word: 4
        case .entity: 5
        case .list: 6
        case .record: 7
        case .groups: 8
        }
    }
}
