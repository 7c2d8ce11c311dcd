import ArgumentParser
import CapBase

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic code, e.g. cap explain E0209; without a code, list them all.",
        discussion: """
            For a code: what it means, a short example that gives it, and how to fix it.
            """
    )

    @Argument(help: "A diagnostic code such as E0209.")
    var code: String?

    @Flag(help: "Explain every code in full.")
    var all = false

    /// docs/diagnostics.md is this output.
    @Flag(help: .hidden)
    var markdown = false

    func validate() throws {
        if code != nil && all { throw ValidationError("give a code or --all, not both") }
        if code != nil && markdown { throw ValidationError("--markdown writes the whole reference: give it with --all, without a code") }
        if markdown && !all { throw ValidationError("--markdown goes with --all") }
    }

    func run() throws {
        if markdown {
            Terminal.write(DiagnosticReference.markdown())
            return
        }
        if all {
            Terminal.write(DiagnosticCode.all.map(DiagnosticReference.text).joined(separator: "\n"))
            return
        }
        guard let code else {
            Terminal.write(DiagnosticCode.all.map { "\($0.id)  \($0.summary)" }.joined(separator: "\n") + "\n")
            return
        }
        guard let found = DiagnosticCode.lookup(code) else {
            let near = EditDistance.suggestions(for: code, among: DiagnosticCode.all.map(\.id), limit: 1)
            Terminal.error("no diagnostic code '\(code)'" + (near.first.map { "; did you mean \($0)?" } ?? ""))
            throw ExitCode(2)
        }
        Terminal.write(DiagnosticReference.text(found))
    }
}
