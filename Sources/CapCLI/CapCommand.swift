#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser

@main
struct CapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cap",
        abstract: "Check, query and publish the coalition's .cap data files.",
        discussion: """
            Exit status, for every subcommand but diff: 0 success; 1 the data has
            errors or its rules do not hold; 2 the command line is wrong (an unknown
            option, a bad option value, a missing argument) or a path cannot be
            read. cap diff: 0 nothing changed, 1 something did, 2 an error.
            """,
        version: version,
        subcommands: [CheckCommand.self, EvalCommand.self, RunCommand.self, ReplCommand.self, ReportCommand.self, TimelineCommand.self,
                       MapCommand.self, BuildCommand.self, FmtCommand.self, ExportCommand.self, DiffCommand.self, ExplainCommand.self, SchemaCommand.self, CompletionsCommand.self, LspCommand.self,
                      VersionCommand.self]
    )

    static let version = "0.1.0"

    static func main() {
        #if canImport(Glibc)
        // A fixed threshold: blocks of 128 KiB and more are mapped, and
        // unmapped when freed. By default glibc raises the threshold after
        // the first large free (up to 32 MiB) and serves later blocks from
        // per-thread arenas that keep what is freed: the parser threads'
        // scratch tables then stayed resident to the end, and a check of
        // 26.8 MB peaked at 82 MB instead of 77.5 MB.
        // (malloc.h is not in Swift's Glibc module: looked up by name;
        // M_MMAP_THRESHOLD is -3.)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let mallopt = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
            _ = unsafeBitCast(mallopt, to: Mallopt.self)(-3, 128 << 10)
        }
        #endif
        // -V, as most tools take it, is --version; swift-argument-parser
        // knows only the long form.
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["-V"] { arguments = ["--version"] }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let late as LateUsageError {
            // As the parser shows a usage error: the message, then the
            // usage of the subcommand under `cap`, which the parser builds.
            let name = late.command.configuration.commandName ?? ""
            Terminal.write("""
                Error: \(late.message)
                Usage: \(usageString(for: late.command))
                  See 'cap \(name) --help' for more information.

                """, to: 2)
            exit(withError: ExitCode(2))
        } catch {
            // swift-argument-parser ends a usage error with 64 (EX_USAGE);
            // cap documents 2 for "the command line is wrong", as grep, jq
            // and ripgrep do, and 1 is kept for "the data has errors". The
            // message is the parser's own: the error, then the usage of the
            // subcommand it was parsing.
            if exitCode(for: error) == .validationFailure {
                Terminal.write(fullMessage(for: error) + "\n", to: 2)
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }

    /// `cap` alone starts the REPL on a terminal, and prints help otherwise
    /// (a script that forgot its subcommand should not hang on input).
    func run() throws {
        guard isatty(0) == 1 && isatty(1) == 1 else { throw CleanExit.helpRequest(self) }
        try ReplCommand.parse([]).run()
    }
}

/// A usage error that shows only once the data is read (`--tag` naming no
/// tag of the data): reported like the parser's own, with the subcommand's
/// usage and exit status 2, before anything else is printed.
struct LateUsageError: Error {
    let command: ParsableCommand.Type
    let message: String
}
