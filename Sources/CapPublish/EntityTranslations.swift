import CapBase
import CapValues
import CapSchema
import CapEval

/// The data's own names in another language: an entity's `translation`
/// records (the publishing prelude's block in prelude.cap), one per
/// language, each with a `name` (standing for the entity's header: its
/// name, title or label) and a `description`:
///
///     event csw61 "CSW 61: first abolitionist official side event" {
///       translation { lang fr; name "CSW 61 : premier événement parallèle officiel abolitionniste" }
///       translation { lang es; name "CSW 61: primer evento paralelo oficial abolicionista" }
///     }
///
/// A name with no translation in the output's language is shown in English,
/// and `cap check` says so (W0704) for the entities a French or Spanish
/// output publishes.
struct EntityTranslations {
    let model: Model
    let language: PublishLanguage
    /// The prelude's timeline labels in the language, made once.
    let timelineLabels: [String: String]

    init(_ model: Model, _ language: PublishLanguage) {
        self.model = model
        self.language = language
        timelineLabels = language.labels.timelineLabels
    }

    /// The `translation` record of `entity` in the language, if any.
    private func record(_ entity: Int) -> [(String, Value)]? {
        guard language != .en, case .list(let records) = model.field(entity, "translation") ?? .none else { return nil }
        for case .record(let fields) in records {
            if case .language(let code)? = fields.first(where: { $0.0 == "lang" })?.1, code == language.rawValue {
                return fields
            }
        }
        return nil
    }

    private func text(_ entity: Int, _ field: String) -> String? {
        guard let fields = record(entity), case .string(let s)? = fields.first(where: { $0.0 == field })?.1,
              !s.isEmpty else { return nil }
        return s
    }

    /// Whether the entity has a translated name in the language (English
    /// always has its own).
    func hasName(_ entity: Int) -> Bool { language == .en || text(entity, "name") != nil }

    /// The entity's name in the language, else its own.
    func name(_ entity: Int) -> String { text(entity, "name") ?? model.entityName(entity) }

    /// The entity's description in the language, else `english`.
    func description(_ entity: Int, else english: String?) -> String? { text(entity, "description") ?? english }

    /// The entity an entry of a timeline stands for: its id, or the law or
    /// member before the stage (`fr_2016.passed`, `talita.joined`).
    func entity(of e: borrowing TimelineEntry) -> Int? {
        // Ids hold no dots: an entry's id is its entity's, or "ID.FIELD[.N]".
        model.entity(named: String(e.id.prefix { $0 != "." }))
    }

    /// The title of an entry worded by its kind's timeline label (an
    /// instrument's "{title} adopted", a ratification's "{state} ratifies
    /// the {instrument}"): the label in the language (`Labels.timelineLabels`,
    /// else the English one), its placeholders filled with the translated
    /// names of the entity, its places and the entities it names. Nil for
    /// an entry titled by its entity's name alone.
    func labelled(_ e: borrowing TimelineEntry, _ entity: Int) -> String? {
        let parts = e.id.split(separator: ".")
        guard parts.count >= 2, model.schema.kinds.indices.contains(e.kind.index) else { return nil }
        let kind = model.schema[e.kind]
        guard case .entry(let english)? = kind.field(named: String(parts[1]))?.timeline,
              let pieces = TimelineRole.parts(of: timelineLabels[english] ?? english) else { return nil }
        var title = ""
        for piece in pieces {
            switch piece {
            case .text(let text): title += text
            case .field(let field) where field == kind.headerName: title += name(entity)
            case .field(let field):
                title += model.field(entity, field).flatMap(shown) ?? ""
            }
        }
        return title
    }

    /// A value as the output in the language shows it: an entity's,
    /// country's or language's name translated, a string as it is, a list
    /// joined. Nil for other values.
    func shown(_ value: Value) -> String? {
        switch value {
        case .entity(let i): name(i)
        case .jurisdiction(let code): language.countryName(code: code) ?? code
        case .language(let code): language.languageName(code: code) ?? code
        case .string(let s): s
        case .list(let items): items.compactMap(shown).joined(separator: ", ")
        default: nil
        }
    }

    /// The entry in the language: its title from the entity's translated
    /// name (a law's with its place and stage, a member's joining), its
    /// description, and the details of an event with their words and names.
    func translate(_ e: TimelineEntry) -> TimelineEntry {
        guard language != .en, let entity = entity(of: e) else { return e }
        let labels = language.labels
        var out = e
        // The kind's timeline label in the language ("Suède: … adoptée",
        // "Talita rejoint la coalition", "Suède ratifie : …"), or its name.
        out.title = labelled(e, entity) ?? name(entity)
        out.description = description(entity, else: e.description)
        if e.kind == .event && !e.details.isEmpty {
            func names(_ field: String) -> [String] {
                guard case .list(let items) = model.field(entity, field) ?? .none else { return [] }
                return items.compactMap(shown)
            }
            out.details = [("Co-sponsors", names("cosponsors")), ("Partners", names("partners")), ("Languages", names("languages"))]
                .filter { !$0.1.isEmpty }
                .map { "\(labels.details[$0.0] ?? $0.0): \($0.1.joined(separator: ", "))" }
        }
        return out
    }

    /// The entities whose names an output in the language shows, without a
    /// translation: each gets a W0704 warning once per language.
    func missing(_ entities: [Int]) -> [Int] {
        guard language != .en else { return [] }
        var seen: Set<Int> = []
        // A kind without a `translation` field (one the data declares, an
        // instrument) cannot be given one: nothing to warn of.
        var translatable: [EntityKindName: Bool] = [:]
        func canTranslate(_ e: Int) -> Bool {
            let kind = model.kind(e)
            if let known = translatable[kind] { return known }
            let has = model.hasField("translation", kind: kind)
            translatable[kind] = has
            return has
        }
        return entities.filter { canTranslate($0) && !hasName($0) && seen.insert($0).inserted }
    }
}
