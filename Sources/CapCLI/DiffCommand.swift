import ArgumentParser
import CapBase
import CapValues
import CapEval
import CapShare
import CapAnalysis
import CapRuntime
import CapProcess

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed in the data between two folders or git revisions.",
        discussion: """
            Each side is a folder (or file) or a git revision of the repository around
            the current folder; with one side, it is compared with the working tree:
              cap diff main                 what the working tree changes from main
              cap diff HEAD~1 HEAD --path Examples
              cap diff old-data new-data
            Entities are matched by id: added, removed, renamed (the same content under
            a new id) and changed field by field; then the law map as of today and the
            figures of the declared reports. Exit status: 0 nothing changed, 1 something
            did, 2 an error (a side that cannot be read, or that has errors unless
            --allow-errors).
            """
    )

    @Argument(help: "The old side: a folder, a file or a git revision.")
    var old: String

    @Argument(help: "The new side (default: the working tree).")
    var new: String?

    @Option(name: .customLong("path"), help: "For a revision or the working tree: only the .cap files under this folder (repeatable).")
    var paths: [String] = []

    @Option(help: "text, markdown (for a pull-request comment), json or github (workflow annotations).")
    var format: DiffRenderer.Format = .text

    @Option(help: "The day the law maps are compared on (default: today).")
    var asOf: String?

    @Flag(help: "Compare even when a side has errors.")
    var allowErrors = false

    @Option(help: "Colour for diagnostics: auto, always or never.")
    var color: Terminal.ColorChoice = .auto

    func validate() throws {
        if let asOf, (try? CapDate.parse(asOf)) == nil {
            throw ValidationError("--as-of takes a date such as 2016-12-31, not '\(asOf)'")
        }
    }

    func run() throws {
        // The data's rules run on the real day; --as-of moves the law maps only.
        let today = Evaluator.currentDate()
        let mapDay = asOf.flatMap { try? CapDate.parse($0) } ?? today
        // The two sides are checked, and their reports' figures made, side
        // by side, the old one on a thread of its own: they share nothing,
        // and on two processors that takes about one side's time, not two.
        // Folders are also read side by side; a git revision is read from
        // inside a temporary folder (a change of the process's current
        // folder), so a revision and the working tree are read one by one.
        // Reported in order, old first.
        let (old, new, paths, allowErrors) = (self.old, self.new, self.paths, self.allowErrors)
        let loaded: [Result<DiffSide, DiffSide.Failure>]
        let half = max(1, DeepStack.defaultWorkers / 2)
        if DiffSide.isOnDisk(old), DiffSide.isOnDisk(new) {
            func load(_ spec: String?) -> Result<DiffSide, DiffSide.Failure> {
                Result { () throws(DiffSide.Failure) in
                    try DiffSide.load(spec, paths: paths, today: today, allowErrors: allowErrors, workers: half)
                }
            }
            let loadingOld = DeepStack.Background { load(old) }
            let loadedNew = load(new)
            loaded = [loadingOld.value(), loadedNew]
        } else {
            let read = [old, new].map { spec in Result { () throws(DiffSide.Failure) in try DiffSide.read(spec, paths: paths) } }
            func check(_ read: Result<(label: String, workspace: Workspace), DiffSide.Failure>) -> Result<DiffSide, DiffSide.Failure> {
                read.map { DiffSide.check($0.workspace, label: $0.label, today: today, allowErrors: allowErrors, workers: half) }
            }
            let checkingOld = DeepStack.Background { [read] in check(read[0]) }
            let checkedNew = check(read[1])
            loaded = [checkingOld.value(), checkedNew]
        }
        var sides: [DiffSide] = []
        for loaded in loaded {
            do {
                sides.append(try loaded.get())
            } catch {
                Terminal.error(error.message)
                throw ExitCode(2)
            }
            let side = sides.last!
            let bag = side.workspace.diagnostics
            guard bag.hasErrors else { continue }
            let folding = FoldedDiagnostics(palette: Terminal.palette(color, fd: 2))
            Terminal.write(folding.render(bag, sources: side.workspace.sources, fileCount: side.workspace.fileCount, isOwn: { _ in false }), to: 2)
            if !allowErrors {
                Terminal.error("\(side.label) has errors; nothing was compared (fix them, or compare anyway with --allow-errors)")
                throw ExitCode(2)
            }
        }
        let diff = DataDiff(old: sides[0], new: sides[1], today: mapDay)
        // Two checked corpora: freeing them block by block is work the
        // exit does at once (a tenth of a diff of 100,000 events).
        for side in sides { KeptUntilExit.keep(side.program); KeptUntilExit.keep(side.workspace) }
        let text = DiffRenderer(diff: diff, oldLabel: sides[0].label, newLabel: sides[1].label).render(format)
        Terminal.write(format == .json ? Excerpt.bidiEscapedJSON(text) : Excerpt.bidiEscaped(text))
        if !diff.isEmpty { throw ExitCode(1) }
    }
}

extension DiffRenderer.Format: ExpressibleByArgument {}
