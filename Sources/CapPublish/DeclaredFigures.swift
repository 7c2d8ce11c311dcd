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
    static func diagnostics(_ model: Model, timeline: () -> Timeline.Index, periods: inout Report.Periods) -> [Diagnostic] {
        let reports = model.entities(of: .report).compactMap { e in period(model, e).map { (entity: e, from: $0.from, to: $0.to) } }
        guard reports.contains(where: { isCompared(model, report: $0.entity, from: $0.from, to: $0.to) }) else { return [] }
        let index = timeline()
        var out: [Diagnostic] = []
        for (entity, from, to) in reports {
            let (period, isNew) = periods.period(model, from: from, to: to, covers: Report.covers(model, entity)) { index }
            if isNew { out += period.diagnostics }
            var statistics = period.statistics, own: [Diagnostic] = []
            Report.compareDeclared(model, owner: entity, from, to, requireDate: false, &statistics, &own)
            out += own
        }
        return out
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
