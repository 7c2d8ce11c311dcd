import CapBase
import CapValues
import CapSyntax
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
    public private(set) var workspace: Workspace
    public private(set) var program: Program
    /// Whether the loaded data itself has errors (publishing is refused).
    public private(set) var dataHasErrors = false
    /// Inputs that defined something, replayed after `:reload`.
    var definitions: [String] = []
    var inputCount = 0

    /// Loads `paths` and checks them; `loadReply` says how that went.
    public init(paths: [String], options: Options = Options()) {
        self.options = options
        self.paths = paths
        workspace = Workspace()
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
        for text in replayed {
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
    func run(_ text: String, _ reply: inout Reply, quiet: Bool) {
        inputCount += 1
        // Each input has the whole step budget of a command.
        program.evaluator.startBudget()
        workspace.diagnostics = DiagnosticBag()
        let file = workspace.addSource(name: "<input \(inputCount)>", text: text, allowingExpressions: true)
        let tree = workspace.tree(file)
        let statements = tree.statements
        // The input's statements leave the tree while it is checked; only
        // accepted definitions go back, so expressions never pile up.
        workspace.trees[Int(file)].statements = []
        defer { flush(&reply) }
        if tree.isEmpty && !workspace.diagnostics.hasErrors {
            workspace.diagnostics = DiagnosticBag()  // only comments: nothing to say
            return
        }
        guard !workspace.diagnostics.hasErrors else { return discard(file) }
        if let include = tree.includes.first {
            workspace.diagnostics.add(.error(.expectedDeclaration, "include does not work at the prompt",
                                             at: tree.range(include.keywordStart, include.pathEnd),
                                             help: ":load PATH reads a file or a folder into the session"))
            return discard(file)
        }
        if !tree.entities.isEmpty {
            guard addEntities(from: file) else { return discard(file) }
        }
        guard define(statements, in: file) else { return discard(file) }
        workspace.trees[Int(file)].statements = statements.filter(\.isBinding)
        if !tree.entities.isEmpty || statements.contains(where: \.isBinding) { definitions.append(text) }
        if quiet { return }
        for entity in tree.entities.indices {
            let e = tree.entities[entity]
            if let kind = workspace.schema.kind(of: e) { reply.output += "added \(kind.rawValue) \(workspace.interner[e.id])\n" }
        }
        execute(statements, &reply)
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

    /// New entities typed at the prompt: the data is checked again with
    /// them, and only what concerns them is reported.
    private func addEntities(from file: FileID) -> Bool {
        let saved = workspace.entities
        Checker.check(workspace)
        let mine = workspace.diagnostics.diagnostics.filter { $0.range?.file == file }
        workspace.diagnostics = DiagnosticBag()
        workspace.diagnostics.add(contentsOf: mine)
        if workspace.diagnostics.hasErrors {
            workspace.entities = saved
            return false
        }
        // The model caches entities by kind: a new one needs a new model.
        program = Program(workspace: workspace, today: options.today)
        program.evaluator.interruption = options.interruption
        return true
    }

    /// Declares the input's `let`s, replacing earlier ones of the same name,
    /// then checks every statement of the input. On any error the earlier
    /// definitions come back.
    private func define(_ statements: [Statement], in file: FileID) -> Bool {
        let evaluator = program.evaluator
        var previous: [(name: String, binding: Evaluator.Binding?)] = []
        var seen: [String: SourceRange] = [:]
        for statement in statements {
            guard case .binding(let name, let nameRange, let parameters, let body) = statement.kind else { continue }
            if let first = seen[name] {
                workspace.diagnostics.add(.error(.duplicateBinding, "'\(name)' is defined twice in this input", at: nameRange,
                                                 notes: [DiagnosticNote("first defined here", at: first)],
                                                 help: "keep one of them"))
                continue
            }
            seen[name] = nameRange
            previous.append((name, evaluator.bindings[name]))
            evaluator.bindings[name] = nil
            evaluator.declare(name, nameRange: nameRange, parameters: parameters, body: body)
        }
        if !workspace.diagnostics.hasErrors {
            ScriptChecker(program: program).check(statements)
        }
        if workspace.diagnostics.hasErrors {
            for (name, binding) in previous.reversed() { evaluator.bindings[name] = binding }
            return false
        }
        guard !previous.isEmpty else { return true }
        // Values computed from the old definitions are stale now.
        for binding in evaluator.bindings.values { binding.value = nil }
        let replaced = Set(previous.map(\.name))
        for i in workspace.trees.indices where i != Int(file) {
            workspace.trees[i].statements.removeAll { statement in
                if case .binding(let name, _, _, _) = statement.kind { return replaced.contains(name) }
                return false
            }
        }
        return true
    }

    /// A rejected input keeps its text (diagnostics show it) but defines
    /// nothing.
    private func discard(_ file: FileID) {
        workspace.trees[Int(file)] = SyntaxTree(file: file)
    }

    /// Moves the diagnostics gathered so far into the reply.
    func flush(_ reply: inout Reply) {
        let bag = workspace.diagnostics
        guard !bag.diagnostics.isEmpty else { return }
        let renderer = TextRenderer(sources: workspace.sources, palette: options.palette)
        for d in bag.sorted().prefix(Self.maxShown) { reply.errors += renderer.render(d) + "\n" }
        if bag.diagnostics.count > Self.maxShown {
            reply.errors += "… and \(bag.diagnostics.count - Self.maxShown) more not shown\n"
        }
        if bag.hasErrors { reply.failed = true }
        workspace.diagnostics = DiagnosticBag()
    }

    /// Diagnostics shown for one input: enough to fix it, never a flood.
    static let maxShown = 20
}

extension Statement {
    var isBinding: Bool {
        if case .binding = kind { return true }
        return false
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
