import CapEval

extension Report {
    /// Which events and statements are the coalition's own work, and so
    /// its report's activities and the ground of its statistics. The data
    /// also holds others' events (a member's training, a partner's launch)
    /// that a report must not count as the coalition's.
    ///
    /// A report's `covers` names the organisations instead of the coalition.
    /// The default, documented in docs/publishing.md: an event is the
    /// coalition's when it names no organiser (the data records the
    /// coalition's own items without naming it), or when the coalition is
    /// among its organisers, co-sponsors, partners or participants, or one
    /// of the coalition's people (a person with a role at it) organised,
    /// spoke or moderated. A statement is the coalition's when it names no
    /// signatory or the coalition (or one of its people) signed it.
    struct OwnActivities {
        private let model: Model
        private let ours: Set<Int>

        /// `covers`: the organisations whose work counts, instead of the
        /// coalition (a report's `covers` field): the coalition and its
        /// members, or a member alone.
        init(_ model: Model, covers: [Int]? = nil) {
            self.model = model
            var ours = Set(covers ?? model.entities(of: .coalition))
            let coalitions = ours
            for person in model.entities(of: .person) {
                guard case .list(let roles) = model.field(person, "role") ?? .none else { continue }
                for case .record(let fields) in roles {
                    if case .entity(let org)? = fields.first(where: { $0.0 == "org" })?.1, coalitions.contains(org) {
                        ours.insert(person)
                    }
                }
            }
            self.ours = ours
        }

        /// Whether `entity`, an event or a statement, is the coalition's.
        func covers(_ entity: Int) -> Bool {
            // Data without a coalition entity has no one to tell apart.
            guard !ours.isEmpty else { return true }
            func refs(_ field: String) -> [Int] {
                guard case .list(let items) = model.field(entity, field) ?? .none else { return [] }
                return items.compactMap { if case .entity(let i) = $0 { return i } else { return nil } }
            }
            let named = model.kind(entity) == .statement ? ["signatories"] : ["organisers"]
            if named.allSatisfy({ refs($0).isEmpty }) { return true }
            let roles = model.kind(entity) == .statement
                ? ["signatories"]
                : ["organisers", "cosponsors", "partners", "participants", "speakers", "moderators"]
            return roles.contains { refs($0).contains(where: ours.contains) }
        }
    }
}
