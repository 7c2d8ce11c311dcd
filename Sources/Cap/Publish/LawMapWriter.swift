/// The law map in the formats journalists and webmasters use.
public enum LawMapWriter {
    public enum Format: String, CaseIterable, Sendable { case csv, json, geojson, years, svg }

    public static let csvHeader = ["code", "iso_a2", "iso_a3", "iso_numeric", "name", "model", "status",
                                   "adopted", "in_force", "law_title", "sources", "law_id"]

    /// CSV keyed for Datawrapper's world choropleth (ISO alpha-3 and an
    /// English name). Subdivisions (GB-NIR) have their code and no ISO
    /// 3166-1 columns, so a country map does not mistake them for the UK.
    public static func csv(_ rows: [LawMapRow]) -> String {
        var out = csvLine(csvHeader)
        for r in rows {
            out += csvLine([r.code, r.isoA2, r.isoA3, r.isoNumeric, r.name, r.model ?? "", r.status ?? "",
                            r.adopted?.description ?? "", r.inForce?.description ?? "", r.lawTitle ?? "",
                            r.sources.joined(separator: " "), r.lawID ?? ""])
        }
        return out
    }

    static func csvLine(_ cells: [String]) -> String {
        cells.map(ValueFormatter.csvField).joined(separator: ",") + "\r\n"
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

    /// Jurisdiction × year: the model at the end of each year, from the first
    /// year any law reached a stage to the as-of year, for an animated map.
    public static func years(_ model: Model, asOf: CapDate) -> String {
        var first = asOf.year
        for law in model.entities(of: .law) {
            for stage in LawMap.stages {
                if let d = LawMap.date(model.field(law, stage)) { first = min(first, d.year) }
            }
        }
        let years = Array(first...asOf.year)
        var columns: [[LawMapRow]] = []
        for y in years {
            let end = (try? CapDate(year: y, month: 12, day: 31)) ?? asOf
            columns.append(LawMap.rows(model, asOf: end.firstDay < asOf.firstDay ? end : asOf))
        }
        var out = csvLine(["code", "iso_a3", "name"] + years.map(String.init))
        for (i, row) in (columns.last ?? []).enumerated() {
            out += csvLine([row.code, row.isoA3, row.name] + columns.map { $0[i].model ?? "" })
        }
        return out
    }
}

extension LawMapWriter {
    /// A world choropleth drawn offline from embedded Natural Earth shapes.
    public static func svg(_ rows: [LawMapRow], asOf: CapDate) -> String {
        MapSVG.render(rows: rows, asOf: asOf, title: "Laws on prostitution: the abolitionist (Nordic/Equality) model")
    }
}
