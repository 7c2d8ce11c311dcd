import ArgumentParser
import Cap

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report for a period: activities month by month, statistics, campaigns, laws, publications.",
        discussion: """
            Statistics are computed from the data and compared with the figures the
            coalition declared for the period (figure records dated within it); a
            difference is a warning that names both numbers.
            """
    )

    @Option(help: "A year, a month or a range: 2017, 2017-03, 2017-01..2017-06 (default: last year).")
    var period: String?

    @Option(help: "md, html (one self-contained page) or json.")
    var format: ReportWriter.Format = .md

    @OptionGroup var options: PublishOptions

    func run() throws {
        let (from, to) = try parsePeriod()
        let (workspace, program) = options.loadAndCheck()
        let report = Report(program.model, from: from, to: to)
        for d in report.diagnostics { workspace.diagnostics.add(d) }
        try Publishing.requireClean(workspace, color: options.color)
        let text: String
        switch format {
        case .md: text = ReportWriter.markdown(report)
        case .html: text = ReportWriter.html(report)
        case .json: text = ReportWriter.json(report)
        }
        try Publishing.emit(text, format: format.rawValue, to: options.output, workspace: workspace)
    }

    func parsePeriod() throws -> (CapDate, CapDate) {
        guard let period else {
            let last = try! CapDate(year: Evaluator.currentDate().year - 1)
            return (last, last)
        }
        let parts = period.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
        guard (1...2).contains(parts.count), let from = try? CapDate.parse(parts[0]),
              let to = try? CapDate.parse(parts.last!), from.firstDay <= to.lastDay else {
            throw ValidationError("--period takes 2017, 2017-03 or 2017-01..2017-06, not '\(period)'")
        }
        return (from, to)
    }
}

extension ReportWriter.Format: ExpressibleByArgument {}
