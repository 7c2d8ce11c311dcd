import CapBase
import CapValues
import CapSchema

/// Dates that must come in order within one entity, as the schema says
/// (`after`). With partial dates only a definite inversion is an error:
/// `passed 2016` and `in_force 2016-04-13` are consistent whatever day in
/// 2016 it was passed.
extension Checker {
    /// Each field declared `after` others (`in_force { …; after passed,
    /// approved, bill }`) is compared with the first of them that holds a
    /// date, in the schema's order of fields.
    mutating func checkDates(orders: [(field: Int, after: [Int])], fields: [FieldSpec]) {
        for (later, candidates) in orders {
            guard let date = blockDates[later],
                  let earlier = candidates.first(where: { blockDates[$0] != nil }), let first = blockDates[earlier] else { continue }
            order((fields[earlier].name, first.date, first.range), (fields[later].name, date.date, date.range))
        }
    }

    /// The entities named by a field declared `since` (an event's member
    /// organisers) are compared with the owner's first date once it is
    /// known (it may come after them in the block).
    mutating func checkOrganisers(kind: EntityKindName, fields: [FieldSpec], owner: Owner) {
        defer { pendingOrganisers.removeAll(keepingCapacity: true) }
        guard !pendingOrganisers.isEmpty, let event = owner.entityIndex,
              let i = schemas.ownDate[kind.index], let when = blockDates[i] else { return }
        for o in pendingOrganisers {
            checkOrganiser(member: o.member, event: event, date: when.date, at: o.range, field: fields[o.field].name)
        }
    }

    mutating func checkRecordDates(_ record: RecordRef) {
        checkDates(orders: schemas.recordOrders[record.index], fields: schemas.schema.record(record).fields)
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
