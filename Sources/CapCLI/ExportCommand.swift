#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CapBase
import CapRuntime
import CapProcess
import CapAnalysis
import CapEval
import CapShare

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the data to a SQLite database (for Datasette) or to PostgreSQL.",
        discussion: """
            One table per kind (id, name or title, typed columns), child tables for
            lists and records, the entity and country tables every reference and
            country code points to, full-text indexes and a law_map view as of the day
            the database is read (docs/sharing.md).

            sqlite: written to -o atomically (a re-export replaces the file whole),
            with Datasette's metadata beside it (NAME.metadata.json).
            postgres: a psql script to -o or standard output that replaces the schema
            (--schema) in one transaction; with --database-url, piped to psql instead.
            Nothing is exported from data with errors unless --allow-errors is given.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case sqlite, postgres }

    @Option(help: "What to write: a SQLite database or a PostgreSQL script.")
    var format: Format = .sqlite

    @Option(name: [.short, .customLong("output")], help: "The database file (sqlite) or SQL script (postgres; default: standard output).")
    var output: String?

    @Option(help: "postgres: load into this server (postgresql://user@host/db) by running psql.")
    var databaseURL: String?

    @Option(help: "postgres: the schema the export replaces.")
    var schema = "cap"

    @Option(help: "sqlite: where Datasette's metadata goes (default: beside the database, NAME.metadata.json).")
    var metadata: String?

    @Option(help: "The title Datasette shows (default: the coalition's name).")
    var title: String?

    @Option(help: "Where the data comes from, for Datasette.")
    var source: String?

    @Option(help: "A link to where the data comes from.")
    var sourceURL: String?

    @Option(help: "The data's licence, for Datasette, e.g. CC-BY-4.0.")
    var license: String?

    @Option(help: "A link to the licence.")
    var licenseURL: String?

    @Flag(help: "Export even when the data has errors.")
    var allowErrors = false

    @Option(help: "Colour for diagnostics: auto, always or never.")
    var color: Terminal.ColorChoice = .auto

    @Argument(help: "Files or folders to load (default: the current folder).")
    var paths: [String] = []

    func validate() throws {
        switch format {
        case .sqlite:
            guard let output, !Publishing.isStandardOutput(output) else {
                throw ValidationError("--format sqlite writes a database file: give it with -o, e.g. -o coalition.db")
            }
            if databaseURL != nil { throw ValidationError("--database-url is for --format postgres") }
        case .postgres:
            if databaseURL != nil && output != nil { throw ValidationError("give either -o or --database-url, not both") }
            if metadata != nil { throw ValidationError("--metadata is for --format sqlite (Datasette)") }
            guard !schema.isEmpty, schema.utf8.count <= 63, !schema.contains("\0") else {
                throw ValidationError("--schema takes a PostgreSQL name of 1 to 63 bytes")
            }
        }
    }

    func run() throws {
        let workspace = Workspace.load(paths: paths.isEmpty ? ["."] : paths)
        for message in workspace.usageErrors { Terminal.error(message) }
        let program = workspace.check()
        if allowErrors && workspace.usageErrors.isEmpty && workspace.diagnostics.hasErrors {
            let folding = FoldedDiagnostics(palette: Terminal.palette(color, fd: 2))
            Terminal.write(folding.render(workspace.diagnostics, sources: workspace.sources, fileCount: workspace.fileCount, isOwn: { _ in false })
                           + "exporting anyway (--allow-errors): values with errors are left empty\n", to: 2)
        } else {
            try Publishing.requireClean(workspace, color: color)
        }
        let data = ExportData(model: program.model)
        // Freed by the exit at once rather than block by block (as build does).
        KeptUntilExit.keep(program)
        KeptUntilExit.keep(workspace)
        switch format {
        case .sqlite: try writeSQLite(data, workspace: workspace, model: program.model)
        case .postgres: try writePostgres(data, workspace: workspace)
        }
    }

    private func writeSQLite(_ data: ExportData, workspace: Workspace, model: Model) throws {
        let output = output!
        let fileName = output.split(separator: "/").last.map(String.init) ?? output
        let database = fileName.hasSuffix(".db") ? String(fileName.dropLast(3)) : fileName
        let metadataPath = metadata ?? FileSystem.join(FileSystem.directoryName(output), database + ".metadata.json")
        let coalition = model.entities(of: .coalition).first
        let about = DatasetteMetadata.About(
            title: title ?? coalition.map(model.entityName) ?? "cap export",
            source: source ?? coalition.map(model.entityName),
            sourceURL: sourceURL ?? coalition.flatMap { if case .string(let s) = model.field($0, "website") ?? .none { s } else { nil } },
            license: license, licenseURL: licenseURL)
        let text = DatasetteMetadata.render(data.plan, database: database, about: about)
        let inputs = workspace.inputIdentities
        // The metadata is written first and published last: a database
        // that cannot be written leaves both files as they were.
        let pending: AtomicFile.Pending
        do {
            pending = try AtomicFile.Pending(metadataPath, protecting: inputs)
            var bytes = Array(text.utf8)
            try bytes.withUnsafeMutableBufferPointer { buffer throws(FileSystem.Failure) in try pending.write(UnsafeBufferPointer(buffer)) }
            try pending.finish()
        } catch {
            Terminal.error("cannot write '\(Excerpt.forTerminal(metadataPath))': \(error.message)")
            throw ExitCode(2)
        }
        do {
            try SQLiteExport.write(data, to: output, protecting: inputs)
        } catch {
            Terminal.error("cannot write '\(Excerpt.forTerminal(output))': \(error.message)")
            throw ExitCode(2)
        }
        do { try pending.commit() } catch {
            Terminal.error("wrote the database, but not '\(Excerpt.forTerminal(metadataPath))': \(error.message)")
            throw ExitCode(2)
        }
        Terminal.write("wrote \(Excerpt.forTerminal(output)) and \(Excerpt.forTerminal(metadataPath))\n", to: 2)
    }

    private func writePostgres(_ data: ExportData, workspace: Workspace) throws {
        let script = PostgresScript.render(data, schema: schema)
        if let databaseURL {
            do {
                try PsqlLoader.load(script, url: databaseURL)
            } catch {
                Terminal.error(error.message)
                throw ExitCode(2)
            }
            Terminal.write("loaded the export into schema \(Excerpt.forTerminal(schema))\n", to: 2)
            return
        }
        // Piped (to psql), the script goes out as it is; on a terminal,
        // escaped as every other output is.
        if Publishing.isStandardOutput(output) && isatty(1) == 0 {
            Terminal.write(script)
            return
        }
        try Publishing.emit(script, format: "sql", to: output, workspace: workspace)
    }
}
