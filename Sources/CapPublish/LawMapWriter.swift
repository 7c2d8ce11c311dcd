import CapBase
import CapValues
import CapEval

/// The law map in the formats journalists and webmasters use.
public enum LawMapWriter {

    public static let csvHeader = ["code", "iso_a2", "iso_a3", "iso_numeric", "name", "model", "status",
                                   "adopted", "in_force", "law_title", "sources", "law_id", "category", "status_text"]

    /// CSV keyed for Datawrapper's world choropleth (ISO alpha-3 and an
    /// English name). Subdivisions (GB-NIR) have their code and no ISO
    /// 3166-1 columns, so a country map does not mistake them for the UK.
    public static func csv(_ rows: [LawMapRow]) -> String {
        var out = TextBuffer(capacity: rows.count * 160)
        out.appendCSVLine(csvHeader)
        for r in rows {
            out.appendCSVLine([r.code, r.isoA2, r.isoA3, r.isoNumeric, r.name, r.model ?? "", r.status ?? "",
                               r.adopted?.description ?? "", r.inForce?.description ?? "", r.lawTitle ?? "",
                               r.sources.joined(separator: " "), r.lawID ?? "", r.category ?? "", r.statusText ?? ""])
        }
        return out.text
    }

    static func csvLine(_ cells: [String]) -> String {
        var out = TextBuffer()
        out.appendCSVLine(cells)
        return out.text
    }

    static func properties(_ r: LawMapRow) -> [(String, String)] {
        func string(_ s: String?) -> String { s.map(JSON.quote) ?? "null" }
        return [
            ("code", JSON.quote(r.code)), ("iso_a2", string(r.isoA2.isEmpty ? nil : r.isoA2)),
            ("iso_a3", string(r.isoA3.isEmpty ? nil : r.isoA3)),
            ("iso_numeric", string(r.isoNumeric.isEmpty ? nil : r.isoNumeric)),
            ("name", JSON.quote(r.name)), ("model", string(r.model)), ("status", string(r.status)),
            ("adopted", string(r.adopted?.description)), ("in_force", string(r.inForce?.description)),
            ("law_title", string(r.lawTitle)), ("law_id", string(r.lawID)),
            ("sources", JSON.array(r.sources.map(JSON.quote))),
            ("category", string(r.category)), ("status_text", string(r.statusText)),
        ]
    }

    public static func json(_ rows: [LawMapRow], asOf: CapDate) -> String {
        JSON.object([
            ("as_of", JSON.quote(asOf.description)),
            ("jurisdictions", "[\n" + rows.map { "  " + JSON.object(properties($0)) }.joined(separator: ",\n") + "\n]"),
        ]) + "\n"
    }

    /// RFC 7946 FeatureCollection. Geometry is null (valid GeoJSON): the
    /// features carry the data, to be joined to shapes by ISO code.
    public static func geoJSON(_ rows: [LawMapRow], asOf: CapDate) -> String {
        let features = rows.map { r in
            "  " + JSON.object([
                ("type", JSON.quote("Feature")), ("id", JSON.quote(r.code)),
                ("geometry", "null"), ("properties", JSON.object(properties(r))),
            ])
        }
        return JSON.object([
            ("type", JSON.quote("FeatureCollection")),
            ("as_of", JSON.quote(asOf.description)),
            ("features", "[\n" + features.joined(separator: ",\n") + "\n]"),
        ]) + "\n"
    }

    /// Jurisdiction × year: the category at the end of each year, from the
    /// first year any law reached a stage to the as-of year, for an animated
    /// map. A law counts from the year it took effect, as readers and the
    /// coalition's own texts date it (Sweden 1999, not 1998): before that it
    /// is "abolitionist (adopted)"; a law with no in-force date recorded
    /// counts from its adoption; a bill not yet passed is "abolitionist
    /// bill". Each year asks only for each place's governing law, so the
    /// rows themselves are made once, as of the last day.
    /// `by` `.adoption` dates a law by the year it was adopted instead.
    static func years(_ laws: [LawMap.Law], asOf: CapDate, by basis: LawMap.YearsBy = .inForce,
                      language: PublishLanguage = .en) -> String {
        let (years, days) = yearSteps(laws, asOf: asOf)
        var lawsByPlace: [String: [LawMap.Law]] = [:]
        for law in laws {
            if let place = law.place { lawsByPlace[place, default: []].append(law) }
        }
        let rows = LawMap.rows(laws, asOf: days.last ?? asOf, language: language)
        var out = TextBuffer(capacity: rows.count * (years.count * 8 + 40))
        out.appendCSVLine(["code", "iso_a3", "name"] + years.map(String.init))
        for row in rows {
            let own = lawsByPlace[row.code] ?? []
            out.appendCSVLine([row.code, row.isoA3, row.name] + days.map { day in
                yearCategory(LawMap.governing(own, day), by: basis)
            })
        }
        return out.text
    }
}

extension LawMapWriter {
    /// The years from the first law stage to the as-of year, and the day
    /// each stands for: its last, or the as-of day for the last year.
    static func yearSteps(_ laws: [LawMap.Law], asOf: CapDate) -> (years: [Int], days: [CapDate]) {
        var first = asOf.year
        for law in laws {
            for case let d? in law.dates { first = min(first, d.year) }
        }
        let years = Array(first...asOf.year)
        let days = years.map { y in
            let end = (try? CapDate(year: y, month: 12, day: 31)) ?? asOf
            return end.firstDay < asOf.firstDay ? end : asOf
        }
        return (years, days)
    }

    /// A cell of the matrix of the years (see `years`).
    static func yearCategory(_ found: (law: LawMap.Law, stage: Int)?, by basis: LawMap.YearsBy = .inForce) -> String {
        guard let (law, stage) = found, let model = law.model else { return "" }
        switch stage {
        case 3: return model
        // By adoption, a law counts from the year it passed.
        case 2: return law.dates[3] == nil || basis == .adoption ? model : model + " (adopted)"
        default: return model + " bill"
        }
    }

    /// A world choropleth drawn offline from embedded Natural Earth shapes.
    public static func svg(_ rows: [LawMapRow], asOf: CapDate) -> String {
        MapSVG.render(rows: rows, asOf: asOf, title: "Laws on prostitution: the abolitionist (Nordic/Equality) model")
    }
}
