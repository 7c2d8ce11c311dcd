import CapBase
import CapValues
import CapSyntax
import CapAnalysis
import CapEval

/// One analysis of a set of sources, complete and not changed after it is
/// made: the files and their trees, the diagnostics of the whole check, the
/// entity table, the model over the data, and the side tables of what every
/// reference and script name resolved to.
///
/// An editor makes a new one for each change (`Analysis.make` with the
/// previous `ParseCache` and its unsaved buffers), answers every request of
/// that moment from it, and drops it when the next is ready: nothing is
/// reset or patched in place, so a request never sees half an update.
public final class Analysis {
    public let workspace: Workspace
    public let program: Program
    /// Everything the whole check found (as `cap check` prints it).
    public let diagnostics: DiagnosticBag

    public var sources: SourceManager { workspace.sources }
    public var trees: [SyntaxTree] { workspace.trees }
    public var interner: Interner { workspace.interner }
    public var entities: EntityTable { workspace.entities }
    public var model: Model { program.model }
    /// Each reference in the data → the entity it resolved to.
    public var references: ReferenceTable { workspace.references }
    /// Each name in the scripts → what it means.
    public var scriptNames: ScriptNames { program.scriptNames }

    /// Wraps a workspace that has been loaded and wholly checked.
    public init(checked workspace: Workspace, program: Program) {
        self.workspace = workspace
        self.program = program
        self.diagnostics = workspace.diagnostics
    }

    /// Loads `paths` — reading `overrides` (texts by canonical path, an
    /// editor's unsaved buffers) instead of the disk where given, and parsing
    /// again only files whose bytes changed since the analysis `cache` last
    /// served — and runs the whole check.
    /// `unsaved` names overrides that have no file on disk (an editor's
    /// never-saved buffers), loaded as if named.
    public static func make(paths: [String], overrides: [String: [UInt8]] = [:], unsaved: [String] = [], cache: ParseCache? = nil,
                            limits: Workspace.Limits = .init(), today: CapDate = Evaluator.currentDate(),
                            runningRules: Bool = true) -> Analysis {
        let workspace = cache.map { Workspace(limits: limits, continuing: $0) } ?? Workspace(limits: limits)
        workspace.sourceOverrides = overrides
        workspace.unsavedFiles = unsaved
        workspace.load(paths: paths)
        let program = workspace.check(runningRules: runningRules, today: today)
        return Analysis(checked: workspace, program: program)
    }
}
