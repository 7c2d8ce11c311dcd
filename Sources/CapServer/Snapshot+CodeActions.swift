import Foundation
import CapBase
import CapSyntax
import CapTooling

/// textDocument/codeAction: the diagnostics' fix-its (did-you-mean
/// replacements) as quick fixes, and a missing required field added.
extension Snapshot {
    func codeActions(_ params: JSONObject) throws(InvalidParams) -> Any {
        let uri = try params.object("textDocument").string("uri")
        guard let file = file(uri) else { return [Any]() }
        let asked = try params.object("range")
        let start = try offset(file, asked.object("start")), end = try offset(file, asked.object("end"))
        var out: [JSONObject] = []
        for d in workspace.diagnostics.diagnostics {
            guard let r = d.range, r.file == file, r.start <= end, start <= r.end else { continue }
            let diagnostic = lspDiagnostic(d, r, docsURL: nil)
            for fix in d.fixIts {
                let edit = ["changes": [self.uri(fix.range.file): [["range": range(fix.range), "newText": fix.replacement]]]]
                let title = fix.replacement.isEmpty ? "Remove '\(workspace.text(fix.range))'"
                                                    : "Replace '\(workspace.text(fix.range))' with '\(fix.replacement)'"
                out.append(["title": title, "kind": "quickfix", "diagnostics": [diagnostic], "isPreferred": d.fixIts.count == 1,
                            "edit": edit])
            }
            if d.code == .missingField, let action = addMissingField(d, r, diagnostic) { out.append(action) }
        }
        return out
    }

    /// "add a line 'country …'": a line with the field's name before the
    /// declaration's closing brace, for the user to give its value.
    func addMissingField(_ d: Diagnostic, _ r: SourceRange, _ diagnostic: JSONObject) -> JSONObject? {
        guard let label = d.label, label.hasPrefix("missing '"), label.hasSuffix("'") else { return nil }
        let field = String(label.dropFirst(9).dropLast())
        let tree = workspace.tree(r.file)
        guard let index = Locator.lastIndex(tree.entities, atOrBefore: r.start) else { return nil }
        let entity = tree.entities[index]
        let block = tree.blocks[Int(entity.block)]
        let bytes = workspace.sources[r.file].bytes
        guard block.end > block.start, Int(block.end) <= bytes.count, bytes[Int(block.end) - 1] == UInt8(ascii: "}") else { return nil }
        let brace = block.end - 1
        let braceLineStart = Self.lineStart(bytes, brace)
        let insertAt: UInt32
        let text: String
        if braceLineStart <= block.start || bytes[Int(braceLineStart)..<Int(brace)].contains(where: { $0 != 0x20 && $0 != 0x09 }) {
            // `member x "X" { }` on one line: the field goes before the brace.
            insertAt = brace
            text = "\(field)  "
        } else {
            // The indentation of the block's first field, or two spaces.
            let indent = tree.fields(of: block).first.map { f -> String in
                let s = Self.lineStart(bytes, f.nameStart)
                return String(decoding: bytes[Int(s)..<Int(f.nameStart)], as: UTF8.self)
            } ?? "  "
            insertAt = braceLineStart
            text = "\(indent)\(field) \n"
        }
        let at = SourceRange(file: r.file, start: insertAt, end: insertAt)
        return ["title": "Add the field '\(field)'", "kind": "quickfix", "diagnostics": [diagnostic], "isPreferred": true,
                "edit": ["changes": [uri(r.file): [["range": range(at), "newText": text]]]]]
    }
}
