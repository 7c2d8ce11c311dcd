import CapBase
import CapValues
import CapAnalysis
import CapEval
import CapPublish

/// Whether formatted files give the same analysis as the files on disk: the
/// whole check (`Workspace.check`, as `cap check` runs it) of the paths as
/// they are and of the paths with the formatted texts standing for their
/// files, compared — the same files, the same entities of the same kinds in
/// the same order, the same diagnostics (code, severity, message, label,
/// help and notes; positions aside) in the same order. `cap fmt` asks this
/// before it writes anything.
public enum AnalysisComparison {
    /// The first difference found, in words, or nil when the analyses agree.
    /// `formatted` holds new texts by canonical path.
    public static func difference(paths: [String], formatted: [String: [UInt8]],
                                  today: CapDate = Evaluator.currentDate()) -> String? {
        let before = Workspace(), after = Workspace()
        after.sourceOverrides = formatted
        before.load(paths: paths)
        after.load(paths: paths)
        before.check(today: today)
        after.check(today: today)
        return difference(before, after)
    }

    /// The same for one text that has no file (standard input, an editor's
    /// unsaved buffer): checked alone, its includes not followed.
    public static func difference(text: [UInt8], formatted: [UInt8], name: String,
                                  today: CapDate = Evaluator.currentDate()) -> String? {
        let before = Workspace(), after = Workspace()
        before.addSource(name: name, text: String(decoding: text, as: UTF8.self))
        after.addSource(name: name, text: String(decoding: formatted, as: UTF8.self))
        before.check(today: today)
        after.check(today: today)
        return difference(before, after)
    }

    static func difference(_ a: Workspace, _ b: Workspace) -> String? {
        guard a.usageErrors == b.usageErrors, a.fileCount == b.fileCount,
              a.sources.files.map(\.canonicalPath) == b.sources.files.map(\.canonicalPath) else {
            return "other files are read"
        }
        guard a.entities.count == b.entities.count, a.entities.kinds == b.entities.kinds,
              zip(a.entities.ids, b.entities.ids).allSatisfy({ a.interner[$0] == b.interner[$1] }) else {
            return "the entities differ"
        }
        let x = a.diagnostics.sorted(), y = b.diagnostics.sorted()
        guard x.count == y.count, a.diagnostics.errorCount == b.diagnostics.errorCount,
              a.diagnostics.warningCount == b.diagnostics.warningCount else { return "the diagnostics differ in number" }
        for (d, e) in zip(x, y) {
            guard d.code == e.code, d.severity == e.severity, d.message == e.message, d.label == e.label,
                  d.help == e.help, d.notes.map(\.message) == e.notes.map(\.message),
                  d.range?.file == e.range?.file else {
                return "a diagnostic differs: \(d.code) \(d.message)"
            }
        }
        return nil
    }
}
