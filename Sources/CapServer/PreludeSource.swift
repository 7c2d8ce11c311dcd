import Foundation
import CapBase
import CapRuntime
import CapSchema

/// Where "go to definition" lands for a built-in kind or field: the
/// prelude (Sources/CapSchema/Prelude/prelude.cap, compiled into cap),
/// written as a read-only file to the user's cache folder
/// (`$XDG_CACHE_HOME/cap/prelude-VERSION.cap`, else `~/.cache/cap/…`, else
/// the temporary folder), as gopls and rust-analyzer show a library's
/// sources. A plain file works in every client (a custom URI scheme needs
/// a content provider in each editor's plugin); it is written when first
/// needed and again only when its bytes differ, and the server never
/// analyses it as part of the workspace.
final class PreludeSource: @unchecked Sendable {
    /// Declarations in the prelude: "kind" / "record" / "enum" NAME → line
    /// and column of NAME; "NAME.FIELD" → those of FIELD in NAME's block.
    let lines: [String: (line: Int, column: Int, length: Int)]
    let path: String
    private let lock = NSLock()
    private var written = false

    init(version: String) {
        path = FileSystem.join(Self.cacheFolder(), "prelude-\(Self.fileSafe(version)).cap")
        lines = Self.index(SchemaReader.preludeText)
    }

    /// The prelude is printed by `SchemaPrinter` and tested to print back as
    /// itself, so its layout is fixed: a declaration starts a line
    /// (`kind member "…" {`), a field is an indented line of its block
    /// (`  country { type …; … }`), the block ends with `}` alone.
    static func index(_ text: String) -> [String: (line: Int, column: Int, length: Int)] {
        var found: [String: (line: Int, column: Int, length: Int)] = [:]
        var container: String? = nil
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            if !line.hasPrefix(" "), words.count >= 2, ["kind", "record", "enum", "extend"].contains(words[0]) {
                let name = String(words[1])
                container = name
                let column = line.distance(from: line.startIndex, to: words[1].startIndex)
                if found["\(words[0]) \(name)"] == nil { found["\(words[0]) \(name)"] = (number, column, name.utf8.count) }
            } else if line.hasPrefix("}") {
                container = nil
            } else if let container, line.hasPrefix("  "), let word = words.first,
                      word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), words.count >= 2, words[1].hasPrefix("{") {
                let column = line.distance(from: line.startIndex, to: word.startIndex)
                if found["\(container).\(word)"] == nil { found["\(container).\(word)"] = (number, column, word.utf8.count) }
            }
        }
        return found
    }

    /// The location of a built-in declaration (`kind member`, `record role`)
    /// or field (`member.country`), the file written first; nil when the
    /// prelude has no such line or the file cannot be written.
    func location(_ key: String) -> JSONObject? {
        guard let at = lines[key], ensureWritten() else { return nil }
        let start: JSONObject = ["line": at.line, "character": at.column]
        let end: JSONObject = ["line": at.line, "character": at.column + at.length]
        return ["uri": URIs.uri(path), "range": ["start": start, "end": end] as JSONObject]
    }

    private func ensureWritten() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if written { return true }
        let bytes = Array(SchemaReader.preludeText.utf8)
        if (try? FileSystem.readFile(path, limit: bytes.count + 1)) != bytes {
            FileSystem.makeDirectories(FileSystem.directoryName(path))
            chmod(path, 0o644)
            guard (try? AtomicFile.write(SchemaReader.preludeText, to: path)) != nil else { return false }
        }
        // Read-only: the editor says so, and an edit there changes nothing.
        chmod(path, 0o444)
        written = true
        return true
    }

    private static func cacheFolder() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return FileSystem.join(cache, "cap") }
        if let home = environment["HOME"], home.hasPrefix("/") { return FileSystem.join(home, ".cache/cap") }
        return FileSystem.join(NSTemporaryDirectory(), "cap-\(getuid())")
    }

    private static func fileSafe(_ version: String) -> String {
        String(version.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
    }
}
