/// How every command but `cap check` shows the diagnostics of the data it
/// loaded: one policy for `eval`, `run`, `report`, `timeline`, `map`,
/// `build` and the REPL's start (and `:reload`).
///
/// - Errors are shown in full: they stop the command, and the user must see
///   them to go on.
/// - The command's own diagnostics (the expression's in `eval`, what a
///   script's rules and prints raised in `run`, a report's figures that the
///   data does not already warn about) are shown in full, warnings included:
///   they are the command's answer.
/// - The data's warnings are counted in one line that points at
///   `cap check`, the one command that lists them. An analyst runs query
///   after query and report after report on the same data: Examples/ printed
///   the same 34 lines of warnings above every answer, and an answer under a
///   screen of old warnings is easy to miss.
public struct FoldedDiagnostics {
    public var palette: Palette
    /// At most this many diagnostics are printed; the rest are counted.
    public var maxShown: Int

    public init(palette: Palette = .plain, maxShown: Int = 50) {
        self.palette = palette
        self.maxShown = maxShown
    }

    /// The text for standard error. `isOwn` picks the command's own
    /// diagnostics; `summary` replaces the "checked N files: …" line shown
    /// under errors.
    public func render(_ bag: DiagnosticBag, sources: SourceManager, fileCount: Int,
                       isOwn: (Diagnostic) -> Bool = { _ in false }, summary: String? = nil) -> String {
        let shown = bag.sorted().filter { $0.severity != .warning || isOwn($0) }
        let printed = shown.prefix(maxShown)
        let renderer = TextRenderer(sources: sources, palette: palette)
        var text = ""
        for d in printed { text += renderer.render(d) + "\n" }
        // Counted from the bag's totals: past its store limit a diagnostic
        // is counted, not kept.
        let shownWarnings = shown.filter { $0.severity == .warning }.count
        let hidden = bag.errorCount + shownWarnings - printed.filter { $0.severity != .note }.count
        if hidden > 0 {
            text += "… and \(DiagnosticReport.grouped(hidden)) more \(hidden == 1 ? "diagnostic" : "diagnostics") not shown"
                + " (cap check --max-diagnostics 0 shows all)\n"
        }
        if bag.hasErrors {
            text += (summary ?? DiagnosticReport(palette: palette).summary(bag, fileCount: fileCount)) + "\n"
        }
        let folded = bag.warningCount - shownWarnings
        if folded > 0 {
            text += Self.note(folded)
        }
        return text
    }

    /// "cap: note: 5 warnings in the data not shown; run 'cap check' to see them"
    public static func note(_ count: Int) -> String {
        let warnings = "\(DiagnosticReport.grouped(count)) warning\(count == 1 ? "" : "s")"
        return "cap: note: \(warnings) in the data not shown; run 'cap check' to see \(count == 1 ? "it" : "them")\n"
    }
}
