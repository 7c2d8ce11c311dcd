/// The abolitionist-law map as it stood on a given day: one row per ISO
/// 3166-1 country, plus each subdivision that has a law of its own (GB-NIR).
///
/// A law counts from the day it certainly passed (its `passed` date lies
/// wholly on or before the as-of day); a bill approved by a government but
/// not passed is pending, not law: it has a status but no model. Of several
/// laws for one place, the latest in force wins, then the latest passed,
/// then the furthest pending; a repealed law no longer counts.
public enum LawMap {
    public static func rows(_ model: Model, asOf: CapDate) -> [LawMapRow] {
        var lawsByPlace: [String: [Int]] = [:]
        for law in model.entities(of: .law) {
            guard case .jurisdiction(let code) = model.field(law, "jurisdiction") ?? .none else { continue }
            lawsByPlace[code, default: []].append(law)
        }
        var rows: [LawMapRow] = []
        var places = Jurisdictions.countries
        for code in lawsByPlace.keys.sorted() {
            if let j = Jurisdictions.lookup(code: code), j.isSubdivision { places.append(j) }
        }
        for place in places {
            var row = LawMapRow(code: place.code,
                                isoA2: place.isSubdivision ? "" : place.code,
                                isoA3: place.alpha3 ?? "", isoNumeric: place.numeric ?? "",
                                name: place.name)
            if let law = governing(lawsByPlace[place.code] ?? [], model, asOf) { fill(&row, law, model, asOf) }
            rows.append(row)
        }
        return rows.sorted { $0.code < $1.code }
    }

    /// The stages in the order a law goes through them.
    static let stages = ["bill", "approved", "passed", "in_force"]

    /// How far a law had got on the day: the index in `stages`, or nil if
    /// nothing had happened yet (or it was repealed).
    static func stage(of law: Int, _ model: Model, _ asOf: CapDate) -> Int? {
        if let repealed = date(model.field(law, "repealed")), repealed.lastDay <= asOf.firstDay { return nil }
        var reached: Int? = nil
        for (i, name) in stages.enumerated() {
            if let d = date(model.field(law, name)), d.lastDay <= asOf.lastDay { reached = i }
        }
        return reached
    }

    static func governing(_ laws: [Int], _ model: Model, _ asOf: CapDate) -> (law: Int, stage: Int)? {
        var best: (law: Int, stage: Int, date: CapDate)? = nil
        for law in laws {
            guard let s = stage(of: law, model, asOf) else { continue }
            let d = date(model.field(law, stages[s])) ?? asOf
            if best == nil || s > best!.stage || (s == best!.stage && best!.date < d) { best = (law, s, d) }
        }
        return best.map { ($0.law, $0.stage) }
    }

    static func fill(_ row: inout LawMapRow, _ found: (law: Int, stage: Int), _ model: Model, _ asOf: CapDate) {
        let law = found.law
        let passedOrLater = found.stage >= 2
        row.status = ["bill", "approved", "passed", "in force"][found.stage]
        if passedOrLater, case .word(let m) = model.field(law, "model") ?? .none { row.model = m }
        // Dates after the as-of day are not yet facts on that day.
        if passedOrLater { row.adopted = date(model.field(law, "passed")) }
        if found.stage == 3 { row.inForce = date(model.field(law, "in_force")) }
        row.lawTitle = model.entityName(law)
        row.lawID = model.entityID(law)
        if case .list(let sources) = model.field(law, "source") ?? .none {
            row.sources = sources.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        }
    }

    static func date(_ v: Value?) -> CapDate? {
        if case .date(let d) = v { return d }
        return nil
    }
}
