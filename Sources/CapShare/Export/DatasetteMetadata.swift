import CapBase

/// Datasette's metadata.json for an exported database: its title, source
/// and licence, and per table a description, the column Datasette labels a
/// row with, the columns' descriptions (the schema's documentation), the
/// facets to show and the full-text index to search.
package enum DatasetteMetadata {
    package struct About: Sendable {
        package var title: String
        package var source: String?
        package var sourceURL: String?
        package var license: String?
        package var licenseURL: String?
        package init(title: String, source: String? = nil, sourceURL: String? = nil, license: String? = nil, licenseURL: String? = nil) {
            self.title = title
            self.source = source
            self.sourceURL = sourceURL
            self.license = license
            self.licenseURL = licenseURL
        }
    }

    /// `database`: the database's name in Datasette, its file name
    /// without `.db`.
    package static func render(_ plan: ExportPlan, database: String, about: About) -> String {
        let q = JSON.quote
        var top: [String] = ["  \"title\": \(q(about.title))"]
        if let s = about.source { top.append("  \"source\": \(q(s))") }
        if let s = about.sourceURL { top.append("  \"source_url\": \(q(s))") }
        if let s = about.license { top.append("  \"license\": \(q(s))") }
        if let s = about.licenseURL { top.append("  \"license_url\": \(q(s))") }
        var tables: [String] = []
        for table in plan.tables {
            var parts = ["        \"description\": \(q(table.doc))"]
            if let label = table.labelColumn { parts.append("        \"label_column\": \(q(label))") }
            if !table.facets.isEmpty { parts.append("        \"facets\": [" + table.facets.map(q).joined(separator: ", ") + "]") }
            if !table.searchColumns.isEmpty { parts.append("        \"fts_table\": \(q(table.name + "_fts"))") }
            let columns = table.columns.map { "          \(q($0.name)): \(q($0.doc))" }.joined(separator: ",\n")
            parts.append("        \"columns\": {\n\(columns)\n        }")
            tables.append("      \(q(table.name)): {\n" + parts.joined(separator: ",\n") + "\n      }")
        }
        if SQLDialect.sqlite.lawMapView(plan) != nil {
            tables.append("""
                      "law_map": {
                        "description": "The law on prostitution in each country as of today, as cap map draws it: the law that got furthest (bill, approved, passed, in force) and is not repealed.",
                        "label_column": "name",
                        "facets": ["model", "status"]
                      }
                """)
        }
        top.append("  \"databases\": {\n    \(q(database)): {\n      \"tables\": {\n" + tables.joined(separator: ",\n") + "\n      }\n    }\n  }")
        return "{\n" + top.joined(separator: ",\n") + "\n}\n"
    }
}
