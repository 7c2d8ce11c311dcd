import CapBase
import CapValues
import CapSyntax
import CapSchema
import CapAnalysis
import CapEval

/// The REPL's engine: one input in, one reply out, with no terminal.
///
/// A session holds the loaded data, checked once, and what the user has
/// defined at the prompt. Each input is parsed as a file of its own
/// (`<input 3>`), so diagnostics point into what was typed, and is taken
/// whole or not at all: if any part fails to check, nothing of it is
/// defined. Later definitions replace earlier ones, as in Python or ghci.
///
/// The terminal side (libedit, signals, history) lives in the `cap`
/// executable; everything here is testable line by line.
public final class Session {
    public struct Options {
        public var palette: Palette = .plain
        public var today: CapDate = Evaluator.currentDate()
        /// The time written into iCalendar files (`DTSTAMP`); midnight UTC
        /// of `today` unless the front end knows the clock.
        public var stamp: (() -> CapDateTime)?
        /// Polled during long evaluations; true stops them (Ctrl-C).
        public var interruption: (() -> Bool)?
        public var limits = Workspace.Limits()
        public init() {}
    }

    public let options: Options
    /// The files and folders loaded, in order, for `:reload`.
    public internal(set) var paths: [String]
    /// The workspace and program of the last accepted input (or of the
    /// load): what commands, completion and publishing read.
    public private(set) var workspace: Workspace
    public private(set) var program: Program
    /// The data as loaded and checked, never changed afterwards: each
    /// input's analysis is derived from it.
    private(set) var data: Workspace
    /// Whether the loaded data itself has errors (publishing is refused).
    public private(set) var dataHasErrors = false
    /// Inputs that defined something, replayed after `:reload`.
    var definitions: [(name: String, text: String)] = []
    var inputCount = 0

    /// Loads `paths` and checks them; `loadReply` says how that went.
    public init(paths: [String], options: Options = Options()) {
        self.options = options
        self.paths = paths
        workspace = Workspace()
        data = workspace
        program = Program(workspace: workspace, today: options.today)
        loadReply = Reply()
        loadReply = load()
    }

    /// The diagnostics and summary of the initial load.
    public private(set) var loadReply: Reply

    // MARK: Loading

    /// Reads and checks `paths` afresh, then replays the session's own
    /// definitions on top.
    @discardableResult
    func load() -> Reply {
        var reply = Reply()
        let fresh = Workspace.load(paths: paths, limits: options.limits)
        for message in fresh.usageErrors {
            reply.errors += options.palette.paint("error", .error) + ": \(message)\n"
            reply.failed = true
        }
        workspace = fresh
        data = fresh
        program = fresh.check(runningRules: true, today: options.today)
        program.evaluator.interruption = options.interruption
        let bag = fresh.diagnostics
        dataHasErrors = bag.hasErrors
        if bag.totalCount > 0 {
            // Errors in full, the data's warnings in one line, as every
            // command but `cap check` shows them.
            let folding = FoldedDiagnostics(palette: options.palette, maxShown: 20)
            reply.errors += folding.render(bag, sources: fresh.sources, fileCount: fresh.fileCount)
            reply.failed = reply.failed || bag.hasErrors
        }
        // Shown once: the next command's `flush` showed them again, five
        // W0702 warnings above the first `:report` on Examples/.
        fresh.diagnostics = DiagnosticBag()
        let replayed = definitions
        definitions = []
        for (_, text) in replayed {
            var replay = Reply()
            run(text, &replay, quiet: true)
            if replay.failed {
                reply.errors += options.palette.paint("warning", .warning) + ": a definition from this session no longer checks and was dropped:\n"
                reply.errors += replay.errors
            }
        }
        return reply
    }

    /// "24 files, 190 entities" for the banner and `:reload`.
    public var summary: String {
        let files = workspace.sources.files.filter { !$0.canonicalPath.hasPrefix("<") }.count
        let entities = workspace.entities.count
        return "\(DiagnosticReport.grouped(files)) \(files == 1 ? "file" : "files"), "
            + "\(DiagnosticReport.grouped(entities)) \(entities == 1 ? "entity" : "entities")"
    }

    // MARK: Input

    /// Runs one complete input: a command (`:list`) or statements.
    public func handle(_ input: String) -> Reply {
        var reply = Reply()
        let trimmed = input.trimmingSpaces
        if trimmed.isEmpty { return reply }
        if trimmed.hasPrefix(":") {
            command(trimmed, &reply)
        } else {
            run(input, &reply, quiet: false)
        }
        return reply
    }

    /// Parses, checks and runs statements typed at the prompt. With `quiet`
    /// (a replay after `:reload`) definitions are made and nothing is shown
    /// or evaluated.
    ///
    /// Each input is analysed afresh: a new workspace derived from the
    /// loaded data (sharing its trees), the definitions accepted so far and
    /// the input, checked whole. Only if it checks does it become the
    /// session's; a rejected input leaves nothing behind, so nothing has to
    /// be undone.
    func run(_ text: String, _ reply: inout Reply, quiet: Bool) {
        inputCount += 1
        let next = workspaceWithDefinitions()
        let name = "<input \(inputCount)>"
        let file = next.addSource(name: name, text: text, allowingExpressions: true)
        let tree = next.tree(file)
        let statements = tree.statements
        defer {
            // Shown once: an accepted input's workspace is the session's,
            // and the next command's flush would show them again.
            flush(next.diagnostics, sources: next.sources, &reply)
            next.diagnostics = DiagnosticBag()
        }
        if tree.isEmpty && !next.diagnostics.hasErrors {
            next.diagnostics = DiagnosticBag()  // only comments: nothing to say
            return
        }
        guard !next.diagnostics.hasErrors else { return }
        if let include = tree.includes.first {
            next.diagnostics.add(.error(.expectedDeclaration, "include does not work at the prompt",
                                        at: tree.range(include.keywordStart, include.pathEnd),
                                        help: ":load PATH reads a file or a folder into the session"))
            return
        }
        guard let nextProgram = analyse(next, input: file) else { return }
        workspace = next
        program = nextProgram
        if !tree.entities.isEmpty || statements.contains(where: \.isBinding) { definitions.append((name, text)) }
        if quiet { return }
        for entity in tree.entities.indices {
            let e = tree.entities[entity]
            if let kind = workspace.schema.kind(of: e) { reply.output += "added \(kind.rawValue) \(workspace.interner[e.id])\n" }
            if let d = Vocabulary.builtIn.declaration(e.kindIndex), e.id != .max {
                let word = Schema.declarationWords[d].word
                reply.output += (word == "extend" ? "extended " : "declared \(word) ") + workspace.interner[e.id] + "\n"
            }
        }
        execute(statements, &reply)
    }

    /// The loaded data and the definitions accepted so far, each later `let`
    /// replacing an earlier one of its name, in a workspace of its own.
    func workspaceWithDefinitions() -> Workspace {
        let next = Workspace(deriving: data)
        for (name, text) in definitions {
            let file = next.addSource(name: name, text: text, allowingExpressions: true)
            next.removeBindings(named: Set(next.tree(file).statements.compactMap(\.bindingName)), except: file)
        }
        next.diagnostics = DiagnosticBag()
        return next
    }

    /// Checks the input at `file` in `next`: its entities with the data, its
    /// `let`s replacing earlier ones, every statement typed. Only what
    /// concerns the input is reported (the data's own diagnostics were shown
    /// when it was loaded). The program over `next`, or nil on any error.
    private func analyse(_ next: Workspace, input file: FileID) -> Program? {
        let tree = next.tree(file)
        var seen: [String: SourceRange] = [:]
        for statement in tree.statements {
            guard case .binding(let name, let nameRange, _, _) = statement.kind else { continue }
            if let first = seen[name] {
                next.diagnostics.add(.error(.duplicateBinding, "'\(name)' is defined twice in this input", at: nameRange,
                                            notes: [DiagnosticNote("first defined here", at: first)],
                                            help: "keep one of them"))
            }
            seen[name] = nameRange
        }
        if next.diagnostics.hasErrors { return nil }
        next.removeBindings(named: Set(seen.keys), except: file)
        // New entities (typed now or before): the data is checked again with them.
        if next.trees[data.trees.count...].contains(where: { !$0.entities.isEmpty }) {
            Checker.check(next)
        }
        let nextProgram = Program(workspace: next, today: options.today)
        nextProgram.evaluator.interruption = options.interruption
        next.keepDiagnostics(of: file)
        if next.diagnostics.hasErrors { return nil }
        ScriptChecker(program: nextProgram).check(tree.statements)
        if next.diagnostics.hasErrors { return nil }
        // What the old program computed from definitions the input left
        // alone still holds when the input declares nothing: kept, so that
        // a costly `let` is not evaluated again at every prompt.
        if seen.isEmpty && tree.entities.isEmpty {
            for (name, binding) in nextProgram.evaluator.bindings {
                if let old = program.evaluator.bindings[name], old.nameRange == binding.nameRange, old.body.range == binding.body.range {
                    binding.value = old.value
                }
            }
        }
        nextProgram.evaluator.startBudget()
        return nextProgram
    }

    /// Evaluates expressions, prints and rules in order.
    private func execute(_ statements: [Statement], _ reply: inout Reply) {
        let formatter = ValueFormatter(entities: program.model)
        for statement in statements {
            switch statement.kind {
            case .binding:
                continue
            case .expression(let e), .print(let e):
                if let value = program.evaluate(e) { reply.output += formatter.text(value) }
            case .assertion(let condition, let message):
                let errors = workspace.diagnostics.errorCount
                program.checkRule(condition, message: message)
                program.flushWarnings()
                if workspace.diagnostics.errorCount == errors { reply.output += "rule holds\n" }
            }
            flush(&reply)
        }
    }

    /// Moves the diagnostics gathered so far into the reply.
    func flush(_ reply: inout Reply) {
        flush(workspace.diagnostics, sources: workspace.sources, &reply)
        workspace.diagnostics = DiagnosticBag()
    }

    /// Puts these diagnostics into the reply: enough to fix the input.
    func flush(_ bag: DiagnosticBag, sources: SourceManager, _ reply: inout Reply) {
        guard !bag.diagnostics.isEmpty else { return }
        let renderer = TextRenderer(sources: sources, palette: options.palette)
        for d in bag.sorted().prefix(Self.maxShown) { reply.errors += renderer.render(d) + "\n" }
        if bag.diagnostics.count > Self.maxShown {
            reply.errors += "… and \(bag.diagnostics.count - Self.maxShown) more not shown\n"
        }
        if bag.hasErrors { reply.failed = true }
    }

    /// Diagnostics shown for one input: enough to fix it, never a flood.
    static let maxShown = 20
}

extension Statement {
    var isBinding: Bool { bindingName != nil }

    var bindingName: String? {
        if case .binding(let name, _, _, _) = kind { return name }
        return nil
    }
}

extension Workspace {
    /// Keeps only the diagnostics about `file` (the input): what the data
    /// itself says was shown when it was loaded.
    func keepDiagnostics(of file: FileID) {
        let mine = diagnostics.diagnostics.filter { $0.range?.file == file }
        diagnostics = DiagnosticBag()
        diagnostics.add(contentsOf: mine)
    }

    /// Drops the `let`s of these names from every file but `file`: a
    /// definition at the prompt replaces earlier ones, as in Python or ghci.
    func removeBindings(named names: Set<String>, except file: FileID) {
        guard !names.isEmpty else { return }
        for i in trees.indices where i != Int(file) {
            guard trees[i].statements.contains(where: { $0.bindingName.map(names.contains) ?? false }) else { continue }
            trees[i].statements.removeAll { $0.bindingName.map(names.contains) ?? false }
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line ends.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
