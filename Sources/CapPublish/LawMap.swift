import CapValues
import CapSchema
import CapEval

/// The abolitionist-law map as it stood on a given day: one row per ISO
/// 3166-1 country, plus each subdivision that has a law of its own (GB-NIR).
///
/// Only laws on prostitution are on it (a law with no `topic` is one). A law
/// counts from the day it certainly passed (its `passed` date, or its
/// `promulgated` one when no vote is recorded, lies wholly on or before the
/// as-of day); it is in force from its `in_force` date or the first date a
/// part of it entered into force (`partly_in_force`); a bill approved by a
/// government but not passed is pending, not law: it has a status but no
/// model. Its model is the declared one, or the one its `criminalisation`
/// blocks derive (`Criminalisation`). A repealed law no longer counts.
///
/// Of several laws for one place, the relations decide first (see
/// `governing`): a law superseded by one in force no longer counts; a law
/// that amends or complements another that counts is read as part of it,
/// unless it is in force and puts a model of its own in place (an amendment
/// that changed the model), when the law it amends no longer counts. Of what
/// remains, the latest in force wins, then the latest passed, then the
/// furthest pending: laws with no relation are told apart by date only, and
/// the checker warns of them (W0423).
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
        /// The entity, and the laws it names by relation (entity indices).
        var entity: Int = -1
        var supersedes: [Int] = []
        var amends: [Int] = []
        var complements: [Int] = []
        /// When it entered into force as a whole, if recorded: before that
        /// day, from `dates[3]`, it is in force in part.
        var wholeInForce: CapDate? = nil
        /// The parts in force on their own dates, in date order.
        var parts: [(date: CapDate, part: String)] = []
        /// Amendments with their dates: `amendment` blocks and `amended` dates.
        var amendments: [(date: CapDate, text: String)] = []
    }

    static func laws(_ model: Model) -> [Law] {
        func access(_ name: String) -> Model.FieldAccess? { model.access(name, of: .law) }
        let jurisdiction = access("jurisdiction"), stageFields = stages.map(access)
        let repealed = access("repealed"), lawModel = access("model"), source = access("source")
        let topic = access("topic"), promulgated = access("promulgated")
        let partly = access("partly_in_force"), amended = access("amended"), amendment = access("amendment")
        let supersedes = access("supersedes"), amends = access("amends"), complements = access("complements")
        func value(_ law: Int, _ field: Model.FieldAccess?) -> Value { field.map { model.field(law, $0) } ?? .none }
        func items(_ law: Int, _ field: Model.FieldAccess?) -> [Value] {
            switch value(law, field) {
            case .list(let items): items
            case .none: []
            case let single: [single]
            }
        }
        func entities(_ law: Int, _ field: Model.FieldAccess?) -> [Int] {
            items(law, field).compactMap { if case .entity(let e) = $0 { e } else { nil } }
        }
        var out: [Law] = []
        for law in model.entities(of: .law) {
            let topics = items(law, topic).compactMap { if case .word(let w) = $0 { w } else { nil } }
            guard topics.isEmpty || topics.contains("prostitution") else { continue }
            var code: String? = nil
            if case .jurisdiction(let c) = value(law, jurisdiction) { code = c }
            let sources = items(law, source).compactMap { if case .string(let s) = $0 { s } else { nil } }
            var word: String? = nil
            if case .word(let m) = value(law, lawModel) { word = m }
            // `Model` derives the model from the blocks where none is declared.
            var dates = stageFields.map { date(value(law, $0)) }
            // A law recorded by its promulgation alone counts from it.
            if dates[2] == nil { dates[2] = date(value(law, promulgated)) }
            var commenced: [(date: CapDate, part: String)] = []
            for case .record(let fields) in items(law, partly) {
                var d: CapDate? = nil, part = ""
                for (name, v) in fields {
                    if name == "date" { d = date(v) }
                    if name == "part", case .string(let s) = v { part = s }
                }
                if let d { commenced.append((d, part)) }
            }
            commenced.sort { $0.date.firstDay < $1.date.firstDay }
            let whole = dates[3]
            if let first = commenced.first?.date, whole.map({ first.firstDay < $0.firstDay }) ?? true { dates[3] = first }
            var changes: [(date: CapDate, text: String)] = items(law, amended).compactMap { date($0).map { ($0, "") } }
            for case .record(let fields) in items(law, amendment) {
                var d: CapDate? = nil, text = ""
                for (name, v) in fields {
                    if name == "date" { d = date(v) }
                    if name == "by", case .entity(let e) = v, text.isEmpty { text = "by " + model.entityName(e) }
                    if name == "change", case .string(let s) = v { text = s }
                }
                if let d { changes.append((d, text)) }
            }
            changes.sort { $0.date.firstDay < $1.date.firstDay }
            out.append(Law(place: code, dates: dates, repealed: date(value(law, repealed)),
                           model: word, title: model.entityName(law), id: model.entityID(law), sources: sources,
                           entity: law, supersedes: entities(law, supersedes), amends: entities(law, amends),
                           complements: entities(law, complements), wholeInForce: whole, parts: commenced, amendments: changes))
        }
        // A law that amends another is an amendment of it from the day it is
        // in force (or passed, when that is all the data has).
        var indexOf: [Int: Int] = [:]
        for (i, law) in out.enumerated() { indexOf[law.entity] = i }
        for law in out {
            guard let d = law.dates[3] ?? law.dates[2] else { continue }
            for principal in law.amends {
                guard let i = indexOf[principal] else { continue }
                out[i].amendments.append((d, "by " + law.title))
                out[i].amendments.sort { $0.date.firstDay < $1.date.firstDay }
            }
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
        let counting = laws.compactMap { law in stage(of: law, asOf).map { (law: law, stage: $0) } }
        var best: (law: Law, stage: Int, date: CapDate)? = nil
        for (law, s) in remaining(counting) {
            let d = law.dates[s] ?? asOf
            if best == nil || s > best!.stage || (s == best!.stage && best!.date < d) { best = (law, s, d) }
        }
        return best.map { ($0.law, $0.stage) }
    }

    /// The laws that count on the day once their relations are applied:
    /// a law superseded by one in force goes; a law amending or complementing
    /// one that counts goes into it, unless an amending law in force has a
    /// model, which then replaces the amended law's. Should the relations
    /// leave nothing (two laws amending each other), all count.
    static func remaining(_ counting: [(law: Law, stage: Int)]) -> [(law: Law, stage: Int)] {
        guard counting.count > 1 else { return counting }
        let present = Set(counting.map(\.law.entity))
        var gone: Set<Int> = []
        for (law, stage) in counting {
            if stage == 3 { gone.formUnion(law.supersedes) }
            for principal in law.amends where present.contains(principal) {
                if stage == 3 && law.model != nil { gone.insert(principal) } else { gone.insert(law.entity) }
            }
            if law.complements.contains(where: present.contains) { gone.insert(law.entity) }
        }
        let kept = counting.filter { !gone.contains($0.law.entity) }
        return kept.isEmpty ? counting : kept
    }

    static func fill(_ row: inout LawMapRow, _ found: (law: Law, stage: Int), _ asOf: CapDate, language: PublishLanguage = .en) {
        let law = found.law
        let passedOrLater = found.stage >= 2
        row.status = ["bill", "approved", "passed", "in force"][found.stage]
        if passedOrLater { row.model = law.model } else { row.pendingModel = law.model }
        switch found.stage {
        case 3:
            if let whole = law.wholeInForce, whole.lastDay <= asOf.lastDay {
                row.statusText = "in force"
            } else {
                let parts = law.parts.filter { $0.date.lastDay <= asOf.lastDay && !$0.part.isEmpty }.map(\.part)
                let words = language.labels.statusTexts["in force in part"] ?? "in force in part"
                row.statusText = words + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
            }
        case 2: row.statusText = law.dates[3] != nil ? "adopted, not yet in force" : "adopted (date in force not recorded)"
        case 1: row.statusText = "bill approved by government"
        default: row.statusText = "bill introduced"
        }
        if language != .en, let text = row.statusText { row.statusText = language.labels.statusTexts[text] ?? text }
        // Dates after the as-of day are not yet facts on that day.
        if passedOrLater { row.adopted = law.dates[2] }
        if found.stage == 3 { row.inForce = law.dates[3] }
        // Amendments made by the day, the law's own or laws amending it.
        let amended = law.amendments.filter { $0.date.lastDay <= asOf.lastDay }
        if found.stage >= 2, let last = amended.last {
            row.statusText! += ", \(language.labels.statusTexts["amended"] ?? "amended") \(last.date)" + (last.text.isEmpty ? "" : " (\(last.text))")
        }
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
