#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CapBase
import CapValues
import CapRuntime
import CapAnalysis
import CapEval
import CapPublish

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Write the abolitionist-law map dataset: one row per country and per subdivision with its own law.",
        discussion: """
            The CSV is keyed by ISO alpha-3 with an English name; the GeoJSON has no
            geometry, to be joined to country shapes by ISO code; the SVG is drawn
            offline, with its legend and date. Nothing is written when the data has
            errors.
            """
    )

    @Option(help: "The day the map shows, e.g. 2016-12-31 (default: today).")
    var asOf: String?

    @Option(help: MapFormat.help)
    var format: MapFormat = .standard

    @Option(help: "What year the years matrix dates a law by: in_force (the year it took effect, default) or adoption.")
    var yearsBy: LawMap.YearsBy = .inForce

    @OptionGroup var language: LanguageOption

    @OptionGroup var options: PublishOptions

    /// Checked while parsing, so that a bad value is a usage error shown
    /// with this command's usage (exit status 2).
    func validate() throws {
        _ = try day()
    }

    func day() throws -> CapDate {
        guard let asOf else { return Evaluator.currentDate() }
        guard let d = try? CapDate.parse(asOf) else {
            throw ValidationError("--as-of takes a date such as 2016-12-31, not '\(asOf)'")
        }
        return d
    }

    func run() throws {
        let day = try day()
        let (workspace, program) = options.loadAndCheck()
        try Publishing.requireClean(workspace, color: options.color)
        let text = format.format.text(map: program.model, asOf: day, language: language.language, yearsBy: yearsBy)
        try Publishing.emit(text, format: format.format.name, to: options.output, workspace: workspace)
    }
}

extension LawMap.YearsBy: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// What report, timeline, map and build share: where to write, colour, and
/// the data to load.
struct PublishOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "Write here (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Colour for diagnostics: auto, always or never.")
    var color: Terminal.ColorChoice = .auto

    @Argument(help: "Files or folders to load (default: the current folder).")
    var paths: [String] = []

    func loadAndCheck() -> (Workspace, Program) {
        let workspace = load()
        return (workspace, workspace.check())
    }

    /// The data, not yet checked; usage errors are printed.
    func load() -> Workspace {
        let workspace = Workspace.load(paths: paths.isEmpty ? ["."] : paths)
        for message in workspace.usageErrors { Terminal.error(message) }
        return workspace
    }
}

/// What every publishing command does: refuse data with errors, and write
/// the result atomically or to standard output.
enum Publishing {
    /// Now, in UTC, for DTSTAMP; SOURCE_DATE_EPOCH (reproducible-builds.org)
    /// fixes it so that outputs can be compared byte for byte.
    static func stamp() -> CapDateTime {
        var now = time(nil)
        if let epoch = getenv("SOURCE_DATE_EPOCH").map({ String(cString: $0) }), let seconds = Int(epoch) { now = time_t(seconds) }
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ n: Int32) -> String { String(n).count == 1 ? "0\(n)" : String(n) }
        let text = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) UTC"
        return try! CapDateTime.parse(text)
    }

    /// Shows the diagnostics as every command but `cap check` does (errors
    /// and `own` in full, the data's warnings in one line) and stops on
    /// errors. `own`: what the command itself found, e.g. a report's
    /// figures that the data does not already warn about.
    static func requireClean(_ workspace: Workspace, color: Terminal.ColorChoice, own: [Diagnostic] = []) throws {
        let bag = workspace.diagnostics
        if bag.totalCount > 0 {
            let folding = FoldedDiagnostics(palette: Terminal.palette(color, fd: 2))
            let text = folding.render(bag, sources: workspace.sources, fileCount: workspace.fileCount, isOwn: { own.contains($0) })
            Terminal.write(bag.hasErrors ? text + "nothing was written: fix the errors first\n" : text, to: 2)
        }
        if !workspace.usageErrors.isEmpty { throw ExitCode(2) }
        if bag.hasErrors { throw ExitCode(1) }
    }

    /// `-o -` and `-o /dev/stdout` mean standard output: renaming a file
    /// over /dev/stdout would replace the link (as root, /dev/null too),
    /// and every other link, device or FIFO is refused by AtomicFile.
    static func isStandardOutput(_ output: String?) -> Bool {
        output == nil || output == "-" || output == "/dev/stdout"
    }

    /// `format`: its name, for what standard output escapes
    /// (`Excerpt.forTerminal(_:format:)`); a file gets the data as it is.
    static func emit(_ text: String, format: String, to output: String?, workspace: Workspace) throws {
        guard let output, !isStandardOutput(output) else {
            Terminal.write(Excerpt.forTerminal(text, format: format))
            return
        }
        if let problem = Build.sizeDiagnostic(text, output: output, limits: workspace.limits) {
            Terminal.write(TextRenderer(sources: SourceManager(), palette: Terminal.palette(.auto, fd: 2)).render(problem) + "\nnothing was written\n", to: 2)
            throw ExitCode(1)
        }
        let inputs = workspace.inputIdentities
        try written(output) { () throws(FileSystem.Failure) in try AtomicFile.write(text, to: output, protecting: inputs) }
    }

    /// An output of `Build.stage`, already written and held to the size
    /// limit there.
    static func commit(_ file: AtomicFile.Pending) throws {
        try written(file.path) { () throws(FileSystem.Failure) in try file.commit() }
    }

    private static func written(_ output: String, by write: () throws(FileSystem.Failure) -> Void) throws {
        do {
            try write()
        } catch {
            Terminal.error("cannot write '\(Excerpt.forTerminal(output))': \(error.message)")
            throw ExitCode(2)
        }
        Terminal.write("wrote \(Excerpt.forTerminal(output))\n", to: 2)
    }
}
