import ArgumentParser
import CapBase
import CapAnalysis
import CapPublish

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check .cap files and report every problem found.",
        discussion: """
            Checks the files and folders given (every .cap file under a folder, and
            everything they include). Exit status: 0 when there are no errors, 1 when
            there are, 2 when a path cannot be read or the command line is wrong.
            """
    )

    @Argument(help: "Files or folders to check (default: the current folder).")
    var paths: [String] = []

    @Option(help: "Output format: text, json or github (workflow annotations).")
    var format: DiagnosticReport.Format = .text

    @Flag(help: "Treat warnings as errors.")
    var werror = false

    @Option(help: "Print at most this many diagnostics; 0 prints all.")
    var maxDiagnostics = 100

    @Option(help: "Colour: auto, always or never. NO_COLOR is honoured.")
    var color: Terminal.ColorChoice = .auto

    func run() throws {
        let workspace = Workspace.load(paths: paths.isEmpty ? ["."] : paths)
        for message in workspace.usageErrors { Terminal.error(message) }
        workspace.check()
        if werror { workspace.diagnostics.promoteWarnings() }
        let report = DiagnosticReport(format: format, maxShown: max(0, maxDiagnostics),
                                      palette: format == .text ? Terminal.palette(color) : .plain)
        // "checked 0 files" under "cannot read…" says nothing more; JSON
        // still gives its (empty) document, for the program reading it.
        let nothingRead = workspace.fileCount == 0 && !workspace.usageErrors.isEmpty
        if !nothingRead || format == .json {
            let text = report.render(workspace.diagnostics, sources: workspace.sources, fileCount: workspace.fileCount)
            // JSON escapes controls itself; a file name's bidirectional
            // controls become \u202e, still the same JSON value.
            Terminal.write(format == .json ? Excerpt.bidiEscapedJSON(text) : text)
        }
        if !workspace.usageErrors.isEmpty { throw ExitCode(2) }
        if workspace.diagnostics.hasErrors { throw ExitCode(1) }
    }
}

extension DiagnosticReport.Format: ExpressibleByArgument {}
