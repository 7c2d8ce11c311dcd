import ArgumentParser
import CapBase
import CapValues
import CapEval
import CapPublish

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

    @Option(help: ReportFormat.help)
    var format: ReportFormat = .standard

    @OptionGroup var language: LanguageOption

    @OptionGroup var options: PublishOptions

    /// Checked while parsing, so that a bad value is a usage error shown
    /// with this command's usage (exit status 2).
    func validate() throws {
        _ = try parsePeriod()
    }

    func run() throws {
        let (from, to) = try parsePeriod()
        let (workspace, program) = options.loadAndCheck()
        let report = Report(program.model, from: from, to: to, language: language.language)
        // The check already compares the figures of the data's own reports;
        // one it warned about is not said twice.
        let own = report.diagnostics.filter { !workspace.diagnostics.diagnostics.contains($0) }
        for d in own { workspace.diagnostics.add(d) }
        try Publishing.requireClean(workspace, color: options.color, own: own)
        let text = format.format.text(report: report)
        try Publishing.emit(text, format: format.format.name, to: options.output, workspace: workspace)
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
