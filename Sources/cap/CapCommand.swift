#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser

@main
struct CapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cap",
        abstract: "Check, query and publish the coalition's .cap data files.",
        version: "0.1.0",
        subcommands: [CheckCommand.self, EvalCommand.self, RunCommand.self, ReplCommand.self, ReportCommand.self, TimelineCommand.self, MapCommand.self, BuildCommand.self, ExplainCommand.self, SchemaCommand.self]
    )

    /// `cap` alone starts the REPL on a terminal, and prints help otherwise
    /// (a script that forgot its subcommand should not hang on input).
    func run() throws {
        guard isatty(0) == 1 && isatty(1) == 1 else { throw CleanExit.helpRequest(self) }
        try ReplCommand.parse([]).run()
    }
}
