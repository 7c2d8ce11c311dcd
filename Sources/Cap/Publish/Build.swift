/// Everything the data declares as output (`report`, `timeline` and `map`
/// entities), rendered in memory. `cap build` writes the files only when
/// every one rendered and the data has no errors, so a failed build changes
/// nothing on disk.
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
                               workers: Int = DeepStack.defaultWorkers) -> [Output] {
        let model = program.model, ws = program.workspace
        var seen: [String: Int] = [:]
        func string(_ e: Int, _ f: String) -> String? {
            if case .string(let s) = model.field(e, f) ?? .none { return s }
            return nil
        }
        func word(_ e: Int, _ f: String) -> String? {
            if case .word(let w) = model.field(e, f) ?? .none { return w }
            return nil
        }
        func words(_ e: Int, _ f: String) -> [String] {
            guard case .list(let items) = model.field(e, f) ?? .none else { return [] }
            return items.compactMap {
                switch $0 {
                case .word(let w), .jurisdiction(let w): w
                case .entity(let i): model.entityID(i)
                default: nil
                }
            }
        }
        // Made once and shared: reading every entity's fields is most of the
        // work of a timeline or a report, and of the law map's years.
        var sharedTimeline: [(entry: TimelineEntry, entity: Int)]? = nil
        func timeline() -> [(entry: TimelineEntry, entity: Int)] {
            if let sharedTimeline { return sharedTimeline }
            let all = Timeline.indexed(model)
            sharedTimeline = all
            return all
        }
        var sharedEntries: [TimelineEntry]? = nil
        func entries(_ filter: Timeline.Filter) -> [TimelineEntry] {
            let all = timeline()
            guard filter.isEmpty else { return Timeline.select(all, filter, model).map { all[$0].entry } }
            if let sharedEntries { return sharedEntries }
            let entries = all.map(\.entry)
            sharedEntries = entries
            return entries
        }
        var sharedLaws: [LawMap.Law]? = nil
        func laws() -> [LawMap.Law] {
            if let sharedLaws { return sharedLaws }
            let all = LawMap.laws(model)
            sharedLaws = all
            return all
        }
        // Everything that reads the model (which is not Sendable) is done
        // here, in order; what is left for each output is a pure function
        // of values, run side by side below.
        var jobs: [(entity: Int, path: String, cost: Int, render: () -> [UInt8])] = []
        for kind in [EntityKindName.report, .timeline, .map] {
            for e in model.entities(of: kind) {
                // Paths were validated by the check; a build runs only on clean data.
                guard let path = string(e, "output"), let format = word(e, "format"), isSafe(path), seen[path] == nil else { continue }
                seen[path] = e
                let title = model.entityName(e)
                switch kind {
                case .report:
                    let (from, to): (CapDate, CapDate)
                    switch model.field(e, "period") ?? .none {
                    case .date(let d): (from, to) = (d, d)
                    case .dateRange(let a, let b): (from, to) = (a, b)
                    default: continue
                    }
                    let report = Report(model, from: from, to: to, title: title, declaredBy: e,
                                        extra: statistics(program, e), timeline: timeline())
                    for d in report.diagnostics { ws.diagnostics.add(d) }
                    let cost = report.months.reduce(0) { $0 + $1.entries.count } + report.laws.count + report.publications.count
                    jobs.append((e, path, cost, {
                        Array((format == "html" ? ReportWriter.html(report)
                               : format == "json" ? ReportWriter.json(report) : ReportWriter.markdown(report)).utf8)
                    }))
                case .timeline:
                    var filter = Timeline.Filter()
                    filter.from = LawMap.date(model.field(e, "from"))
                    filter.to = LawMap.date(model.field(e, "to"))
                    filter.countries = words(e, "countries")
                    filter.tags = words(e, "tags")
                    filter.campaigns = words(e, "campaign")
                    filter.kinds = words(e, "kinds").compactMap(TimelineEntry.Kind.init(rawValue:))
                    let entries = entries(filter)
                    jobs.append((e, path, entries.count, {
                        switch format {
                        case "csv": TimelineWriter.csvBytes(entries)
                        case "json": TimelineWriter.jsonBytes(entries)
                        case "timelinejs": TimelineJS.renderBytes(entries, title: title)
                        case "ics": ICalendar.renderBytes(entries, calendarName: title, stamp: stamp)
                        default: TimelineWriter.markdownBytes(entries, title: title)
                        }
                    }))
                default:
                    let asOf = LawMap.date(model.field(e, "as_of")) ?? today
                    let laws = laws()
                    let rows = LawMap.rows(laws, asOf: asOf)
                    jobs.append((e, path, rows.count + laws.count, {
                        let text = switch format {
                        case "json": LawMapWriter.json(rows, asOf: asOf)
                        case "geojson": LawMapWriter.geoJSON(rows, asOf: asOf)
                        case "years": LawMapWriter.years(laws, asOf: asOf)
                        case "svg": LawMapWriter.svg(rows, asOf: asOf)
                        default: LawMapWriter.csv(rows)
                        }
                        return Array(text.utf8)
                    }))
                }
            }
        }
        let rendered = DeepStack.map(costs: jobs.map(\.cost), workers: workers) { jobs[$0].render() }
        var out: [Output] = []
        for (job, bytes) in zip(jobs, rendered) {
            if let d = sizeDiagnostic(byteCount: bytes.count, output: job.path, limits: ws.limits, at: model.location(job.entity)) {
                ws.diagnostics.add(d)
            } else {
                out.append(Output(path: job.path, bytes: bytes))
            }
        }
        return out
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

    /// The report's `statistic` bindings, evaluated: a number as it is, a
    /// list as its count with its items named.
    static func statistics(_ program: Program, _ report: Int) -> [Report.Statistic] {
        let model = program.model
        guard case .list(let names) = model.field(report, "statistic") ?? .none else { return [] }
        var out: [Report.Statistic] = []
        for case .word(let name) in names {
            guard let binding = program.evaluator.bindings[name], let value = program.evaluate(binding.body) else { continue }
            let label = name.split(separator: "_").joined(separator: " ")
            switch value {
            case .int(let n): out.append(.init(name: label, value: Int(n), items: []))
            case .list(let items):
                out.append(.init(name: label, value: items.count, items: items.map { program.evaluator.display($0) }))
            default: out.append(.init(name: label, value: nil, items: [program.evaluator.display(value)]))
            }
        }
        return out
    }

    /// Relative, with no `..` segment and no empty name.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasSuffix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != ".." && $0 != "." && !$0.isEmpty }
            && !path.unicodeScalars.contains { $0.value < 0x20 }
    }
}
