import ArgumentParser
import CapBase

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic code, e.g. cap explain E0209; without a code, list them all."
    )

    @Argument(help: "A diagnostic code such as E0209.")
    var code: String?

    func run() throws {
        guard let code else {
            Terminal.write(DiagnosticCode.all.map { "\($0.id)  \($0.summary)" }.joined(separator: "\n") + "\n")
            return
        }
        guard let found = DiagnosticCode.lookup(code) else {
            let near = EditDistance.suggestions(for: code, among: DiagnosticCode.all.map(\.id), limit: 1)
            Terminal.error("no diagnostic code '\(code)'" + (near.first.map { "; did you mean \($0)?" } ?? ""))
            throw ExitCode(2)
        }
        Terminal.write("\(found.id): \(found.summary)\n")
    }
}
