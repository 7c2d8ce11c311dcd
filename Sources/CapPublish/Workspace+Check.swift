import CapBase
import CapValues
import CapAnalysis
import CapEval

/// The whole check of what is loaded, as `cap check` runs it: it joins the
/// layers (the data's checker, the scripts, the data rules and publishing's
/// own checks), so it lives in the highest of them.
extension Workspace {
    /// Checks what is loaded: the data against the schema, then the scripts,
    /// then — when the data has no errors — the data rules (`assert`) and
    /// the figures declared for the reports (`DeclaredFigures`). Rules over
    /// data with errors would report the errors a second time in a less
    /// helpful form, so they wait until the data is clean.
    ///
    /// `afterDeclaring` runs once every entity is declared (see `Checker.check`).
    @discardableResult
    public func check(runningRules: Bool = true, today: CapDate = Evaluator.currentDate(),
                      evaluationLimits: Evaluator.Limits = .init(),
                      afterDeclaring: ((EntityTable) -> Void)? = nil) -> Program {
        var periods = Report.Periods()
        return check(runningRules: runningRules, today: today, evaluationLimits: evaluationLimits,
                     afterDeclaring: afterDeclaring, timeline: { nil }, periods: &periods)
    }

    /// `timeline` gives the entries the figures are compared with when the
    /// caller is reading them anyway (`Build.check`), and nil otherwise;
    /// the report periods made to compare them are left in `periods`.
    func check(runningRules: Bool = true, today: CapDate, evaluationLimits: Evaluator.Limits = .init(),
               afterDeclaring: ((EntityTable) -> Void)?,
               timeline: () -> Timeline.Index?, periods: inout Report.Periods) -> Program {
        Checker.check(self, afterDeclaring: afterDeclaring)
        foldUnreadIncludes()
        foldDuplicateIdReferences()
        let program = Program(workspace: self, today: today, limits: evaluationLimits)
        OutputChecks(program: program).check()
        ScriptChecker(program: program).check()
        if runningRules {
            if diagnostics.hasErrors {
                let rules = program.statements.filter { if case .assertion = $0.kind { return true } else { return false } }
                if let first = rules.first {
                    diagnostics.add(Diagnostic(.note, .assertionFailed,
                                               "\(rules.count) data rule\(rules.count == 1 ? "" : "s") not run because of the errors above",
                                               at: first.range, help: "fix the errors, then the rules run"))
                }
            } else {
                program.checkRules()
            }
        }
        if !diagnostics.hasErrors {
            let model = program.model
            // The reports' own statistics run first, given each report's
            // activities, so that CI catches a query that fails (E0714)
            // without a build, and so that a published figure is compared
            // with the statistic that replaced a built-in one.
            let figures = DeclaredFigures.diagnostics(model, timeline: { timeline() ?? Timeline.Index(model) },
                                                      periods: &periods) { report, period in
                DeclaredFigures.hasOwnStatistics(model, report) ? Build.statistics(program, report, period: period) : []
            }
            for d in figures { diagnostics.add(d) }
            let untranslated = MissingTranslations.diagnostics(model, timeline: { timeline() ?? Timeline.Index(model) }, periods: &periods)
            for d in untranslated { diagnostics.add(d) }
        }
        return program
    }
}
