import CapValues
import CapSchema
import CapEval

/// The abolitionist-law map as it stood on a given day: one row per ISO
/// 3166-1 country, plus each subdivision that has a law of its own (GB-NIR).
///
/// A law counts from the day it certainly passed (its `passed` date lies
/// wholly on or before the as-of day); a bill approved by a government but
/// not passed is pending, not law: it has a status but no model. Of several
/// laws for one place, the latest in force wins, then the latest passed,
/// then the furthest pending; a repealed law no longer counts.
public enum LawMap {
    public static func rows(_ model: Model, asOf: CapDate, language: PublishLanguage = .en) -> [LawMapRow] {
        rows(laws(model), asOf: asOf, language: language)
    }

    /// What year the matrix of the years dates a law by: the year it took
    /// effect (the default, as readers and the coalition's texts date it:
    /// Sweden 1999), or the year it was adopted (Sweden 1998), as a map
    /// entity's `years_by adoption` or `--years-by adoption` asks.
    public enum YearsBy: String, Sendable, CaseIterable {
        case inForce = "in_force"
        case adoption
    }

    /// What the map reads of a law, read once: the map of the years asks
    /// about every law as of each year.
    package struct Law {
        /// Nil when the law names no jurisdiction: it is on no map, but its
        /// dates still set where the map of the years starts.
        var place: String?
        /// Indexed like `stages`.
        var dates: [CapDate?]
        var repealed: CapDate?
        var model: String?
        var title: String
        var id: String
        var sources: [String]
    }

    static func laws(_ model: Model) -> [Law] {
        func access(_ name: String) -> Model.FieldAccess? { model.access(name, of: .law) }
        let jurisdiction = access("jurisdiction"), stageFields = stages.map(access)
        let repealed = access("repealed"), lawModel = access("model"), source = access("source")
        func value(_ law: Int, _ field: Model.FieldAccess?) -> Value { field.map { model.field(law, $0) } ?? .none }
        var out: [Law] = []
        for law in model.entities(of: .law) {
            var code: String? = nil
            if case .jurisdiction(let c) = value(law, jurisdiction) { code = c }
            var sources: [String] = []
            if case .list(let items) = value(law, source) {
                sources = items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            }
            var word: String? = nil
            if case .word(let m) = value(law, lawModel) { word = m }
            out.append(Law(place: code, dates: stageFields.map { date(value(law, $0)) }, repealed: date(value(law, repealed)),
                           model: word, title: model.entityName(law), id: model.entityID(law), sources: sources))
        }
        return out
    }

    /// `language`: the rows' names and status words in it (the codes, model
    /// and status stay as they are, for joins).
    static func rows(_ laws: [Law], asOf: CapDate, language: PublishLanguage = .en) -> [LawMapRow] {
        var lawsByPlace: [String: [Int]] = [:]
        for (i, law) in laws.enumerated() {
            if let place = law.place { lawsByPlace[place, default: []].append(i) }
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
                                name: language.countryName(code: place.code) ?? place.name)
            if let found = governing((lawsByPlace[place.code] ?? []).map { laws[$0] }, asOf) {
                fill(&row, found, asOf, language: language)
            }
            rows.append(row)
        }
        return rows.sorted { $0.code < $1.code }
    }

    /// The stages in the order a law goes through them.
    static let stages = ["bill", "approved", "passed", "in_force"]

    /// How far a law had got on the day: the index in `stages`, or nil if
    /// nothing had happened yet (or it was repealed).
    static func stage(of law: Law, _ asOf: CapDate) -> Int? {
        if let repealed = law.repealed, repealed.lastDay <= asOf.firstDay { return nil }
        var reached: Int? = nil
        for (i, d) in law.dates.enumerated() {
            if let d, d.lastDay <= asOf.lastDay { reached = i }
        }
        return reached
    }

    static func governing(_ laws: [Law], _ asOf: CapDate) -> (law: Law, stage: Int)? {
        var best: (law: Law, stage: Int, date: CapDate)? = nil
        for law in laws {
            guard let s = stage(of: law, asOf) else { continue }
            let d = law.dates[s] ?? asOf
            if best == nil || s > best!.stage || (s == best!.stage && best!.date < d) { best = (law, s, d) }
        }
        return best.map { ($0.law, $0.stage) }
    }

    static func fill(_ row: inout LawMapRow, _ found: (law: Law, stage: Int), _ asOf: CapDate, language: PublishLanguage = .en) {
        let law = found.law
        let passedOrLater = found.stage >= 2
        row.status = ["bill", "approved", "passed", "in force"][found.stage]
        if passedOrLater { row.model = law.model } else { row.pendingModel = law.model }
        switch found.stage {
        case 3: row.statusText = "in force"
        case 2: row.statusText = law.dates[3] != nil ? "adopted, not yet in force" : "adopted (date in force not recorded)"
        case 1: row.statusText = "bill approved by government"
        default: row.statusText = "bill introduced"
        }
        if language != .en, let text = row.statusText { row.statusText = language.labels.statusTexts[text] ?? text }
        // Dates after the as-of day are not yet facts on that day.
        if passedOrLater { row.adopted = law.dates[2] }
        if found.stage == 3 { row.inForce = law.dates[3] }
        row.lawTitle = law.title
        row.lawID = law.id
        row.sources = law.sources
    }

    /// The title the map shows: `title` (a map entity's own), or the
    /// default; the map entity's subtitle; the coalition as the source.
    package static func heading(_ model: Model, map entity: Int?, title: String?, language: PublishLanguage = .en) -> MapSVG.Heading {
        let labels = language.labels, names = EntityTranslations(model, language)
        var heading = MapSVG.Heading(title: title ?? labels.mapTitle, subtitle: title == nil ? labels.mapSubtitle : nil)
        if let entity, case .string(let s)? = model.field(entity, "subtitle"), !s.isEmpty { heading.subtitle = s }
        heading.source = model.entities(of: .coalition).first.map(names.name)
        heading.language = language
        return heading
    }

    static func date(_ v: Value?) -> CapDate? {
        if case .date(let d) = v { return d }
        return nil
    }
}
