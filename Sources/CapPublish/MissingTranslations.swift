import CapBase
import CapValues
import CapSchema
import CapEval

/// The W0720 warnings: a French or Spanish output (a `report`, `timeline`
/// or `map` entity with `lang fr` or `lang es`) shows an entity's name
/// that has no `translation` in its language, in English. Only the
/// entities such an output actually publishes are named: a report's
/// activities, laws, publications, campaigns, tags and the coalition; a
/// timeline's entries; a map's laws and the coalition.
enum MissingTranslations {
    /// Past this many in one language, the rest are counted in one warning.
    static let limit = 50

    static func diagnostics(_ model: Model, timeline: () -> Timeline.Index, periods: inout Report.Periods) -> [Diagnostic] {
        var outputs: [(entity: Int, language: PublishLanguage)] = []
        for kind in [EntityKindName.report, .timeline, .map] {
            for e in model.entities(of: kind) {
                guard case .word(let w)? = model.field(e, "lang"), let language = PublishLanguage(rawValue: w),
                      language != .en else { continue }
                outputs.append((e, language))
            }
        }
        guard !outputs.isEmpty else { return [] }
        var index: Timeline.Index? = nil
        func entries() -> Timeline.Index {
            if let index { return index }
            let made = timeline()
            index = made
            return made
        }
        var out: [Diagnostic] = []
        var warned: Set<String> = [], counts: [PublishLanguage: Int] = [:]
        for (output, language) in outputs {
            let names = EntityTranslations(model, language)
            var shown: [Int] = model.entities(of: .coalition)
            switch model.kind(output) {
            case .report:
                guard let (from, to) = DeclaredFigures.period(model, output) else { continue }
                let period = periods.period(model, from: from, to: to, covers: Report.covers(model, output)) { entries() }.period
                var tags: Set<String> = []
                for e in period.months.flatMap(\.entries) + period.laws + period.publications {
                    if let entity = names.entity(of: e) { shown.append(entity) }
                    tags.formUnion(e.tags)
                }
                shown += period.campaigns
                shown += tags.sorted().compactMap(model.entity(named:))
            case .timeline:
                let index = entries()
                index.select(Timeline.Filter(declaredBy: output, in: model), model).forEach { e in
                    if let entity = names.entity(of: e) { shown.append(entity) }
                }
            default:
                let asOf = LawMap.date(model.field(output, "as_of"))
                for row in LawMap.rows(model, asOf: asOf ?? Evaluator.currentDate()) {
                    if let id = row.lawID, let law = model.entity(named: id) { shown.append(law) }
                }
            }
            for entity in names.missing(shown) where warned.insert("\(entity) \(language.rawValue)").inserted {
                counts[language, default: 0] += 1
                guard counts[language]! <= limit else { continue }
                out.append(.warning(.missingTranslation,
                    "\(model.entityKind(entity)) '\(model.entityID(entity))' has no \(language.englishName) name; the \(language.englishName) \(model.entityKind(output)) '\(model.entityID(output))' shows it in English",
                    at: model.location(entity),
                    help: "add translation { lang \(language.rawValue); name \"…\" } to it"))
            }
        }
        for (language, count) in counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where count > limit {
            out.append(.warning(.missingTranslation,
                "\(count - limit) more names have no \(language.englishName) translation and are shown in English",
                at: nil, help: "add translation { lang \(language.rawValue); name \"…\" } records to them"))
        }
        return out
    }
}
