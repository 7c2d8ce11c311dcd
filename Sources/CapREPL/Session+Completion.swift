import CapBase
import CapSyntax
import CapSchema
import CapRuntime
import CapEval
import CapPublish

/// Tab completion that knows the session: commands, keywords, kinds,
/// entity ids, `let` names, fields after a `.` (of the kind the expression
/// before it gives), stages after `|`, enumeration words and paths.
extension Session {
    public struct Completion: Equatable, Sendable {
        /// The text before the cursor that the candidates would replace.
        public var prefix: String
        /// Whole replacements, sorted; a folder ends with "/".
        public var candidates: [String]
        public init(prefix: String, candidates: [String]) {
            self.prefix = prefix
            self.candidates = candidates
        }
    }

    static let keywords = ["let", "assert", "print", "and", "or", "not", "in", "none", "it", "true", "false", "desc", "asc"]

    /// Candidates for the word that ends `line` (the text before the cursor).
    public func complete(_ line: String) -> Completion {
        guard line.hasPrefix(":") else { return completeExpression(line) }
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            let names = Self.commands.map { ":" + $0.name }
            return Completion(prefix: line, candidates: names.filter { $0.hasPrefix(line) })
        }
        let name = String(line[line.index(after: line.startIndex)..<space])
        let rest = String(line[space...]).drop { $0 == " " || $0 == "\t" }
        switch name {
        case "load":
            return completePath(String(rest), onlyCap: true)
        case "report", "timeline", "map":
            guard let arrow = rest.lastIndex(of: ">") else { return Completion(prefix: "", candidates: []) }
            return completePath(String(rest[rest.index(after: arrow)...].drop { $0 == " " }), onlyCap: false)
        case "list":
            let kinds = self.kinds.map(plural)
            return Completion(prefix: String(rest), candidates: kinds.filter { $0.hasPrefix(rest) }.sorted())
        case "show":
            let word = String(rest)
            return Completion(prefix: word, candidates: matching(word, ids(startingWith: word) + Array(program.evaluator.bindings.keys)))
        case "type":
            return completeExpression(String(rest))
        default:
            return Completion(prefix: "", candidates: [])
        }
    }

    private func completeExpression(_ line: String) -> Completion {
        let word = String(line.reversed().prefix { Self.isNameCharacter($0) }.reversed())
        let before = line.dropLast(word.count)
        if before.hasSuffix("."), !before.hasSuffix("..") {
            let chain = before.dropLast().reversed().prefix { Self.isNameCharacter($0) || $0 == "." }.reversed()
            let names = fieldNames(after: String(chain))
            return Completion(prefix: word, candidates: matching(word, names))
        }
        let bindings = program.evaluator.bindings
        let lastSymbol = before.last { $0 != " " && $0 != "\t" }
        if lastSymbol == "|" {
            let functions = bindings.values.filter { !$0.parameters.isEmpty }.map(\.name)
            return Completion(prefix: word, candidates: matching(word, Array(Evaluator.stages.keys) + functions))
        }
        let model = program.model
        var names: [String] = Self.keywords + Array(model.collectionNames.keys) + ["entities", "today"]
        names += Array(bindings.keys)
        names += Array(Evaluator.builtins.keys)
        names += Array(model.enumWords)
        if before.trimmingSpaces.isEmpty { names += kinds.map(\.rawValue) }
        if before.contains("|") { names += elementFields(of: String(before)) }
        if !word.isEmpty { names += ids(startingWith: word) }
        return Completion(prefix: word, candidates: matching(word, names))
    }

    private func matching(_ word: String, _ names: [String]) -> [String] {
        Array(Set(names.filter { $0.hasPrefix(word) })).sorted()
    }

    /// Entity ids with this prefix; a scan of the table, fine at 100,000.
    private func ids(startingWith word: String) -> [String] {
        let model = program.model
        var out: [String] = []
        for i in 0..<model.table.count {
            let id = model.entityID(i)
            if id.hasPrefix(word) { out.append(id) }
        }
        return out
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_")
    }

    /// The fields of what `chain` (`talita`, `laws`, `fr_2016.jurisdiction`)
    /// gives, as the checker infers it; every field name when it cannot tell.
    private func fieldNames(after chain: String) -> [String] {
        let parts = chain.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first, !head.isEmpty, !parts.contains(where: \.isEmpty) else { return allFieldNames }
        let saved = workspace.diagnostics
        defer { workspace.diagnostics = saved }
        var walk = ScriptChecker.Walk(program: program, reported: [])
        let nowhere = SourceRange(file: 0, start: 0, end: 0)
        var kind = walk.resolve(head, nowhere, ScriptChecker.Scope())
        for part in parts.dropFirst() { kind = walk.member(kind, part, nowhere) }
        return fields(of: kind) ?? allFieldNames
    }

    /// Inside a pipeline stage, bare names are fields of the head's items.
    private func elementFields(of text: String) -> [String] {
        var head = text.prefix { $0 != "|" }.trimmingSpaces
        for keyword in ["print ", "assert "] where head.hasPrefix(keyword) { head = String(head.dropFirst(keyword.count)).trimmingSpaces }
        if head.hasPrefix("let "), let equal = head.firstIndex(of: "=") { head = String(head[head.index(after: equal)...]).trimmingSpaces }
        guard head.allSatisfy({ Self.isNameCharacter($0) || $0 == "." }) else { return allFieldNames }
        return fieldNames(after: head)
    }

    func fields(of kind: ScriptChecker.Kind) -> [String]? {
        switch kind {
        case .entity(let mask): return ScriptChecker.Walk.fieldNames(ofEntities: mask, program.model.schema)
        case .list(let element), .groups(let element): return fields(of: element)
        case .record(let fields): return Array(fields.keys)
        case .date: return ["year", "month", "day"]
        case .jurisdiction: return ScriptChecker.Walk.placeFields.keys.sorted()
        case .language: return ["code", "name"]
        default: return nil
        }
    }

    private var allFieldNames: [String] { ScriptChecker.Walk.fieldNames(ofEntities: UInt64.max, program.model.schema) }

    /// Folders and (for `:load`) .cap files, relative to the current folder.
    private func completePath(_ typed: String, onlyCap: Bool) -> Completion {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let base = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var out: [String] = []
        for name in FileSystem.names(in: folder.isEmpty ? "." : folder) where name.hasPrefix(base) {
            if name.hasPrefix(".") && !base.hasPrefix(".") { continue }
            let path = folder + name
            if FileSystem.kind(path) == .directory {
                out.append(path + "/")
            } else if !onlyCap || name.hasSuffix(".cap") {
                out.append(path)
            }
        }
        return Completion(prefix: typed, candidates: out.sorted())
    }
}
