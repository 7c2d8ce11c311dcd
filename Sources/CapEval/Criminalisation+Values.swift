import CapSchema

extension Criminalisation {
    /// What a law's `criminalisation` blocks say, read from their values
    /// (records with `act` and `penalised`); a block lacking either says
    /// nothing, and of two blocks for one act the last counts.
    package init(records: [Value]) {
        self.init()
        for case .record(let fields) in records {
            var act: String? = nil, penalised: Bool? = nil
            for (name, value) in fields {
                if name == "act", case .word(let w) = value { act = w }
                if name == "penalised", case .bool(let b) = value { penalised = b }
            }
            if let act, let penalised { self.penalised[act] = penalised }
        }
    }
}
