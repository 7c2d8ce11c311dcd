import CapBase
import CapValues
import CapEval

/// The W0702 warnings of the data's `report` entities: each figure the
/// coalition declared for a report's period, or the report itself declared,
/// that differs from the statistic computed from the data.
///
/// `cap check` reports them, so that CI catches a wrong figure without a
/// build; `cap build` then adds none of its own. They are what the build's
/// reports would say: a figure is compared once per period, however many
/// reports (HTML, Markdown, JSON) show it.
enum DeclaredFigures {
    /// The warnings, in the order of the reports. `timeline` gives the
    /// entries the statistics are computed from; it is only called when
    /// some figure names a computed statistic within its report's period,
    /// so data without one (most of it) costs no timeline at all. The
    /// periods made for the comparison are left in `periods`, for a build.
    /// `own` gives a report's own statistics (`Build.statistics`): one named
    /// like a built-in replaces it for that report, so the coalition's
    /// published figure is compared with what that report shows. Reports
    /// of one period that compare alike give one warning, not one each.
    static func diagnostics(_ model: Model, timeline: () -> Timeline.Index, periods: inout Report.Periods,
                            own: (Int, Report.Period) -> [Report.Statistic] = { _, _ in [] }) -> [Diagnostic] {
        // Reports without a period are left to the build's own diagnostics.
        let reports = model.entities(of: .report).compactMap { e in period(model, e).map { (entity: e, from: $0.from, to: $0.to) } }
        guard reports.contains(where: { isCompared(model, report: $0.entity, from: $0.from, to: $0.to) || hasOwnStatistics(model, $0.entity) })
        else { return [] }
        let index = timeline()
        var out: [Diagnostic] = []
        var said: Set<String> = []
        for (entity, from, to) in reports {
            let period = periods.period(model, from: from, to: to, covers: Report.covers(model, entity)) { index }.period
            var statistics = period.statistics, found: [Diagnostic] = []
            for statistic in own(entity, period) {
                guard let i = statistics.firstIndex(where: { $0.name.lowercased() == statistic.name.lowercased() }) else { continue }
                statistics[i] = statistic
            }
            for coalition in model.entities(of: .coalition) {
                Report.compareDeclared(model, owner: coalition, from, to, requireDate: true, &statistics, &found)
            }
            Report.compareDeclared(model, owner: entity, from, to, requireDate: false, &statistics, &found)
            for d in found where said.insert("\(String(describing: d.range))|\(d.message)").inserted { out.append(d) }
        }
        return out
    }

    /// Whether a report names statistics of its own (`statistic`).
    static func hasOwnStatistics(_ model: Model, _ report: Int) -> Bool {
        guard case .list(let names)? = model.field(report, "statistic") else { return false }
        return !names.isEmpty
    }

    /// A report's `period`: a date or a range.
    static func period(_ model: Model, _ report: Int) -> (from: CapDate, to: CapDate)? {
        switch model.field(report, "period") ?? .none {
        case .date(let d): (d, d)
        case .dateRange(let a, let b): (a, b)
        case .dateTimeRange(let r): (r.start.date, r.end.date)
        default: nil
        }
    }

    /// Whether any figure would be compared for this report: one of its own,
    /// or one of a coalition's dated within the period, naming a statistic
    /// `Report.compute` gives.
    private static func isCompared(_ model: Model, report: Int, from: CapDate, to: CapDate) -> Bool {
        Report.figures(model, of: report).contains(where: \.isComputed)
            || model.entities(of: .coalition).contains { coalition in
                Report.figures(model, of: coalition).contains { $0.isComputed && $0.isDated(within: from, to) }
            }
    }
}
