/// What differs between the two databases an export is written for: type
/// names, today's date, and how the law map view is spelled. The tables
/// themselves are the same (`ExportPlan`).
package enum SQLDialect: Sendable {
    case sqlite, postgres

    func typeName(_ type: ExportTable.ColumnType) -> String {
        switch (self, type) {
        case (.sqlite, .text), (.sqlite, .day): "TEXT"
        case (.sqlite, .integer), (.sqlite, .boolean): "INTEGER"
        case (.postgres, .text): "text"
        case (.postgres, .integer): "bigint"
        case (.postgres, .boolean): "boolean"
        case (.postgres, .day): "date"
        }
    }

    /// A double-quoted identifier: the schema's names are plain words, but
    /// a declared kind may be named like an SQL keyword.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// A string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "''") + "'"
    }

    /// `CREATE TABLE`, with the foreign keys when `withForeignKeys` (SQLite
    /// declares them only there; PostgreSQL adds them after the rows).
    func createTable(_ table: ExportTable, withForeignKeys: Bool) -> String {
        var parts = table.columns.map { column in
            "  \(Self.quote(column.name)) \(typeName(column.type))\(column.notNull ? " NOT NULL" : "")"
        }
        parts.append("  PRIMARY KEY (" + table.primaryKey.map(Self.quote).joined(separator: ", ") + ")")
        if withForeignKeys { parts += foreignKeys(table).map { "  " + $0 } }
        // A table without a full-text index needs no rowid: its primary key
        // is then the table itself, one B-tree to write instead of two.
        let withoutRowID = self == .sqlite && table.searchColumns.isEmpty ? " WITHOUT ROWID" : ""
        return "CREATE TABLE \(Self.quote(table.name)) (\n" + parts.joined(separator: ",\n") + "\n)" + withoutRowID
    }

    func foreignKeys(_ table: ExportTable) -> [String] {
        table.columns.compactMap { column in
            column.references.map { "FOREIGN KEY (\(Self.quote(column.name))) REFERENCES \(Self.quote($0.table)) (\(Self.quote($0.column)))" }
        }
    }

    /// An index on every foreign key that is not the first column of the
    /// primary key, so that a join or a Datasette facet stays fast.
    func indexes(_ table: ExportTable) -> [String] {
        table.columns.compactMap { column in
            guard column.references != nil, table.primaryKey.first != column.name else { return nil }
            return "CREATE INDEX \(Self.quote(table.name + "_" + column.name)) ON \(Self.quote(table.name)) (\(Self.quote(column.name)))"
        }
    }

    var today: String {
        switch self {
        case .sqlite: "date('now')"
        case .postgres: "CURRENT_DATE"
        }
    }

    /// The law map as of the day the database is read, as `cap map` draws
    /// it (CapPublish's `LawMap`): per place, the law that got furthest
    /// (bill, approved, passed, in force) by today and is not repealed,
    /// the latest of those on a tie, the first declared after that; a model
    /// only once passed. Every country has a row, a subdivision only when a
    /// law names it. Nil when the schema's law lacks the fields it reads.
    func lawMapView(_ plan: ExportPlan) -> String? {
        guard let law = plan.tables.first(where: { $0.name == "law" }) else { return nil }
        let stages = ["bill", "approved", "passed", "in_force"]
        let needed = ["jurisdiction", "model", "repealed_end"] + stages.flatMap { [$0, $0 + "_start", $0 + "_end"] }
        guard needed.allSatisfy({ law.column(named: $0) != nil }), let title = law.labelColumn else { return nil }
        // Only laws on prostitution are on the map: a law with no topic is
        // one, a law whose topics leave prostitution out (a consent or a
        // trafficking law) is not, as in `cap map`.
        let onProstitution = plan.tables.contains(where: { $0.name == "law_topic" })
            ? """
               AND (NOT EXISTS (SELECT 1 FROM "law_topic" AS t WHERE t.law_id = l.id)
                 OR EXISTS (SELECT 1 FROM "law_topic" AS t WHERE t.law_id = l.id AND t.value = 'prostitution'))
              """
            : ""
        let reached = stages.enumerated().reversed().map { "WHEN \($0.element)_end <= \(today) THEN \($0.offset)" }.joined(separator: " ")
        func byStage(_ suffix: String) -> String {
            "CASE stage " + stages.enumerated().map { "WHEN \($0.offset) THEN \($0.element)\(suffix)" }.joined(separator: " ") + " END"
        }
        return """
            CREATE VIEW "law_map" AS
            WITH staged AS (
              SELECT *, CASE \(reached) END AS stage
              FROM (SELECT row_number() OVER () AS seq, * FROM "law") AS l
              WHERE jurisdiction IS NOT NULL AND (repealed_end IS NULL OR repealed_end > \(today))\(onProstitution)
            ), governing AS (
              SELECT *, row_number() OVER (PARTITION BY jurisdiction
                ORDER BY stage DESC, \(byStage("_start")) DESC, length(\(byStage(""))) DESC, seq) AS rank
              FROM staged WHERE stage IS NOT NULL
            )
            SELECT c.code, c.name, c.alpha3,
              CASE WHEN g.stage >= 2 THEN g.model END AS model,
              CASE g.stage WHEN 0 THEN 'bill' WHEN 1 THEN 'approved' WHEN 2 THEN 'passed' WHEN 3 THEN 'in force' END AS status,
              CASE WHEN g.stage >= 2 THEN g.passed END AS adopted,
              CASE WHEN g.stage = 3 THEN g.in_force END AS in_force,
              g.\(Self.quote(title)) AS law_title, g.id AS law_id
            FROM "country" AS c LEFT JOIN governing AS g ON g.jurisdiction = c.code AND g.rank = 1
            WHERE c.parent IS NULL OR EXISTS (SELECT 1 FROM "law" WHERE "law".jurisdiction = c.code)
            """
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
