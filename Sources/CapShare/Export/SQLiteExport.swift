import CSQLite
import CapRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Writes an export as a SQLite database for Datasette and any SQLite
/// client: the tables of the plan with their foreign keys and indexes, a
/// full-text index (FTS5) per kind over its name and text fields, and the
/// `law_map` view.
///
/// The database is built in a temporary file beside the target (through
/// `AtomicFile.Pending`, so the output-path rules of every other writer
/// hold) and renamed over it when complete: a reader never sees half a
/// database, and a re-export replaces the file whole. What the target must
/// not be: a folder, a read-only file, a file that is not a database, or a
/// database another process is writing (checked with `BEGIN IMMEDIATE`).
package enum SQLiteExport {
    package struct Failure: Error, Sendable {
        package let message: String
    }

    package static func write(_ data: ExportData, to path: String,
                              protecting inputs: Set<FileSystem.Identity> = []) throws(Failure) {
        _ = configured
        try checkTarget(path)
        let pending: AtomicFile.Pending
        do { pending = try AtomicFile.Pending(path, protecting: inputs) } catch { throw Failure(message: error.message) }
        let database = try Database(pending.temporaryPath)
        do {
            try fill(database, data)
        } catch {
            database.close()
            pending.discard()
            throw error
        }
        database.close()
        do {
            try pending.finish()
            // Another writer may have started since the first look.
            try checkTarget(path)
            try pending.commit()
        } catch let failure as Failure {
            pending.discard()
            throw failure
        } catch {
            pending.discard()
            throw Failure(message: (error as? FileSystem.Failure)?.message ?? "\(error)")
        }
    }

    /// Before SQLite's first use (it refuses afterwards, harmlessly): cap
    /// opens its connections one at a time, on one thread. The mutexes
    /// were 7% of an export of 100,000 events.
    private static let configured: Int32 = cap_sqlite3_configure_single_thread()

    /// The SQL the database is made of, in order (also what `fill` runs).
    package static func schemaStatements(_ plan: ExportPlan) -> [String] {
        let dialect = SQLDialect.sqlite
        return plan.tables.map { dialect.createTable($0, withForeignKeys: true) }
    }

    private static func fill(_ db: Database, _ data: ExportData) throws(Failure) {
        let plan = data.plan
        let dialect = SQLDialect.sqlite
        // The file is private until renamed: no journal, no waiting for
        // the disk between statements (AtomicFile flushes it at the end).
        // Pages of 16 KB: a fifth fewer B-tree pages to split and link as
        // a million rows go in (SQLite's own inserts 0.26 s against 0.32 s
        // with 4 KB pages on 100,000 events); any reader takes any size.
        try db.exec("PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -131072; BEGIN")
        for statement in schemaStatements(plan) { try db.exec(statement) }
        // One prepared statement per table; the rows come interleaved.
        var statements: [OpaquePointer] = []
        defer { for statement in statements { sqlite3_finalize(statement) } }
        for table in plan.tables {
            let sql = "INSERT INTO \(SQLDialect.quote(table.name)) VALUES (" + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
            statements.append(try db.prepare(sql))
        }
        // The rows are read out of the model on this thread and inserted on
        // another, which alone uses the connection until it is joined.
        let handoff = RowHandoff()
        let inserting = DeepStack.Background { [statements] () -> Failure? in
            var failure: Failure? = nil
            while let batch = handoff.take() {
                // After a failure the rest is drained, so the reader never waits forever.
                guard failure == nil else { continue }
                for (t, row) in batch {
                    let statement = statements[t]
                    for (i, cell) in row.enumerated() { bind(statement, Int32(i + 1), cell) }
                    if sqlite3_step(statement) != SQLITE_DONE { failure = db.failure("inserting into \(plan.tables[t].name)") }
                    sqlite3_reset(statement)
                    if failure != nil { break }
                }
                handoff.giveBack(batch)
            }
            return failure
        }
        var batch: RowHandoff.Batch = []
        batch.reserveCapacity(Self.batchSize)
        data.forEachRow { t, row in
            batch.append((t, row))
            if batch.count == Self.batchSize {
                handoff.put(batch)
                batch = []
                batch.reserveCapacity(Self.batchSize)
            }
        }
        handoff.put(batch)
        handoff.close()
        if let failure = inserting.value() { throw failure }
        for table in plan.tables {
            for index in dialect.indexes(table) { try db.exec(index) }
            guard !table.searchColumns.isEmpty else { continue }
            // External content: the index holds no copy of the text, and
            // Datasette finds it by its `content="table"` (detect_fts).
            let fts = SQLDialect.quote(table.name + "_fts")
            let columns = table.searchColumns.map(SQLDialect.quote).joined(separator: ", ")
            try db.exec("CREATE VIRTUAL TABLE \(fts) USING fts5(\(columns), content=\"\(table.name)\")")
            try db.exec("INSERT INTO \(fts) (rowid, \(columns)) SELECT rowid, \(columns) FROM \(SQLDialect.quote(table.name))")
        }
        if let view = dialect.lawMapView(plan) { try db.exec(view) }
        try db.exec("COMMIT")
        try db.exec("PRAGMA optimize")
    }

    /// Rows per handoff: large enough that the threads rarely meet at the
    /// lock, small enough that four batches waiting stay a few megabytes.
    static let batchSize = 2048

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ statement: OpaquePointer, _ index: Int32, _ cell: Cell) {
        switch cell {
        case .null: sqlite3_bind_null(statement, index)
        case .integer(let n): sqlite3_bind_int64(statement, index, n)
        case .boolean(let b): sqlite3_bind_int64(statement, index, b ? 1 : 0)
        case .text(let s):
            var s = s
            s.withUTF8 { buffer in
                _ = buffer.withMemoryRebound(to: CChar.self) {
                    sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), transient)
                }
            }
        }
    }

    /// Refuses what an export must not replace, before anything is written.
    static func checkTarget(_ path: String) throws(Failure) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            throw Failure(message: "is a folder; give the database's file name, e.g. -o \(path.hasSuffix("/") ? path : path + "/")coalition.db")
        case S_IFREG: break
        default: return  // AtomicFile names what it is and refuses it.
        }
        if st.st_mode & 0o222 == 0 {
            throw Failure(message: "is read-only; cap does not replace a read-only database (chmod u+w it, or write elsewhere)")
        }
        if st.st_size > 0 {
            var header = [UInt8](repeating: 0, count: 16)
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Failure(message: String(cString: strerror(errno))) }
            let n = read(fd, &header, 16)
            close(fd)
            guard n == 16, header == Array("SQLite format 3\0".utf8) else {
                throw Failure(message: "is not a SQLite database; cap replaces only a database it may have written (remove the file or choose another name)")
            }
        }
        // A writer's lock (a RESERVED lock or more) makes BEGIN IMMEDIATE
        // fail at once.
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            return
        }
        defer { sqlite3_close(handle) }
        sqlite3_busy_timeout(handle, 0)
        let code = sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil)
        if code == SQLITE_BUSY || code == SQLITE_LOCKED {
            throw Failure(message: "is locked by another process that is writing to it; try again once it is done")
        }
        if code == SQLITE_READONLY {
            throw Failure(message: "is read-only; cap does not replace a read-only database (chmod u+w it, or write elsewhere)")
        }
        sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
    }

    /// One connection, closed once.
    final class Database {
        private var handle: OpaquePointer?

        init(_ path: String) throws(Failure) {
            var handle: OpaquePointer?
            // One thread uses the connection: no mutex on every call (they
            // were 8% of an export of 100,000 events).
            let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
            self.handle = handle
            guard code == SQLITE_OK else {
                let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open the database"
                close()
                throw Failure(message: message)
            }
        }

        func exec(_ sql: String) throws(Failure) {
            guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure("running \(sql.prefix(40))…") }
        }

        func prepare(_ sql: String) throws(Failure) -> OpaquePointer {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw failure("preparing") }
            return statement
        }

        func failure(_ doing: String) -> Failure {
            Failure(message: "SQLite failed while \(doing): \(handle.map { String(cString: sqlite3_errmsg($0)) } ?? "no connection")")
        }

        func close() {
            if let handle { sqlite3_close(handle) }
            handle = nil
        }

        deinit { close() }
    }
}
