import Foundation
import CapBase
import CapTooling

/// textDocument/formatting: the file in cap's canonical layout, by `cap
/// fmt`'s own `Formatter` (docs/format.md). The layout is cap's one, so the
/// editor's tab size and spaces are not asked.
extension Snapshot {
    func formatting(_ params: JSONObject) throws -> Any {
        let uri = try params.object("textDocument").string("uri")
        guard let file = file(uri) else { return NSNull() }
        let source = workspace.sources[file]
        let result = Formatter.format(source)
        guard let output = result.output else {
            // A file that does not parse is left as it is: its errors are
            // already shown, and formatting on save must not nag about them.
            if result.diagnostics.contains(where: { $0.code.id == "E0901" }) {
                throw RequestFailure(message: "cap fmt could not format this file safely (E0901): it was left unchanged")
            }
            return NSNull()
        }
        guard result.changed else { return [Any]() }
        // One edit, the whole text: the formatter rewrites the layout of
        // every line.
        let whole = SourceRange(file: file, start: 0, end: UInt32(source.bytes.count))
        return [["range": range(whole), "newText": String(decoding: output, as: UTF8.self)] as JSONObject]
    }
}
