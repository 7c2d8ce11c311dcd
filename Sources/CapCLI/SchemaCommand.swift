import ArgumentParser
import CapBase
import CapSchema
import CapAnalysis
import CapPublish

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Show the entity kinds and their fields, or one kind's fields.",
        discussion: """
            Without --data, the built-in schema (cap's prelude). With --data, the schema as that data \
            sees it: the prelude, the kinds, records and enumerations the data declares, and the fields \
            and words it adds (shown inside the kinds they extend). With --statistics, the report's \
            built-in statistics: the queries, in .cap, that a report's statistic field may replace.
            """
    )

    @Argument(help: "An entity kind, e.g. law.")
    var kind: String?

    @Option(name: .customLong("data"), help: ArgumentHelp("A .cap file or folder whose declarations extend the schema.", valueName: "path"))
    var data: [String] = []

    @Flag(name: .customLong("statistics"), help: "Show the report's built-in statistics, as .cap queries.")
    var statistics = false

    func run() throws {
        if statistics {
            guard kind == nil, data.isEmpty else {
                Terminal.error("--statistics shows the built-in statistics alone: give no kind and no --data")
                throw ExitCode(2)
            }
            Terminal.write(Build.builtInStatistics)
            return
        }
        var schema = Schema.builtIn
        if !data.isEmpty {
            let workspace = Workspace.load(paths: data)
            if let problem = workspace.usageErrors.first {
                Terminal.error(problem)
                throw ExitCode(2)
            }
            workspace.resolveSchema()
            schema = workspace.schema
        }
        guard let kind else {
            Terminal.write(data.isEmpty ? SchemaReader.preludeText : SchemaPrinter.declarations(of: schema))
            return
        }
        guard let name = schema.kind(named: kind) else {
            let near = Self.nearest(kind, among: schema.kinds.map(\.name.rawValue))
            Terminal.error("no entity kind '\(kind)'" + (near.map { "; did you mean '\($0)'?" } ?? "")
                           + (near == nil ? " (cap schema lists them)" : ""))
            throw ExitCode(2)
        }
        Terminal.write(SchemaPrinter.part(of: schema, kind: name))
    }

    /// The kind meant by a mistyped name. The kinds are few and far apart,
    /// so a short name one edit away ('lw', 'mpa') or the start of one
    /// ('pub') is a safe guess when only one kind fits, where the general
    /// suggestion (no guess under three letters) stays silent.
    static func nearest(_ word: String, among kinds: [String] = EntityKindName.allCases.map(\.rawValue)) -> String? {
        if let near = EditDistance.suggestions(for: word, among: kinds, limit: 1).first { return near }
        let lower = word.lowercased()
        guard lower.count >= 2 else { return nil }
        let prefixed = kinds.filter { $0.hasPrefix(lower) }
        if prefixed.count == 1 { return prefixed[0] }
        let oneEdit = kinds.filter { EditDistance.distance(lower, $0) == 1 }
        return oneEdit.count == 1 ? oneEdit[0] : nil
    }
}
