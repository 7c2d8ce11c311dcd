#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CapBase
import CapAnalysis
import CapEval

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
            own shown in full. Exit status: 0, 1 when the data or the expression has
            errors, 2 when the command line is wrong or a path cannot be read (and
            then no value).
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
        abstract: "Run the scripts in .cap files: print statements show values, assert statements are checked.",
        discussion: """
            Values go to standard output, problems to standard error. On a terminal a
            clean run ends with one line, e.g. "ran 24 files: all 30 rules held". The
            data's warnings are counted in one line (cap check shows them); what the
            script raises is shown in full. Exit status: 0, 1 when the data has errors
            or a rule does not hold, 2 when the command line is wrong or a path cannot
            be read.
            """
    )

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let workspace = options.load()
        let program = workspace.check(runningRules: false)
        var values: [Value] = []
        // What the run itself raises (a rule's failure, a print's warning)
        // is its answer, shown in full; what the check found before is the
        // data's.
        let checked = workspace.diagnostics.diagnostics.count
        if !workspace.diagnostics.hasErrors && workspace.usageErrors.isEmpty { program.run { values.append($0) } }
        // Only its warnings need telling apart: errors are always shown.
        let own = workspace.diagnostics.diagnostics.dropFirst(checked).filter { $0.severity == .warning }
        let rules = program.statements.filter { if case .assertion = $0.kind { true } else { false } }.count
        try ScriptOutput.finish(workspace, program: program, values: values, options: options, own: own, ruleCount: rules)
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
/// sets the exit status. The data's warnings are counted in one line, as
/// every command but `cap check` does (`FoldedDiagnostics`).
enum ScriptOutput {
    /// `expression`: the file `cap eval` made of its argument, whose
    /// diagnostics are the command's own. `own`: for `cap run`, what the
    /// script raised while running.
    static func finish(_ workspace: Workspace, program: Program, values: [Value], options: ScriptOptions,
                       expression: FileID? = nil, own: [Diagnostic] = [], ruleCount: Int? = nil) throws {
        let formatter = ValueFormatter(entities: program.model)
        for v in values {
            switch options.format {
            case .text: Terminal.write(Excerpt.bidiEscaped(formatter.text(v)))
            case .json: Terminal.write(Excerpt.bidiEscapedJSON(formatter.json(v)))
            case .csv: Terminal.write(Excerpt.csvForTerminal(formatter.csv(v)))
            }
        }
        let bag = workspace.diagnostics
        let isOwn: (Diagnostic) -> Bool = { d in
            (expression != nil && d.range?.file == expression) || own.contains(d)
        }
        var summary: String? = nil
        if let expression {
            summary = Self.evalSummary(bag, expression: expression, fileCount: workspace.fileCount)
        }
        let folding = FoldedDiagnostics(palette: Terminal.palette(options.color, fd: 2))
        var text = folding.render(bag, sources: workspace.sources, fileCount: workspace.fileCount, isOwn: isOwn, summary: summary)
        // `cap run` on a terminal says that its rules held: silence there
        // looked like nothing had run. A script reading its output gets
        // only the values.
        if let ruleCount, !bag.hasErrors, workspace.usageErrors.isEmpty, isatty(2) == 1 {
            let files = "\(DiagnosticReport.grouped(workspace.fileCount)) \(workspace.fileCount == 1 ? "file" : "files")"
            let rules = ruleCount == 0 ? "no rules to check"
                : ruleCount == 1 ? "its rule held" : "all \(DiagnosticReport.grouped(ruleCount)) rules held"
            text = "ran \(files): \(rules)\n" + text
        }
        Terminal.write(text, to: 2)
        if !workspace.usageErrors.isEmpty { throw ExitCode(2) }
        if bag.hasErrors { throw ExitCode(1) }
    }

    /// The line under `cap eval`'s errors: those of the expression are
    /// named as such, not as "checked 24 files: 1 error" when the data
    /// itself has none.
    static func evalSummary(_ bag: DiagnosticBag, expression: FileID, fileCount: Int) -> String? {
        let inExpression = bag.diagnostics.filter { $0.range?.file == expression && $0.severity == .error }.count
        guard inExpression > 0 else { return nil }
        let dataErrors = bag.errorCount - inExpression
        let files = "\(DiagnosticReport.grouped(fileCount)) \(fileCount == 1 ? "file" : "files")"
        let head = "\(DiagnosticReport.grouped(inExpression)) \(inExpression == 1 ? "error" : "errors") in the expression"
        let data = dataErrors == 0 ? "none in the data (\(files) checked)"
            : "\(DiagnosticReport.grouped(dataErrors)) in the data (\(files) checked)"
        return head + "; " + data
    }
}
