import Foundation
import CapBase
import CapSyntax
import CapRuntime
import CapAnalysis
import CapPublish
import CapTooling

/// One finished analysis: the checked workspace, made from the files on
/// disk and the editor's buffers as they were when it started. It is never
/// changed after it is made, so requests read it from their own thread
/// while the next analysis is made on another. Only that one thread reads
/// it (diagnostics are published from it too): a workspace's
/// `SourceManager` fills its line tables on first use.
final class Snapshot: @unchecked Sendable {
    /// Which state of the documents it was made from (`Analyzer`).
    let generation: Int
    let analysis: Analysis
    var workspace: Workspace { analysis.workspace }
    let locator: Locator
    /// The client's own URI for each open file, by canonical path.
    let openURIs: [String: String]
    /// The version of each open document this analysis read, by URI: a
    /// client drops diagnostics of a version it has moved past.
    let versions: [String: Int]
    /// The workspace folder, canonical.
    let root: String?

    init(generation: Int, analysis: Analysis, openURIs: [String: String], versions: [String: Int], root: String?) {
        self.root = root
        self.versions = versions
        self.generation = generation
        self.analysis = analysis
        self.locator = Locator(analysis: analysis)
        self.openURIs = openURIs
    }

    /// The file a URI names, when this analysis loaded it.
    func file(_ uri: String) -> FileID? {
        if URIs.isUntitled(uri) { return workspace.sources.file(canonicalPath: uri)?.id }
        guard let path = URIs.path(uri) else { return nil }
        let canonical = FileSystem.realPath(path) ?? path
        return workspace.sources.file(canonicalPath: canonical)?.id
    }

    func uri(_ file: FileID) -> String {
        let source = workspace.sources[file]
        return openURIs[source.canonicalPath] ?? URIs.uri(source.canonicalPath)
    }

    func position(_ file: FileID, _ offset: UInt32) -> JSONObject {
        let p = workspace.sources.position(file, offset)
        return ["line": p.line, "character": p.utf16Column]
    }

    func range(_ range: SourceRange) -> JSONObject {
        ["start": position(range.file, range.start), "end": position(range.file, range.end)]
    }

    func location(_ range: SourceRange) -> JSONObject {
        ["uri": uri(range.file), "range": self.range(range)]
    }

    /// The byte offset of a `Position` in `file`, clamped into it.
    func offset(_ file: FileID, _ position: JSONObject) throws(InvalidParams) -> UInt32 {
        workspace.sources.offset(file, line: try position.int("line"), utf16Column: max(0, try position.int("character")))
    }

    /// The file and offset of a `TextDocumentPositionParams`; nil for a
    /// file this analysis did not load.
    func place(_ params: JSONObject) throws(InvalidParams) -> (file: FileID, offset: UInt32)? {
        let uri = try params.object("textDocument").string("uri")
        let position = try params.object("position")
        guard let file = file(uri) else { return nil }
        return (file, try offset(file, position))
    }
}
