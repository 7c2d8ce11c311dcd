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
        let diagnostics = program.workspace
        var seen: [String: Int] = [:]
        var safe: [(path: String, entity: Int)] = []
        for kind in [EntityKindName.report, .timeline, .map] {
            for e in model.entities(of: kind) {
                // A report's companion file for the editors is an output too.
                let fields = kind == .report ? ["output", "differences"] : ["output"]
                for field in fields {
                    guard case .string(let path) = model.field(e, field) ?? .none else { continue }
                    if let problem = Build.pathProblem(path) {
                        diagnostics.diagnostics.add(.error(.outputOutsideFolder, problem,
                            at: model.location(e), help: "write e.g. output \"reports/annual-2017.html\""))
                    } else if let first = seen[path] {
                        diagnostics.diagnostics.add(.error(.duplicateOutput, "'\(Excerpt.of(path))' is written by two outputs",
                            at: model.location(e), notes: [DiagnosticNote("also written here", at: model.location(first))]))
                    } else {
                        seen[path] = e
                        safe.append((path, e))
                    }
                }
            }
        }
        // "x" and "x/y.md": the one needs a folder where the other writes
        // a file, and a build would stop half applied.
        for (path, e) in safe {
            let parts = path.split(separator: "/")
            for n in parts.indices.dropLast() {
                let folder = parts[...n].joined(separator: "/")
                guard let file = seen[folder] else { continue }
                diagnostics.diagnostics.add(.error(.conflictingOutput,
                    "output '\(Excerpt.of(path))' needs a folder '\(Excerpt.of(folder))' where another output writes a file",
                    at: model.location(e), notes: [DiagnosticNote("the file '\(Excerpt.of(folder))' is written here", at: model.location(file))],
                    help: "rename one of the two outputs"))
                break
            }
        }
    }

    /// `statistic some_name` in a report must name a `let`.
    func checkReportStatistics() {
        let bindings = program.evaluator.bindings
        for tree in program.workspace.trees {
            for entity in tree.entities where program.workspace.schema.kind(of: entity) == .report {
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
