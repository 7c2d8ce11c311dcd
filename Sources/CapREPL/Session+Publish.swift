import CapBase
import CapValues
import CapRuntime
import CapEval
import CapPublish

/// `:report`, `:timeline` and `:map`: the publishers of `cap build`, shown
/// on the terminal as Markdown or a table, or written to a file whose
/// extension names the format (`:map 2016-12-31 > law-map.svg`). A format's
/// name may be given as a word, for the formats that share an extension
/// with another (`:map years > matrix.csv`, `:timeline 2017 timelinejs >
/// t.json`). The formats are `OutputFormat.all`, as for `cap build`.
extension Session {
    func publish(_ command: String, _ argument: String, _ reply: inout Reply) {
        let product = OutputFormat.Product(rawValue: command)!
        let formats = OutputFormat.formats(of: product)
        var argument = argument
        var target: String? = nil
        if let arrow = argument.firstIndex(of: ">") {
            target = String(argument[argument.index(after: arrow)...]).trimmingSpaces
            argument = String(argument[..<arrow]).trimmingSpaces
            if target!.isEmpty { return fail(&reply, "'>' needs a file name", help: "e.g. :\(command) > \(command).\(formats[0].fileExtension)") }
        }
        var named: OutputFormat? = nil
        if let last = argument.split(separator: " ").last, let format = OutputFormat.named(String(last), for: product) {
            named = format
            argument = String(argument.dropLast(last.count)).trimmingSpaces
        }
        let extensions = formats.map(\.fileExtension).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if named == nil, let target {
            let name = target.split(separator: "/").last ?? ""
            let written = name.contains(".") ? String(name.split(separator: ".").last ?? "") : ""
            guard let format = OutputFormat.forFile(target, product: product) else {
                return fail(&reply, ":\(command) cannot write a '.\(written)' file",
                            help: "name the file with one of: " + extensions.map { "." + $0 }.joined(separator: ", "))
            }
            named = format
        }
        guard !dataHasErrors else {
            return fail(&reply, "the loaded data has errors, so nothing is published", help: "fix them, then :reload")
        }
        let text: String
        switch command {
        case "report":
            guard let (from, to) = period(argument, default: lastYear) else {
                return fail(&reply, ":report takes a period such as 2017, 2017-03 or 2017-01..2017-06, not '\(argument)'")
            }
            let report = Report(program.model, from: from, to: to)
            for d in report.diagnostics { workspace.diagnostics.add(d) }
            flush(&reply)
            text = (named ?? formats[0]).text(report: report)
        case "timeline":
            var filter = Timeline.Filter()
            if !argument.isEmpty {
                guard let (from, to) = period(argument, default: nil) else {
                    return fail(&reply, ":timeline takes dates such as 2017 or 2017-03..2018, not '\(argument)'")
                }
                (filter.from, filter.to) = (from, to)
            }
            let entries = Timeline.entries(program.model, filter: filter)
            let format = named ?? formats[0]
            // As for cap build and cap timeline: no calendar with a year 0.
            if let refuse = format.refuse, let problem = refuse(TimelineSelection(entries), program.model, nil) {
                workspace.diagnostics.add(problem)
                return flush(&reply)
            }
            text = format.text(timeline: entries, title: "Timeline", stamp: stamp)
        default:
            var day = options.today
            if !argument.isEmpty {
                guard let d = try? CapDate.parse(argument) else {
                    return fail(&reply, ":map takes a date such as 2016-12-31, not '\(argument)'")
                }
                day = d
            }
            // On the terminal, unless a format is named: a table of the
            // jurisdictions whose law the data records.
            text = named?.text(map: program.model, asOf: day) ?? mapTable(LawMap.rows(program.model, asOf: day), asOf: day)
        }
        guard let target else {
            reply.output += text.hasSuffix("\n") ? text : text + "\n"
            return
        }
        if let problem = Build.sizeDiagnostic(text, output: target, limits: workspace.limits) {
            workspace.diagnostics.add(problem)
            return flush(&reply)
        }
        do {
            try AtomicFile.write(text, to: target, protecting: workspace.inputIdentities)
            reply.output += "wrote \(Excerpt.forTerminal(target))\n"
        } catch {
            fail(&reply, "cannot write '\(Excerpt.forTerminal(target))': \(error.message)")
        }
    }

    private var lastYear: (CapDate, CapDate) {
        let year = try! CapDate(year: options.today.year - 1)
        return (year, year)
    }

    private var stamp: CapDateTime {
        options.stamp?() ?? (try! CapDateTime.parse("\(options.today.description) 00:00 UTC"))
    }

    /// "2017" or "2017-01..2017-06"; empty gives the default.
    private func period(_ text: String, default fallback: (CapDate, CapDate)?) -> (CapDate, CapDate)? {
        if text.isEmpty { return fallback }
        let parts = text.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
        guard (1...2).contains(parts.count), let from = try? CapDate.parse(parts[0]),
              let to = try? CapDate.parse(parts[parts.count - 1]), from.firstDay <= to.lastDay else { return nil }
        return (from, to)
    }

    /// The map as a table of the jurisdictions whose law the data records.
    private func mapTable(_ rows: [LawMapRow], asOf day: CapDate) -> String {
        let recorded = rows.filter { $0.status != nil }
        var records: [Value] = []
        for row in recorded {
            records.append(.record([
                ("code", .string(row.code)), ("name", .string(row.name)),
                ("model", row.model.map(Value.word) ?? .none), ("status", row.status.map(Value.string) ?? .none),
                ("adopted", row.adopted.map(Value.date) ?? .none), ("in_force", row.inForce.map(Value.date) ?? .none),
            ]))
        }
        let table = records.isEmpty ? "" : ValueFormatter(entities: program.model).text(.list(records))
        return "Law map as of \(day.description)\n" + table
            + "\(rows.count - recorded.count) other countries and territories: no law recorded\n"
    }
}
