import ArgumentParser
import CapRuntime
import CapEval
import CapPublish
import CapProcess
import CapBase

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write every output the data declares: its report, timeline and map entities.",
        discussion: """
            Nothing is written when the data has errors. Each file is written
            atomically (a temporary file renamed over the target), so a failed or
            interrupted build never leaves a half-written file where a good one stood.
            Without -o the outputs go to standard output, each under a header line.
            """
    )

    @OptionGroup var options: PublishOptions

    func run() throws {
        let workspace = options.load()
        let (program, entries) = Build.check(workspace)
        let clean = !workspace.diagnostics.hasErrors
        guard let output = options.output, !Publishing.isStandardOutput(output) else {
            let outputs = clean ? Build.outputs(program, today: Evaluator.currentDate(), stamp: Publishing.stamp(), entries: entries) : []
            try Publishing.requireClean(workspace, color: options.color)
            for o in outputs {
                let format = o.path.split(separator: ".").last.map { String($0).lowercased() } ?? ""
                Terminal.write("==> \(Excerpt.forTerminal(o.path)) <==\n" + Excerpt.forTerminal(o.text, format: format))
            }
            return
        }
        // Rendered into temporary files, which are renamed over their
        // targets only once every output was made and the data is clean;
        // until then, throwing drops them and the files on disk stay as
        // they were.
        var staged: [AtomicFile.Pending] = []
        var failure: Build.WriteFailure? = nil
        if clean {
            do {
                staged = try Build.stage(program, in: output, today: Evaluator.currentDate(), stamp: Publishing.stamp(),
                                         entries: entries, keepInputs: KeptUntilExit.keep)
            } catch {
                failure = error
            }
        }
        try Publishing.requireClean(workspace, color: options.color)
        if let failure {
            Terminal.error("cannot write '\(Excerpt.forTerminal(failure.path))': \(failure.failure.message)")
            throw ExitCode(2)
        }
        for file in staged {
            try Publishing.commit(file)
        }
        KeptUntilExit.keep(program)
        if staged.isEmpty { Terminal.write("the data declares no outputs (report, timeline or map entities)\n", to: 2) }
    }
}
