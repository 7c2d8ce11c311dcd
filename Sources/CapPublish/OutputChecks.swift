import CapBase
import CapSchema
import CapEval

/// The checks of the outputs the data declares (`report`, `timeline` and
/// `map` entities): each writes inside the build folder, once, and a
/// report's statistics name `let` bindings. Publishing's own rules, run by
/// `Workspace.check` before the scripts are checked.
struct OutputChecks {
    let program: Program

    func check() {
        checkReportStatistics()
        checkOutputPaths()
    }

    /// Output paths stay inside the build folder and are written once: a
    /// data file must not be able to make `cap build` write elsewhere.
    func checkOutputPaths() {
        let model = program.model
        var seen: [String: Int] = [:]
        for kind in [EntityKindName.report, .timeline, .map] {
            for e in model.entities(of: kind) {
                guard case .string(let path) = model.field(e, "output") ?? .none else { continue }
                if !Build.isSafe(path) {
                    program.workspace.diagnostics.add(.error(.outputOutsideFolder,
                        "output '\(Excerpt.of(path))' must be a relative path inside the build folder",
                        at: model.location(e), help: "write e.g. output \"reports/annual-2017.html\""))
                } else if let first = seen[path] {
                    program.workspace.diagnostics.add(.error(.duplicateOutput, "'\(Excerpt.of(path))' is written by two outputs",
                        at: model.location(e), notes: [DiagnosticNote("also written here", at: model.location(first))]))
                } else {
                    seen[path] = e
                }
            }
        }
    }

    /// `statistic some_name` in a report must name a `let`.
    func checkReportStatistics() {
        let bindings = program.evaluator.bindings
        for tree in program.workspace.trees {
            for entity in tree.entities where entity.kind == .report {
                for field in tree.fields(of: tree.blocks[Int(entity.block)]) where program.workspace.interner[field.name] == "statistic" {
                    for v in tree.values(of: field) where v.kind == .identifier {
                        let name = program.workspace.interner[v.payload]
                        guard bindings[name] == nil else { continue }
                        let near = EditDistance.suggestions(for: name, among: Array(bindings.keys), limit: 1).first
                        program.workspace.diagnostics.add(.error(.unknownName, "no let binding is called '\(name)'", at: tree.range(v.start, v.end),
                                                         help: near.map { "did you mean '\($0)'?" } ?? "define it: let \(name) = …"))
                    }
                }
            }
        }
    }
}
