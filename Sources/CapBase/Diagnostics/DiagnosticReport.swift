/// The whole output of a check: diagnostics in file order, capped, then a
/// summary. Shared by `cap check`, the REPL and the tests.
public struct DiagnosticReport {
    public enum Format: String, CaseIterable, Sendable { case text, json, github }

    public var format: Format = .text
    /// At most this many diagnostics are printed (0: all that were kept).
    public var maxShown = 100
    public var palette: Palette = .plain

    public init(format: Format = .text, maxShown: Int = 100, palette: Palette = .plain) {
        self.format = format
        self.maxShown = maxShown
        self.palette = palette
    }

    public func render(_ bag: DiagnosticBag, sources: SourceManager, fileCount: Int) -> String {
        let all = bag.sorted()
        let shown = maxShown > 0 ? Array(all.prefix(maxShown)) : all
        let hidden = bag.errorCount + bag.warningCount - shown.filter { $0.severity != .note }.count
        switch format {
        case .text:
            let renderer = TextRenderer(sources: sources, palette: palette)
            var out = ""
            for d in shown { out += renderer.render(d) + "\n" }
            if hidden > 0 {
                out += "… and \(Self.grouped(hidden)) more \(hidden == 1 ? "diagnostic" : "diagnostics") not shown"
                    + (maxShown > 0 && all.count > shown.count ? " (--max-diagnostics 0 shows all)" : "") + "\n"
            }
            return out + summary(bag, fileCount: fileCount) + "\n"
        case .github:
            let renderer = GitHubRenderer(sources: sources)
            var out = ""
            for d in shown { out += renderer.render(d) + "\n" }
            if hidden > 0 { out += "… and \(Self.grouped(hidden)) more not shown\n" }
            return out + summary(bag, fileCount: fileCount) + "\n"
        case .json:
            let renderer = JSONRenderer(sources: sources)
            return JSON.object([
                ("files", String(fileCount)),
                ("errors", String(bag.errorCount)),
                ("warnings", String(bag.warningCount)),
                ("omitted", String(hidden)),
                ("diagnostics", "[\n" + shown.map { "  " + renderer.render($0) }.joined(separator: ",\n") + "\n]"),
            ]) + "\n"
        }
    }

    /// "checked 12 files: 0 errors, 2 warnings"
    public func summary(_ bag: DiagnosticBag, fileCount: Int) -> String {
        let files = "\(Self.grouped(fileCount)) \(fileCount == 1 ? "file" : "files")"
        let errors = "\(Self.grouped(bag.errorCount)) \(bag.errorCount == 1 ? "error" : "errors")"
        let warnings = "\(Self.grouped(bag.warningCount)) \(bag.warningCount == 1 ? "warning" : "warnings")"
        let text = "checked \(files): \(errors), \(warnings)"
        return bag.errorCount > 0 ? palette.paint(text, .error) : bag.warningCount > 0 ? palette.paint(text, .warning) : text
    }

    /// 200000 → "200,000"
    public static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}
