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

extension Checker {
    /// A field that takes one entity of its own kind (an organisation's
    /// `part_of`, a law's `supersedes`) must not lead back to where it
    /// started: each cycle is reported once, at the reference of its first
    /// entity in declaration order.
    mutating func checkReferenceCycles() {
        for kind in workspace.schema.kinds {
            for field in kind.fields where !field.list {
                let targets: [EntityKindName]
                switch field.type {
                case .reference(let k), .referenceOrJurisdiction(let k): targets = k
                default: continue
                }
                guard targets.contains(kind.name), let symbol = interner.lookup(field.name) else { continue }
                var parent: [Int: (entity: Int, range: SourceRange)] = [:]
                for e in 0..<table.count where table.kinds[e] == kind.name {
                    let ref = table.refs[e], tree = workspace.tree(ref.file)
                    let node = tree.entities[Int(ref.index)]
                    for f in tree.fields(of: tree.blocks[Int(node.block)]) where f.name == symbol && !f.isDamaged {
                        if let v = tree.values(of: f).first, v.kind == .identifier, let t = table.lookup(v.payload) {
                            parent[e] = (t, tree.range(v.start, v.end))
                        }
                        break
                    }
                }
                guard !parent.isEmpty else { continue }
                // 1: on the path being walked; 2: walked.
                var state: [Int: UInt8] = [:]
                for start in parent.keys.sorted() where state[start] == nil {
                    var path: [Int] = []
                    var e = start
                    while state[e] == nil, let p = parent[e] {
                        state[e] = 1
                        path.append(e)
                        e = p.entity
                    }
                    if state[e] == 1, let i = path.firstIndex(of: e) {
                        let cycle = Array(path[i...])
                        let first = cycle.min()!
                        let names = (cycle.drop { $0 != first } + cycle.prefix { $0 != first } + [first]).map { name(table.ids[$0]) }
                        report(.error(.referenceCycle,
                                      "'\(names[0])' leads back to itself through '\(field.name)': \(names.joined(separator: " → "))",
                                      at: parent[first]!.range, label: "closes a cycle",
                                      help: "one of these '\(field.name)' references is wrong"))
                    }
                    for x in path { state[x] = 2 }
                }
            }
        }
    }
}
