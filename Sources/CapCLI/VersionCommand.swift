import ArgumentParser

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print cap's version (as cap --version and cap -V do)."
    )

    func run() {
        Terminal.write(CapCommand.version + "\n")
    }
}
