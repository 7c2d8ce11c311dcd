import ArgumentParser
import Cap

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate an expression over .cap data and print its value.",
        discussion: """
            Examples:
              cap eval 'members | where joined == 2017 | map name' Examples
              cap eval 'events | group campaign | count' --format csv Examples
            Problems go to standard error; the value to standard output. The data's
            warnings are counted in one line (cap check shows them), the expression's
            own shown in full. Exit status as for check: 0, 1 when the data or the
            expression has errors, 2 for unreadable paths (and then no value).
            """
    )

    @Argument(help: "The expression, e.g. 'members | count'.")
    var expression: String

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let workspace = options.load()
        let file = workspace.addSource(name: "<expression>", text: expression, allowingExpressions: true)
        let program = workspace.check(runningRules: false)
        var values: [Value] = []
        // A path that could not be read leaves data out, and a value
        // computed without it would look right to a script reading it.
        if !workspace.diagnostics.hasErrors && workspace.usageErrors.isEmpty {
            for statement in workspace.tree(file).statements {
                switch statement.kind {
                case .expression(let e), .print(let e):
                    if let v = program.evaluate(e) { values.append(v) }
                case .assertion, .binding:
                    break
                }
            }
        }
        try ScriptOutput.finish(workspace, program: program, values: values, options: options, expression: file)
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the scripts in .cap files: print statements show values, assert statements are checked."
    )

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let workspace = options.load()
        let program = workspace.check(runningRules: false)
        var values: [Value] = []
        if !workspace.diagnostics.hasErrors && workspace.usageErrors.isEmpty { program.run { values.append($0) } }
        try ScriptOutput.finish(workspace, program: program, values: values, options: options)
    }
}

/// What `eval` and `run` share: the paths to load and how to print.
struct ScriptOptions: ParsableArguments {
    @Argument(help: "Files or folders to load (default: the current folder).")
    var paths: [String] = []

    @Option(help: "Output format: text (a table on a terminal), json or csv.")
    var format: ValueFormat = .text

    @Option(help: "Colour for diagnostics: auto, always or never.")
    var color: Terminal.ColorChoice = .auto

    func load() -> Workspace {
        let workspace = Workspace.load(paths: paths.isEmpty ? ["."] : paths)
        for message in workspace.usageErrors { Terminal.error(message) }
        return workspace
    }
}

enum ValueFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

/// Prints values to standard output and problems to standard error, then
/// sets the exit status.
enum ScriptOutput {
    /// `expression`: the file `cap eval` made of its argument. The data's
    /// own warnings are then counted in one line rather than shown, unless
    /// there are errors: an analyst runs query after query on the same
    /// data, and Examples/ printed the same five warnings, 30 lines, above
    /// each answer. The expression's own diagnostics are always shown.
    static func finish(_ workspace: Workspace, program: Program, values: [Value], options: ScriptOptions,
                       expression: FileID? = nil) throws {
        let formatter = ValueFormatter(entities: program.model)
        for v in values {
            switch options.format {
            case .text: Terminal.write(Excerpt.bidiEscaped(formatter.text(v)))
            case .json: Terminal.write(Excerpt.bidiEscapedJSON(formatter.json(v)))
            case .csv: Terminal.write(Excerpt.csvForTerminal(formatter.csv(v)))
            }
        }
        let bag = workspace.diagnostics
        var shown = bag.sorted(), unshownWarnings = 0
        if let expression, !bag.hasErrors {
            shown = shown.filter { $0.range?.file == expression }
            // Counted from the bag's total: past its store limit a warning is counted, not kept.
            unshownWarnings = bag.warningCount - shown.filter { $0.severity == .warning }.count
        }
        let report = DiagnosticReport(format: .text, maxShown: 50, palette: Terminal.palette(options.color, fd: 2))
        var text = ""
        let renderer = TextRenderer(sources: workspace.sources, palette: report.palette)
        for d in shown.prefix(50) { text += renderer.render(d) + "\n" }
        if bag.hasErrors { text += report.summary(bag, fileCount: workspace.fileCount) + "\n" }
        if unshownWarnings > 0 {
            let count = "\(DiagnosticReport.grouped(unshownWarnings)) warning\(unshownWarnings == 1 ? "" : "s")"
            text += "cap: note: \(count) in the data not shown; run 'cap check' to see \(unshownWarnings == 1 ? "it" : "them")\n"
        }
        Terminal.write(text, to: 2)
        if !workspace.usageErrors.isEmpty { throw ExitCode(2) }
        if bag.hasErrors { throw ExitCode(1) }
    }
}
