/// One table of an export, as both databases make it: columns with a
/// portable type, a primary key, foreign keys and the documentation
/// Datasette shows. `ExportPlan` derives every table from the schema.
package struct ExportTable: Sendable {
    package enum ColumnType: Sendable, Equatable {
        case text, integer, boolean
        /// A calendar day, YYYY-MM-DD: the sortable start and end of a date.
        case day
    }

    package struct Column: Sendable {
        package var name: String
        package var type: ColumnType
        package var doc: String
        /// The table and column this one refers to (a foreign key).
        package var references: (table: String, column: String)?
        package var notNull = false

        package init(_ name: String, _ type: ColumnType, _ doc: String, references: (table: String, column: String)? = nil,
                     notNull: Bool = false) {
            self.name = name
            self.type = type
            self.doc = doc
            self.references = references
            self.notNull = notNull
        }
    }

    package var name: String
    package var doc: String
    package var columns: [Column]
    package var primaryKey: [String]
    /// The column Datasette shows for a row that another one refers to.
    package var labelColumn: String?
    /// The text columns of the table's full-text index (none: no index).
    package var searchColumns: [String] = []
    /// Columns Datasette offers as facets.
    package var facets: [String] = []

    package func column(named name: String) -> Column? { columns.first { $0.name == name } }
    package func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

/// A value of one cell, typed as its column is.
package enum Cell: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int64)
    case boolean(Bool)
}
