import CapBase
import CapValues
import CapSyntax
import CapSchema
import CapRuntime
import CapAnalysis
import CapEval

/// Everything the data declares as output (`report`, `timeline` and `map`
/// entities), rendered in memory (`outputs`) or straight into temporary
/// files (`stage`). `cap build` renames the files over their targets only
/// when every one was written and the data has no errors, so a failed build
/// changes nothing on disk.
public enum Build {
    public struct Output: Sendable {
        /// Relative to the build folder.
        public var path: String
        /// UTF-8, as written to the file: the large timelines are made as
        /// bytes and never become a String.
        public var bytes: [UInt8]
        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// `workers`: threads that render side by side (the outputs come back
    /// in declaration order whatever their number).
    public static func outputs(_ program: Program, today: CapDate, stamp: CapDateTime,
                               workers: Int = DeepStack.defaultWorkers, entries: Entries = Entries()) -> [Output] {
        let ws = program.workspace
        let jobs = jobs(program, today: today, stamp: stamp, entries: entries)
        let rendered = DeepStack.map(costs: jobs.map(\.cost), workers: workers) { i -> [UInt8] in
            var out = TextBuffer()
            jobs[i].render(&out)
            return out.copyBytes()
        }
        return zip(jobs, rendered).compactMap { job, bytes in
            admits(bytes.count, job, ws) ? Output(path: job.path, bytes: bytes) : nil
        }
    }

    /// Checks `workspace` as `Workspace.check` does and, when the data
    /// declares a report or a timeline, reads the timeline entries they are
    /// made from on another thread while the checker's second pass runs:
    /// reading them is the largest part of a build, and the checker uses one
    /// processor. Pass the entries to `stage` or `outputs`; on data with
    /// errors they are not used.
    public static func check(_ workspace: Workspace, today: CapDate = Evaluator.currentDate()) -> (Program, Entries) {
        var entries = Entries()
        var periods = Report.Periods()
        let program = workspace.check(today: today, afterDeclaring: { table in
            guard DeepStack.defaultWorkers > 1, table.kinds.contains(where: { $0 == .report || $0 == .timeline }) else { return }
            // Made here, on this thread: the reader holds the trees, the
            // sources and a snapshot of the interner, and the other thread
            // touches nothing else while the checker goes on.
            let reader = TimelineReader(workspace, table: table)
            entries.reading = DeepStack.Background { Timeline.Index(reader) }
        }, timeline: { entries.reading?.value() }, periods: &periods)
        entries.periods = periods
        return (program, entries)
    }

    /// The timeline entries `check` started reading, and the report periods
    /// it made to compare the declared figures; empty, they are made when
    /// first needed.
    public struct Entries: Sendable {
        fileprivate var reading: DeepStack.Background<Timeline.Index>?
        fileprivate var periods = Report.Periods()
        public init() {}
    }

    /// An output that could not be written: `path` is its target.
    public struct WriteFailure: Error {
        public var path: String
        public var failure: FileSystem.Failure
    }

    /// The outputs rendered straight into temporary files beside their
    /// targets in `directory`, a megabyte at a time, side by side: what
    /// `cap build -o` writes. Nothing is visible until the caller commits
    /// the files it gets back, in declaration order; dropping them removes
    /// them. An output over the size limit gets an error diagnostic, as in
    /// `outputs`, and no file.
    ///
    /// `keepInputs`: for a process that exits next, as `cap build` does:
    /// what the outputs were made from (100,000 timeline entries with their
    /// strings) is handed to it to keep rather than freed here (the
    /// executable's `KeptUntilExit`).
    public static func stage(_ program: Program, in directory: String, today: CapDate, stamp: CapDateTime,
                             workers: Int = DeepStack.defaultWorkers, entries: Entries = Entries(),
                             keepInputs: ((AnyObject) -> Void)? = nil) throws(WriteFailure) -> [AtomicFile.Pending] {
        let ws = program.workspace, limit = ws.limits.maxOutputBytes
        typealias Staging = (index: Int, job: Job, file: AtomicFile.Pending)
        var openFailure: WriteFailure? = nil
        // Every output is resolved from the one folder opened here, without
        // following a link below it, and may not replace an input.
        let folder: AtomicFile.Folder
        do throws(FileSystem.Failure) {
            if !FileSystem.hasNUL(directory) { FileSystem.makeDirectories(directory) }
            folder = try AtomicFile.Folder(directory)
        } catch {
            throw WriteFailure(path: directory, failure: error)
        }
        let inputs = ws.inputIdentities
        // Each job is rendered as soon as it is made, while the next are
        // made; each file is written by the one thread that renders it.
        let rendered = DeepStack.feed(workers: workers, produce: { (emit: (Staging, Int) -> Void) in
            jobs(program, today: today, stamp: stamp, entries: entries) { index, job in
                guard openFailure == nil else { return }
                let path = FileSystem.join(directory, job.path)
                do throws(FileSystem.Failure) {
                    emit((index, job, try AtomicFile.Pending(in: folder, relative: job.path, shownAs: path, protecting: inputs)), job.cost)
                } catch {
                    openFailure = WriteFailure(path: path, failure: error)
                }
            }
        }) { staging -> (staging: Staging, size: Int, failure: FileSystem.Failure?, finishing: Finishing?) in
            let file = staging.file
            var size = 0
            var failure: FileSystem.Failure? = nil
            var out = TextBuffer(draining: { bytes in
                size += bytes.count
                // Past the limit the bytes are only counted, for the message.
                guard failure == nil, size <= limit else { return }
                do throws(FileSystem.Failure) { try file.write(bytes) } catch { failure = error }
            })
            staging.job.render(&out)
            out.flush()
            guard failure == nil && size <= limit else { return (staging, size, failure, nil) }
            // The flush to disk waits on a thread of its own, so that this
            // one goes on to the next output.
            let finishing = Finishing {
                do throws(FileSystem.Failure) { try file.finish() } catch { return error }
                return nil
            }
            return (staging, size, nil, finishing)
        }
        keepInputs?(Inputs(rendered.map(\.staging.job)))
        // Files already made are removed as they are dropped.
        if let openFailure { throw openFailure }
        var staged: [AtomicFile.Pending] = []
        for result in rendered.sorted(by: { $0.staging.index < $1.staging.index }) {
            if let failure = result.failure ?? result.finishing?.value() {
                throw WriteFailure(path: result.staging.file.path, failure: failure)
            }
            if admits(result.size, result.staging.job, ws) { staged.append(result.staging.file) }
        }
        return staged
    }

    /// A written file being flushed to disk and closed: nil, or why not.
    private typealias Finishing = DeepStack.Background<FileSystem.Failure?>

    /// Whether an output of `size` bytes may be written; if not, its E0603
    /// goes to the workspace.
    private static func admits(_ size: Int, _ job: Job, _ ws: Workspace) -> Bool {
        guard let d = sizeDiagnostic(byteCount: size, output: job.path, limits: ws.limits, at: job.location) else { return true }
        ws.diagnostics.add(d)
        return false
    }

    private final class Inputs {
        let jobs: [Job]
        init(_ jobs: [Job]) { self.jobs = jobs }
    }

    /// One output to make: everything that reads the model (which is not
    /// Sendable) is done before, in order, so that `render` is a function of
    /// values that may run on any thread.
    struct Job {
        let path: String
        let location: SourceRange
        /// Roughly proportional to the time `render` takes: the largest
        /// outputs are started first. It is the number of items (entries,
        /// countries) times what an item takes in the format, in tenths of a
        /// microsecond as measured on 100,000 events: a report's entry
        /// costs two to seven times a timeline's, a map's country five to
        /// twenty times.
        /// Counted as items alone, both large reports went to the worker
        /// with the lighter timelines, which then finished 90 ms after the
        /// other.
        let cost: Int
        let render: (inout TextBuffer) -> Void
    }

    /// The jobs in declaration order (reports, timelines, maps, each in the
    /// order declared).
    static func jobs(_ program: Program, today: CapDate, stamp: CapDateTime, entries: Entries = Entries()) -> [Job] {
        var made: [(index: Int, job: Job)] = []
        jobs(program, today: today, stamp: stamp, entries: entries) { made.append(($0, $1)) }
        return made.sorted { $0.index < $1.index }.map(\.job)
    }

    /// Makes the jobs and passes each to `emit` with its place in
    /// declaration order. The maps come first: they need only the laws, so
    /// they can be rendered while the timeline entries are still being read
    /// and the reports' statistics computed.
    static func jobs(_ program: Program, today: CapDate, stamp: CapDateTime, entries: Entries,
                     emit: (_ index: Int, Job) -> Void) {
        let model = program.model
        func string(_ e: Int, _ f: String) -> String? {
            if case .string(let s) = model.field(e, f) ?? .none { return s }
            return nil
        }
        func word(_ e: Int, _ f: String) -> String? {
            if case .word(let w) = model.field(e, f) ?? .none { return w }
            return nil
        }
        // Made once and shared: reading every entity's fields is most of the
        // work of a timeline or a report, and of the law map's years.
        var sharedTimeline: Timeline.Index? = nil
        func timeline() -> Timeline.Index {
            if let sharedTimeline { return sharedTimeline }
            let index = entries.reading?.value() ?? Timeline.Index(model)
            sharedTimeline = index
            return index
        }
        var sharedLaws: [LawMap.Law]? = nil
        func laws() -> [LawMap.Law] {
            if let sharedLaws { return sharedLaws }
            let all = LawMap.laws(model)
            sharedLaws = all
            return all
        }
        // Paths were validated by the check; a build runs only on clean data.
        var declared: [(entity: Int, kind: EntityKindName, path: String, format: String)] = []
        var seen: Set<String> = []
        for kind in [EntityKindName.report, .timeline, .map] {
            for e in model.entities(of: kind) {
                guard let path = string(e, "output"), let format = word(e, "format"), isSafe(path),
                      seen.insert(path).inserted else { continue }
                declared.append((e, kind, path, format))
            }
        }
        var periods = entries.periods
        for kind in [EntityKindName.map, .timeline, .report] {
            for (index, (e, declaredKind, path, format)) in declared.enumerated() where declaredKind == kind {
                let location = model.location(e)
                // A French or Spanish output shows its own title in its
                // language when the entity has a translation.
                let language = word(e, "lang").flatMap(PublishLanguage.init(rawValue:)) ?? .en
                let title = EntityTranslations(model, language).name(e)
                func append(cost: Int, _ render: @escaping (inout TextBuffer) -> Void) {
                    emit(index, Job(path: path, location: location, cost: cost, render: render))
                }
                // The check refused a format the registry does not know.
                guard let product = OutputFormat.Product(rawValue: kind.rawValue),
                      let outputFormat = OutputFormat.named(format, for: product) else { continue }
                switch outputFormat.render {
                case .report(let render):
                    guard let (from, to) = DeclaredFigures.period(model, e) else { continue }
                    // The figures' warnings came from the check
                    // (`DeclaredFigures`), which compared them on the
                    // periods it made, kept in `entries`.
                    let period = periods.period(model, from: from, to: to, covers: Report.covers(model, e), timeline: timeline).period
                    var report = Report(model, period: period, title: title, declaredBy: e, extra: statistics(program, e, period: period, reporting: false),
                                        language: language)
                    // The editors' differences in a companion file, made
                    // after every declared output (the check made its path
                    // safe and unique).
                    if let companion = string(e, "differences"), isSafe(companion), seen.insert(companion).inserted {
                        report.differencesApart = true
                        let apart = report
                        emit(declared.count + index, Job(path: companion, location: location, cost: 1) { out in
                            ReportWriter.differences(apart, into: &out)
                        })
                    }
                    let items = report.months.reduce(0) { $0 + $1.entries.count } + report.laws.count + report.publications.count
                    append(cost: items * outputFormat.costPerItem) { [report] out in render(report, &out) }
                case .timeline(let render):
                    var entries = timeline().select(Timeline.Filter(declaredBy: e, in: model), model)
                    if language != .en {
                        entries = TimelineSelection(entries.entries.map(EntityTranslations(model, language).translate))
                    }
                    if let refuse = outputFormat.refuse, let problem = refuse(entries, model, location) {
                        // No file: a calendar with a year 0 is refused by its readers.
                        program.workspace.diagnostics.add(problem)
                        continue
                    }
                    append(cost: entries.count * outputFormat.costPerItem) { [entries] out in render(entries, title, stamp, language, &out) }
                case .map(let render):
                    let asOf = LawMap.date(model.field(e, "as_of")) ?? today
                    let laws = laws()
                    let rows = LawMap.rows(laws, asOf: asOf, language: language)
                    var heading = LawMap.heading(model, map: e, title: title, language: language)
                    heading.yearsBy = word(e, "years_by").flatMap(LawMap.YearsBy.init(rawValue:)) ?? .inForce
                    append(cost: (rows.count + laws.count) * outputFormat.costPerItem) { out in render(rows, laws, asOf, heading, &out) }
                }
            }
        }
    }

    /// E0603 when `text` is more than an output may hold. Nothing is
    /// written then: an output that large means runaway data, and a file a
    /// browser or calendar cannot open is no output.
    public static func sizeDiagnostic(_ text: String, output path: String, limits: Workspace.Limits,
                                      at range: SourceRange? = nil) -> Diagnostic? {
        sizeDiagnostic(byteCount: text.utf8.count, output: path, limits: limits, at: range)
    }

    public static func sizeDiagnostic(byteCount size: Int, output path: String, limits: Workspace.Limits,
                                      at range: SourceRange? = nil) -> Diagnostic? {
        guard size > limits.maxOutputBytes else { return nil }
        return .error(.outputTooLarge,
                      "output '\(Excerpt.of(path))' would be \(DiagnosticReport.grouped(size)) bytes; the limit is \(DiagnosticReport.grouped(limits.maxOutputBytes)) bytes",
                      at: range, help: "narrow it: a shorter period, fewer countries or kinds, or split it into several outputs")
    }

    /// The report's built-in statistics, the .cap queries compiled into cap
    /// (`cap schema --statistics`).
    public static var builtInStatistics: String { ReportStatistics.source }

    /// The report's `statistic` bindings, evaluated: a number as it is, a
    /// list as its count with its items named, `{count, items}` as both.
    /// A `let` with parameters is given the report's activities and period
    /// (`period`'s); one named like a built-in statistic (`country_visits`)
    /// replaces it in the report. A query that fails is an E0714 at the
    /// report, with the failure under it. A build passes `reporting` false:
    /// its check ran the same queries and said so already.
    package static func statistics(_ program: Program, _ report: Int, period: Report.Period? = nil,
                                   reporting: Bool = true) -> [Report.Statistic] {
        let model = program.model
        guard case .list(let names) = model.field(report, "statistic") ?? .none else { return [] }
        var out: [Report.Statistic] = []
        // The statistics of one report share the text limit: each alone
        // under it, twenty of them made 5.5 GB of item names.
        var written = 0
        let evaluator = program.evaluator, limit = evaluator.limits.maxTextBytes
        func add(_ d: Diagnostic) { if reporting { program.workspace.diagnostics.add(d) } }
        let arguments = period.map { ReportStatistics.arguments($0.activities, $0.from, $0.to) }
            ?? DeclaredFigures.period(model, report).map { ReportStatistics.arguments([], $0.from, $0.to) } ?? []
        for case .word(let name) in names {
            guard let binding = evaluator.bindings[name] else { continue }
            let label = ReportStatistics.displayName(name)
            let value: Value
            do throws(Evaluator.Failure) {
                guard binding.parameters.count <= arguments.count else {
                    add(.error(.statisticFailed,
                        "the statistic '\(label)' of report '\(model.entityID(report))' takes \(binding.parameters.count) parameters; a statistic is given \(arguments.count), the report's activities and its period",
                        at: model.location(report), notes: [DiagnosticNote("'\(name)' is defined here", at: binding.nameRange)],
                        help: "write it as let \(name)(activities, period) = …, or with fewer parameters"))
                    continue
                }
                value = try evaluator.call(binding: name, with: arguments) ?? .none
            } catch {
                let inner = error.diagnostic
                add(.error(.statisticFailed,
                    "the statistic '\(label)' of report '\(model.entityID(report))' could not be computed: \(inner.message)",
                    at: model.location(report),
                    notes: [DiagnosticNote("the query fails here", at: inner.range)] + inner.notes,
                    help: inner.help ?? "fix the query, or leave it out of the report's statistic field"))
                for w in evaluator.takeWarnings() { add(w) }
                continue
            }
            for w in evaluator.takeWarnings() { add(w) }
            written += evaluator.displaySize(value)
            guard written <= limit else {
                add(.error(.evaluationLimit,
                    "the report's statistics would take more than \(DiagnosticReport.grouped(limit)) bytes to write out",
                    at: binding.nameRange, help: "make the statistics counts, or narrow their lists"))
                break
            }
            out.append(ReportStatistics.statistic(model, evaluator, value, name: label, counts: ReportStatistics.queryText(model, binding.body)))
        }
        return out
    }

    /// Whether a declared output path may be written: `pathProblem` finds
    /// nothing wrong with it.
    static func isSafe(_ path: String) -> Bool { pathProblem(path) == nil }

    /// Why a declared output path may not be written, or nil. It must stay
    /// inside the build folder (relative, no `.` or `..` or empty part);
    /// no part may be hidden (`.git/config`, `.env`), and the file is never
    /// a `.cap` file (the next check would read it as data); no control or
    /// bidirectional control character, and no part longer than a file
    /// name may be (255 bytes).
    static func pathProblem(_ path: String) -> String? {
        let shown = Excerpt.of(path)
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasSuffix("/") else {
            return "output '\(shown)' must be a relative path inside the build folder"
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
            return "output '\(shown)' must be a relative path inside the build folder"
        }
        if path.unicodeScalars.contains(where: { Excerpt.isControl($0) || Excerpt.isBidiControl($0) }) {
            return "output '\(shown)' contains a control character"
        }
        if let hidden = parts.first(where: { $0.hasPrefix(".") }) {
            return "output '\(shown)' has a hidden part '\(Excerpt.of(hidden))'; outputs are never hidden files or folders"
        }
        if path.lowercased().hasSuffix(".cap") {
            return "output '\(shown)' is a .cap file, which the next check would read as data"
        }
        if parts.contains(where: { $0.utf8.count > 255 }) {
            return "a part of output '\(shown)' is longer than 255 bytes, the longest name a file may have"
        }
        return nil
    }
}
