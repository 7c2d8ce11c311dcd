import CapBase
import CapValues
import CapSchema

/// Dates that must come in order within one entity. With partial dates only
/// a definite inversion is an error: `passed 2016` and `in_force 2016-04-13`
/// are consistent whatever day in 2016 it was passed.
extension Checker {
    /// Law stages in the order they happen.
    static let lawStages = ["bill", "approved", "passed", "in_force"]

    mutating func checkDates(kind: EntityKindName, fields: [FieldSpec], owner: Owner) {
        func date(_ field: String) -> (date: CapDate, range: SourceRange)? {
            guard let i = fields.firstIndex(where: { $0.name == field }) else { return nil }
            return blockDates[i]
        }
        switch kind {
        case .law:
            var earlier: (name: String, date: CapDate, range: SourceRange)? = nil
            for stage in Self.lawStages {
                guard let current = date(stage) else { continue }
                if let earlier { order(earlier, (stage, current.date, current.range)) }
                earlier = (stage, current.date, current.range)
            }
            if let repealed = date("repealed"), let inForce = date("in_force") ?? date("passed") {
                order((date("in_force") != nil ? "in_force" : "passed", inForce.date, inForce.range),
                      ("repealed", repealed.date, repealed.range))
            }
        case .member:
            if let joined = date("joined") {
                if let left = date("left") { order(("joined", joined.date, joined.range), ("left", left.date, left.range)) }
            }
        case .campaign:
            if let started = date("started"), let ended = date("ended") {
                order(("started", started.date, started.range), ("ended", ended.date, ended.range))
            }
        case .event:
            if let when = date("date"), let event = owner.entityIndex {
                for o in pendingOrganisers { checkOrganiser(member: o.member, event: event, date: when.date, at: o.range) }
            }
        default:
            break
        }
        pendingOrganisers.removeAll(keepingCapacity: true)
    }

    mutating func checkRecordDates(_ record: RecordSchema) {
        guard record.name == "role",
              let fromIndex = record.fields.firstIndex(where: { $0.name == "from" }),
              let toIndex = record.fields.firstIndex(where: { $0.name == "to" }),
              let from = blockDates[fromIndex], let to = blockDates[toIndex] else { return }
        order(("from", from.date, from.range), ("to", to.date, to.range))
    }

    /// Reports when `later` is certainly before `earlier`.
    private mutating func order(_ earlier: (name: String, date: CapDate, range: SourceRange),
                                _ later: (name: String, date: CapDate, range: SourceRange)) {
        guard later.date.isDefinitelyBefore(earlier.date) else { return }
        report(.error(.inconsistentDates,
                      "'\(later.name)' (\(later.date)) is before '\(earlier.name)' (\(earlier.date))",
                      at: later.range, label: "too early",
                      notes: [DiagnosticNote("'\(earlier.name)' is \(earlier.date) here", at: earlier.range)],
                      help: "one of the two dates is wrong"))
    }
}
