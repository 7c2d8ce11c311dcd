import ArgumentParser
import Cap

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
        let (workspace, program) = options.loadAndCheck()
        let outputs = workspace.diagnostics.hasErrors ? [] : Build.outputs(program, today: Evaluator.currentDate(), stamp: Publishing.stamp())
        try Publishing.requireClean(workspace, color: options.color)
        guard let output = options.output else {
            for o in outputs { Terminal.write("==> \(o.path) <==\n" + o.text) }
            return
        }
        for o in outputs {
            let path = FileSystem.join(output, o.path)
            FileSystem.makeDirectories(FileSystem.directoryName(path))
            try Publishing.emit(bytes: o.bytes, to: path)
        }
        if outputs.isEmpty { Terminal.write("the data declares no outputs (report, timeline or map entities)\n", to: 2) }
    }
}
