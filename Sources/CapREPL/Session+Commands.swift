#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapBase
import CapSyntax
import CapSchema
import CapRuntime
import CapAnalysis
import CapEval

/// The `:` commands: everything the prompt offers beyond the language.
extension Session {
    public struct Command: Sendable {
        public let name: String
        public let usage: String
        public let summary: String
    }

    public static let commands: [Command] = [
        Command(name: "help", usage: ":help", summary: "this help"),
        Command(name: "load", usage: ":load PATH", summary: "read a .cap file or a folder into the session"),
        Command(name: "reload", usage: ":reload", summary: "read the files again and say what changed"),
        Command(name: "list", usage: ":list [KIND]", summary: "count entities by kind, or list those of one kind"),
        Command(name: "show", usage: ":show ID", summary: "an entity (or a let) as written, with its file and line"),
        Command(name: "type", usage: ":type EXPR", summary: "what an expression gives, without running it"),
        Command(name: "time", usage: ":time EXPR", summary: "run the input and say how long it took"),
        Command(name: "report", usage: ":report [PERIOD] [> FILE]", summary: "the report for 2017, 2017-03 or 2017-01..2017-06 (default: last year)"),
        Command(name: "timeline", usage: ":timeline [FROM[..TO]] [> FILE]", summary: "events, laws, members and publications in date order"),
        Command(name: "map", usage: ":map [DATE] [> FILE]", summary: "the abolitionist-law map as of a date (default: today)"),
        Command(name: "quit", usage: ":quit", summary: "leave the session (also Ctrl-D on an empty line)"),
    ]

    static let aliases = ["q": "quit", "exit": "quit", "h": "help", "?": "help"]

    /// Plural collection names by kind, as `:list` accepts and shows them.
    func plural(_ kind: EntityKindName) -> String {
        program.model.schema[kind].collections.first ?? kind.rawValue
    }

    /// The kinds of the schema the data was checked against, built-in and declared.
    var kinds: [EntityKindName] { program.model.schema.kinds.map(\.name) }

    func command(_ line: String, _ reply: inout Reply) {
        let body = line.dropFirst()
        let name = String(body.prefix { $0 != " " && $0 != "\t" })
        let argument = String(body.dropFirst(name.count)).trimmingSpaces
        switch Self.aliases[name] ?? name {
        case "help": reply.output += help
        case "quit": reply.quit = true
        case "load": loadPath(argument, &reply)
        case "reload": reload(&reply)
        case "list": list(argument, &reply)
        case "show": show(argument, &reply)
        case "type": type(argument, &reply)
        case "time":
            guard !argument.isEmpty else { return fail(&reply, ":time needs an input", help: "e.g. :time events | group kind | count") }
            let start = Self.milliseconds()
            run(argument, &reply, quiet: false)
            let elapsed = Self.milliseconds() - start
            reply.output += "time: \(ValueFormatter.rounded(elapsed)) ms\n"
        case "report", "timeline", "map": publish(name, argument, &reply)
        default:
            let near = EditDistance.suggestions(for: name, among: Self.commands.map(\.name), limit: 1).first
            fail(&reply, "unknown command ':\(name)'", help: near.map { "did you mean ':\($0)'?" } ?? ":help lists the commands")
        }
    }

    /// A monotonic clock, for `:time`.
    static func milliseconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) * 1000 + Double(now.tv_nsec) / 1_000_000
    }

    func fail(_ reply: inout Reply, _ message: String, help: String? = nil) {
        let p = options.palette
        reply.errors += p.paint("error", .error) + p.paint(": \(message)", .emphasis) + "\n"
        if let help { reply.errors += "  " + p.paint("= help", .help) + ": \(help)\n" }
        reply.failed = true
    }

    var help: String {
        let width = Self.commands.map(\.usage.count).max()!
        var out = """
            Type an expression to see its value (members | count), a definition
            (let x = …, or an entity), or a rule (assert …). An open bracket, brace
            or \"\"\" string continues on the next line; Ctrl-C cancels the input.
            Tab completes names, fields after '.', commands and paths.

            """
        for c in Self.commands { out += "  " + c.usage + String(repeating: " ", count: width - c.usage.count + 2) + c.summary + "\n" }
        return out
    }

    // MARK: Loading

    private func loadPath(_ path: String, _ reply: inout Reply) {
        guard !path.isEmpty else { return fail(&reply, ":load needs a path", help: "e.g. :load Examples/laws") }
        switch FileSystem.kind(path) {
        case .missing:
            return fail(&reply, "cannot read '\(Excerpt.forTerminal(path))': \(FileSystem.whyMissing(path).message)")
        case .directory where FileSystem.capFiles(under: path).files.isEmpty:
            // Kept in the paths, it would fail every later :reload too.
            return fail(&reply, "no .cap files found under '\(path)'")
        default:
            break
        }
        paths.append(path)
        let before = Snapshot(self)
        let loaded = load()
        reply.errors += loaded.errors
        reply.failed = loaded.failed
        reply.output += "loaded \(path): " + Snapshot(self).changes(since: before, verb: "now") + "\n"
    }

    private func reload(_ reply: inout Reply) {
        let before = Snapshot(self)
        let loaded = load()
        reply.errors += loaded.errors
        reply.failed = loaded.failed
        reply.output += "reloaded: " + Snapshot(self).changes(since: before, verb: "still") + "\n"
    }

    /// What the files and entities were, to say what a reload changed.
    struct Snapshot {
        var files: [String: [UInt8]] = [:]
        var ids: [EntityKindName: Set<String>] = [:]
        var kinds: [EntityKindName] = []
        var plurals: [EntityKindName: String] = [:]
        var summary: String

        init(_ session: Session) {
            for file in session.workspace.sources.files where !file.canonicalPath.hasPrefix("<") {
                files[file.path] = file.bytes
            }
            let model = session.program.model
            kinds = session.kinds
            for kind in kinds {
                ids[kind] = Set(model.entities(of: kind).map(model.entityID))
                plurals[kind] = session.plural(kind)
            }
            summary = session.summary
        }

        func changes(since old: Snapshot, verb: String) -> String {
            var lines: [String] = []
            let added = files.keys.filter { old.files[$0] == nil }.sorted()
            let removed = old.files.keys.filter { files[$0] == nil }.sorted()
            let changed = files.keys.filter { old.files[$0] != nil && old.files[$0] != files[$0] }.sorted()
            if !changed.isEmpty { lines.append("changed " + Self.few(changed)) }
            if !added.isEmpty { lines.append("new " + Self.few(added)) }
            if !removed.isEmpty { lines.append("gone " + Self.few(removed)) }
            for kind in kinds + old.kinds.filter({ k in !kinds.contains { $0.rawValue == k.rawValue } }) {
                let now = ids[kind] ?? [], then = old.ids[kind] ?? []
                let plus = now.subtracting(then).sorted(), minus = then.subtracting(now).sorted()
                let name = plurals[kind] ?? old.plurals[kind] ?? kind.rawValue
                if !plus.isEmpty { lines.append("+\(plus.count) \(plus.count == 1 ? kind.rawValue : name) (\(Self.few(plus)))") }
                if !minus.isEmpty { lines.append("-\(minus.count) \(minus.count == 1 ? kind.rawValue : name) (\(Self.few(minus)))") }
            }
            if lines.isEmpty { return "no changes; \(verb) \(summary)" }
            return "\(summary)\n  " + lines.joined(separator: "\n  ")
        }

        static func few(_ names: [String]) -> String {
            names.count <= 5 ? names.joined(separator: ", ") : names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
        }
    }

    // MARK: Looking around

    private func list(_ argument: String, _ reply: inout Reply) {
        let model = program.model
        let formatter = ValueFormatter(entities: model)
        guard !argument.isEmpty else {
            var rows: [Value] = []
            for kind in kinds {
                let n = model.entities(of: kind).count
                if n > 0 { rows.append(.record([("kind", .string(plural(kind))), ("count", .int(Int64(n)))])) }
            }
            reply.output += rows.isEmpty ? "nothing is loaded; :load PATH reads data\n" : formatter.text(.list(rows))
            return
        }
        guard let kind = model.collectionNames[argument] ?? model.schema.kind(named: argument) else {
            let names = kinds.map(plural)
            let near = EditDistance.suggestions(for: argument, among: names, limit: 1).first
            return fail(&reply, "no kind of entity is called '\(argument)'",
                        help: near.map { "did you mean '\($0)'?" } ?? "the kinds are " + names.joined(separator: ", "))
        }
        let items = model.entities(of: kind)
        reply.output += items.isEmpty ? "no \(plural(kind))\n" : formatter.text(.list(items.map(Value.entity)))
    }

    private func show(_ argument: String, _ reply: inout Reply) {
        guard !argument.isEmpty else { return fail(&reply, ":show needs an id", help: "e.g. :show " + (firstID ?? "talita")) }
        let model = program.model
        if let entity = model.entity(named: argument) {
            let (tree, node) = model.node(entity)
            let source = workspace.sources[tree.file]
            let line = workspace.sources.lineColumn(tree.file, node.kindStart).line
            reply.output += options.palette.paint("\(source.path):\(line)", .gutter) + "\n"
            reply.output += source.text(node.kindStart..<node.end) + "\n"
            return
        }
        if let binding = program.evaluator.bindings[argument] {
            let file = binding.nameRange.file
            let line = workspace.sources.lineColumn(file, binding.nameRange.start).line
            reply.output += options.palette.paint("\(workspace.sources[file].path):\(line)", .gutter) + "\n"
            reply.output += "let " + workspace.sources[file].text(binding.nameRange.start..<binding.body.range.end) + "\n"
            return
        }
        let ids = (0..<model.table.count).lazy.map(model.entityID)
        let near = EditDistance.suggestions(for: argument, among: Array(ids) + Array(program.evaluator.bindings.keys), limit: 1).first
        fail(&reply, "no entity or let is called '\(argument)'",
             help: near.map { "did you mean '\($0)'?" } ?? ":list shows what is loaded")
    }

    private var firstID: String? {
        program.model.table.count > 0 ? program.model.entityID(0) : nil
    }

    private func type(_ argument: String, _ reply: inout Reply) {
        guard !argument.isEmpty else { return fail(&reply, ":type needs an expression", help: "e.g. :type members | group country") }
        inputCount += 1
        // Typed in a workspace of its own, which is dropped afterwards.
        let scratch = Workspace(deriving: workspace)
        let file = scratch.addSource(name: "<input \(inputCount)>", text: argument, allowingExpressions: true)
        let statements = scratch.tree(file).statements
        defer { flush(scratch.diagnostics, sources: scratch.sources, &reply) }
        guard !scratch.diagnostics.hasErrors else { return }
        guard statements.count == 1, case .expression(let e) = statements[0].kind else {
            return fail(&reply, ":type takes one expression", help: "e.g. :type laws | map jurisdiction")
        }
        let description = ScriptChecker(program: Program(workspace: scratch, today: options.today)).describe(e)
        scratch.keepDiagnostics(of: file)
        if !scratch.diagnostics.hasErrors { reply.output += description + "\n" }
    }
}
