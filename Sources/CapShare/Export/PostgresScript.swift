/// An export as a script for psql: in one transaction, the schema (`cap`
/// unless named) is dropped and made again with the plan's tables, their
/// rows (COPY, the fast path), then the foreign keys, the indexes, a
/// full-text index per kind and the `law_map` view. Run by `psql -f`, or
/// piped to psql by `cap export --database-url`; a failure anywhere rolls
/// the whole script back, and the previous export stays as it was.
package enum PostgresScript {
    package static func render(_ data: ExportData, schema: String) -> String {
        let plan = data.plan
        let dialect = SQLDialect.postgres
        let quotedSchema = SQLDialect.quote(schema)
        var out = """
            -- Written by cap export --format postgres. Load with:
            --   psql -v ON_ERROR_STOP=1 -f this-file.sql DATABASE
            \\set ON_ERROR_STOP on
            BEGIN;
            SET LOCAL client_min_messages = warning;
            DROP SCHEMA IF EXISTS \(quotedSchema) CASCADE;
            CREATE SCHEMA \(quotedSchema);
            SET LOCAL search_path TO \(quotedSchema);

            """
        for table in plan.tables {
            out += dialect.createTable(table, withForeignKeys: false) + ";\n"
            out += "COMMENT ON TABLE \(SQLDialect.quote(table.name)) IS \(SQLDialect.literal(table.doc));\n"
            for column in table.columns {
                out += "COMMENT ON COLUMN \(SQLDialect.quote(table.name)).\(SQLDialect.quote(column.name)) IS \(SQLDialect.literal(column.doc));\n"
            }
        }
        // Each table's COPY data, gathered as the rows come interleaved.
        var copies = [String](repeating: "", count: plan.tables.count)
        data.forEachRow { t, row in
            var first = true
            for cell in row {
                if !first { copies[t] += "\t" }
                first = false
                copyField(cell, into: &copies[t])
            }
            copies[t] += "\n"
        }
        for (t, table) in plan.tables.enumerated() {
            out += "COPY \(SQLDialect.quote(table.name)) (" + table.columns.map { SQLDialect.quote($0.name) }.joined(separator: ", ") + ") FROM stdin;\n"
            out += copies[t]
            copies[t] = ""
            out += "\\.\n"
        }
        for table in plan.tables {
            for key in dialect.foreignKeys(table) { out += "ALTER TABLE \(SQLDialect.quote(table.name)) ADD \(key);\n" }
            for index in dialect.indexes(table) { out += index + ";\n" }
            if !table.searchColumns.isEmpty {
                let document = table.searchColumns.map { "coalesce(\(SQLDialect.quote($0)), '')" }.joined(separator: " || ' ' || ")
                out += "CREATE INDEX \(SQLDialect.quote(table.name + "_search")) ON \(SQLDialect.quote(table.name)) USING gin (to_tsvector('simple', \(document)));\n"
            }
        }
        if let view = dialect.lawMapView(plan) { out += view + ";\n" }
        out += "COMMIT;\n"
        return out
    }

    /// A field of COPY's text format: \N for null, and the four characters
    /// it treats specially escaped.
    static func copyField(_ cell: Cell, into out: inout String) {
        switch cell {
        case .null: out += "\\N"
        case .integer(let n): out += String(n)
        case .boolean(let b): out += b ? "t" : "f"
        case .text(let s):
            guard s.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { out += s; return }
            for c in s.unicodeScalars {
                switch c {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                default: out.unicodeScalars.append(c)
                }
            }
        }
    }
}
