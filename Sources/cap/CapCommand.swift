import ArgumentParser

@main
struct CapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cap",
        abstract: "Check, query and publish the coalition's .cap data files.",
        version: "0.1.0",
        subcommands: [CheckCommand.self, EvalCommand.self, RunCommand.self, ReportCommand.self, TimelineCommand.self, MapCommand.self, BuildCommand.self, ExplainCommand.self, SchemaCommand.self]
    )
}
