import Foundation
import CapBase
import CapSyntax
import CapSchema
import CapEval
import CapTooling

/// textDocument/hover: what the word under the cursor is, in a few lines.
extension Snapshot {
    func hover(_ params: JSONObject, markdown: Bool) throws(InvalidParams) -> Any {
        guard let (file, offset) = try place(params) else { return NSNull() }
        var parts: [String] = []
        var range: SourceRange? = nil
        if let node = locator.node(in: file, at: offset) {
            if let text = describe(node) {
                parts.append(text)
                range = node.range
            }
        }
        // A diagnostic under the cursor: its code explained, as `cap explain` does.
        var explained: Set<String> = []
        for d in workspace.diagnostics.diagnostics {
            guard let r = d.range, r.file == file, r.start <= offset, offset <= max(r.end, r.start + 1),
                  explained.insert(d.code.id).inserted else { continue }
            parts.append(markdown ? "**\(d.code.id)**: \(d.message)\n\n```text\n\(DiagnosticReference.text(d.code))```"
                                  : DiagnosticReference.text(d.code))
        }
        guard !parts.isEmpty else { return NSNull() }
        var out: JSONObject = ["contents": ["kind": markdown ? "markdown" : "plaintext", "value": parts.joined(separator: "\n\n---\n\n")]]
        if let range { out["range"] = self.range(range) }
        return out
    }

    /// What a node is, or nil for blank space and punctuation.
    func describe(_ node: LocatedNode) -> String? {
        if let target = node.target, let text = describe(target) { return text }
        switch node.kind {
        case .entityKindWord:
            guard let kind = node.entity?.kind.map({ workspace.schema[$0] }) else { return nil }
            return "**\(kind.name.rawValue)**: \(kind.doc)"
        case .fieldName:
            guard let field = node.field else { return nil }
            guard let spec = field.spec else { return "`\(field.name)`: not a field of this block" }
            return describe(spec)
        case .entityName:
            guard let kind = node.entity?.kind.map({ workspace.schema[$0] }) else { return nil }
            return "the \(kind.name.rawValue)'s \(kind.headerName)"
        case .stage:
            return Evaluator.stages[node.text].map { "stage **\(node.text)**: \($0.summary)" }
        case .call:
            return Evaluator.builtins[node.text].map { "function **\(node.text)**: \($0.summary)" }
        case .value, .literal:
            // A value that refers to nothing: what its field takes.
            return node.field?.spec.map(describe)
        default:
            return nil
        }
    }

    func describe(_ spec: FieldSpec) -> String {
        var text = "field **\(spec.name)**: \(spec.type.phrase)"
        if spec.required { text += ", required" }
        if spec.list { text += ", a list" }
        return text + "\n\n" + spec.doc
    }

    func describe(_ target: NodeTarget) -> String? {
        switch target {
        case .entity(let d):
            var text = "**\(d.kind.rawValue)** `\(d.id)`"
            if let name = d.name { text += " — \(name)" }
            let fields = keyFields(d)
            if !fields.isEmpty { text += "\n\n" + fields.map { "- \($0)" }.joined(separator: "\n") }
            let line = workspace.sources.lineColumn(d.file, d.idRange.start).line
            return text + "\n\ndeclared in \(displayPath(d.file)):\(line)"
        case .file(_, let path):
            return "includes `\(path)`"
        case .binding(let name, let declaration):
            let statement = workspace.text(declaration.file, Self.lineStart(workspace.sources[declaration.file].bytes, declaration.start),
                                           min(declaration.end + 200, UInt32(workspace.sources[declaration.file].bytes.count)))
            let firstLine = statement.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? name
            let line = workspace.sources.lineColumn(declaration.file, declaration.start).line
            return "```cap\n\(firstLine)\n```\n\ndefined in \(displayPath(declaration.file)):\(line)"
        case .parameter(let name):
            return "parameter `\(name)` of this function"
        case .itemField(let name):
            return "`\(name)`: a field of the current item"
        case .collection(let kind):
            return "every **\(kind.rawValue)** of the data"
        case .allEntities:
            return "every entity of the data"
        case .today:
            return "today's date"
        case .enumerationCase(let enumeration, let word, let doc):
            return "**\(word)** (\(enumeration)): \(doc)"
        case .jurisdiction(let j):
            var text = "**\(j.code)**: \(j.name)"
            if let official = j.officialName, official != j.name { text += " (\(official))" }
            if let parent = j.parent { text += ", in \(Jurisdictions.name(code: parent) ?? parent)" }
            return text
        case .language(let l):
            return "**\(l.code)**: \(l.name)"
        }
    }

    /// The first few fields of a declaration, as written (a description is
    /// long, and said elsewhere).
    func keyFields(_ d: EntityDeclaration) -> [String] {
        let tree = workspace.tree(d.file)
        guard let index = tree.entities.firstIndex(where: { $0.idStart == d.idRange.start }) else { return [] }
        let block = tree.blocks[Int(tree.entities[index].block)]
        var out: [String] = []
        for field in tree.fields(of: block) {
            let name = workspace.interner[field.name]
            guard name != "description", let last = tree.values(of: field).last else { continue }
            var values = workspace.text(d.file, tree.values(of: field).first!.start, last.end)
            if values.count > 60 { values = String(values.prefix(57)) + "…" }
            out.append("\(name) \(values)")
            if out.count == 4 { break }
        }
        return out
    }

    /// A file's path relative to the workspace folder, as the user sees it in the editor.
    func displayPath(_ file: FileID) -> String {
        let path = workspace.sources[file].canonicalPath
        if let root, path.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            return String(path.dropFirst(root.hasSuffix("/") ? root.count : root.count + 1))
        }
        return workspace.sources[file].path
    }

    static func lineStart(_ bytes: [UInt8], _ offset: UInt32) -> UInt32 {
        var i = Int(min(offset, UInt32(bytes.count)))
        while i > 0 && bytes[i - 1] != 0x0A { i -= 1 }
        return UInt32(i)
    }
}
