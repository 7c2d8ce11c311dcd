import CapBase
import CapSyntax
import CapRuntime

/// Parsed files kept from one analysis to the next. An editor analyses the
/// workspace again after every change to one file; with a cache, the files
/// whose bytes did not change are not parsed again: their trees, made with
/// an interner of their own, are renumbered into the new workspace's
/// interner, as the parallel load already does with every file
/// (`Workspace.parse`), so the result is the same symbol for symbol and
/// diagnostic for diagnostic.
///
/// Not for concurrent use: one analysis at a time reads and fills it. It
/// keeps every file it has seen; a language server that closes files will
/// want a way to forget them.
public final class ParseCache: @unchecked Sendable {
    struct Entry {
        let bytes: [UInt8]
        /// Positions in a tree and its diagnostics name their file by id:
        /// an entry is reused only where the file has the same id.
        let file: FileID
        let tree: SyntaxTree
        let interner: Interner
        let diagnostics: DiagnosticBag
    }

    private var entries: [String: Entry] = [:]
    /// Files parsed through the cache so far (not those it served).
    public private(set) var parses = 0

    public init() {}

    /// The parse of `file`: the kept one when its bytes and id are
    /// unchanged, otherwise a new one, kept for next time.
    func entry(for file: SourceFile) -> Entry {
        if let kept = entries[file.canonicalPath], kept.file == file.id, kept.bytes == file.bytes { return kept }
        let local = Interner(capacity: file.bytes.count / 256)
        var bag = DiagnosticBag()
        let tree = DeepStack.run { Parser.parse(file, vocabulary: .builtIn, interner: local, diagnostics: &bag) }
        let made = Entry(bytes: file.bytes, file: file.id, tree: tree, interner: local, diagnostics: bag)
        entries[file.canonicalPath] = made
        parses += 1
        return made
    }
}
