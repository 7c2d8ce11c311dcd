/// A figure's number with its unit, for the arithmetic of queries.
///
/// A `figure` record (name, value, unit, approximate, date, source) stays a
/// record in scripts; `sum`, `avg` and the order operators read it through
/// this: its value, whole, decimal or a range low..high, and its unit. Two
/// figures combine only when their units are the same word (USD with USD,
/// percent with percent, no unit with no unit); the evaluator refuses the
/// rest with E0713 rather than add dollars to people.
struct Amount {
    var low: Double
    var high: Double
    /// Both ends are whole numbers, so a sum stays one.
    var whole: Bool
    /// The unit: a word (`USD`, `percent`), or none.
    var unit: Value
    var approximate: Bool

    /// The amount of a figure record: one with a `value` and a `unit`; nil
    /// for any other value.
    init?(figure v: Value) {
        guard case .record(let fields) = v, let value = fields.first(where: { $0.0 == "value" })?.1,
              let unit = fields.first(where: { $0.0 == "unit" })?.1 else { return nil }
        guard let ends = Amount.ends(value) else { return nil }
        (low, high, whole) = ends
        self.unit = unit
        if case .bool(true)? = fields.first(where: { $0.0 == "approximate" })?.1 { approximate = true } else { approximate = false }
    }

    /// A plain number, compared with a figure in the figure's unit.
    init?(number v: Value, unit: Value) {
        guard let ends = Amount.ends(v) else { return nil }
        (low, high, whole) = ends
        self.unit = unit
        approximate = false
    }

    private static func ends(_ v: Value) -> (Double, Double, Bool)? {
        switch v {
        case .int(let n): return (Double(n), Double(n), true)
        case .double(let d): return (d, d, false)
        case .record(let fields):
            guard let l = fields.first(where: { $0.0 == "low" })?.1, let h = fields.first(where: { $0.0 == "high" })?.1,
                  let a = ends(l), let b = ends(h) else { return nil }
            return (a.0, b.1, a.2 && b.2)
        default: return nil
        }
    }

    /// The unit as a message names it: "USD", "percent", "no unit".
    var unitName: String {
        switch unit {
        case .word(let w), .string(let w): w
        default: "no unit"
        }
    }

    func sameUnit(_ other: Amount) -> Bool { unitName == other.unitName }

    /// The sum as a figure record: `{value, unit, approximate}`, the value a
    /// range when either end differs.
    var record: Value {
        func number(_ d: Double) -> Value { whole && d.magnitude < 9.0e18 ? .int(Int64(d)) : .double(d) }
        let value: Value = low == high ? number(low) : .record([("low", number(low)), ("high", number(high))])
        return .record([("value", value), ("unit", unit), ("approximate", .bool(approximate))])
    }

    /// How a message shows it: "around 5000 EUR", "85..90 percent".
    var spelled: String {
        func n(_ d: Double) -> String { whole ? String(Int64(d)) : String(d) }
        let number = low == high ? n(low) : "\(n(low))..\(n(high))"
        return (approximate ? "around " : "") + number + (unitName == "no unit" ? "" : " " + unitName)
    }

    static func + (a: Amount, b: Amount) -> Amount {
        var sum = a
        sum.low += b.low
        sum.high += b.high
        sum.whole = a.whole && b.whole
        sum.approximate = a.approximate || b.approximate
        return sum
    }

    /// Order between two amounts of one unit, three-valued over ranges as
    /// dates are over their days: 85..90 < 95 holds, 85..90 < 88 is unknown.
    static func compare(_ a: Amount, _ op: Comparison.Order, _ b: Amount) -> Truth {
        switch op {
        case .less: return a.high < b.low ? .yes : a.low >= b.high ? .no : .unknown
        case .lessEqual: return a.high <= b.low ? .yes : a.low > b.high ? .no : .unknown
        case .greater: return a.low > b.high ? .yes : a.high <= b.low ? .no : .unknown
        case .greaterEqual: return a.low >= b.high ? .yes : a.high < b.low ? .no : .unknown
        }
    }
}
