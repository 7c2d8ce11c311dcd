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

    /// Files' bytes as last read from disk, with the stamp they had
    /// (`Workspace.readSource`): an unchanged file is not read again.
    private var read: [String: (stamp: FileSystem.Stamp, bytes: [UInt8])] = [:]

    /// The interner the next analysis continues (`Workspace(limits:continuing:)`):
    /// the last one's, so that the trees it numbered need no renumbering.
    /// Each generation starts from an empty interner; one grows by the
    /// words edits bring and does not lose those they remove, so a new
    /// generation starts once it has a quarter (and a thousand) more than
    /// it began with: an editor typing 10,000 new words keeps memory
    /// bounded, and pays for a whole renumbering once in a while.
    private var interner: Interner?
    private(set) var generation = 0
    private var generationStartCount = 0
    /// Trees renumbered into the generation's interner, by canonical path.
    private var numbered: [String: (generation: Int, file: FileID, tree: SyntaxTree)] = [:]
    /// The checker's per-file results, kept beside the trees they came from.
    let checks = CheckCache()
    /// Files checked again and files whose check was reused, over all
    /// analyses through this cache (for tests).
    public var filesChecked: Int { checks.filesChecked }
    public var filesReused: Int { checks.filesReused }
    /// Files parsed through the cache so far (not those it served).
    public private(set) var parses = 0

    public init() {}

    /// The parse of `file`: the kept one when its bytes and id are
    /// unchanged, otherwise a new one, kept for next time.
    func bytes(_ path: String, stamp: FileSystem.Stamp) -> [UInt8]? {
        guard let kept = read[path], kept.stamp == stamp else { return nil }
        return kept.bytes
    }

    func keep(_ bytes: [UInt8], for path: String, stamp: FileSystem.Stamp) { read[path] = (stamp, bytes) }

    /// Files on disk changed (the editor saved one, or its watcher saw
    /// one change): read every file again next time, stamps or not (a
    /// file rewritten within the clock's resolution keeps its stamp).
    public func forgetReads() { read.removeAll() }

    /// The interner a new analysis starts with: a copy (shared until
    /// written) of the last one's, or an empty one for a new generation.
    func startInterner() -> Interner {
        if let interner, interner.count <= generationStartCount + generationStartCount / 4 + 1_000 {
            return interner.snapshot()
        }
        generation += 1
        generationStartCount = 0
        startedGeneration = true
        interner = nil
        numbered.removeAll()
        return Interner(capacity: 4096)
    }
    private var startedGeneration = false

    /// The analysis's interner once (some of) its files are loaded: the
    /// next analysis continues it.
    func finishLoading(_ workspaceInterner: Interner) {
        if startedGeneration && (interner == nil || interner === workspaceInterner) {
            generationStartCount = workspaceInterner.count
        } else {
            startedGeneration = false
        }
        interner = workspaceInterner
    }

    /// The tree of `file` renumbered into the generation's interner, when
    /// it was made from the same bytes (`reused`) with the same file id.
    func numberedTree(for file: SourceFile) -> SyntaxTree? {
        guard let kept = numbered[file.canonicalPath], kept.generation == generation, kept.file == file.id else { return nil }
        return kept.tree
    }

    func keepNumbered(_ tree: SyntaxTree, for file: SourceFile) {
        numbered[file.canonicalPath] = (generation, file.id, tree)
    }

    /// `reused`: whether it is the kept one.
    func entry(for file: SourceFile) -> (entry: Entry, reused: Bool) {
        if let kept = entries[file.canonicalPath], kept.file == file.id, kept.bytes == file.bytes { return (kept, true) }
        let local = Interner(capacity: file.bytes.count / 256)
        var bag = DiagnosticBag()
        let tree = DeepStack.run { Parser.parse(file, vocabulary: .builtIn, interner: local, diagnostics: &bag) }
        let made = Entry(bytes: file.bytes, file: file.id, tree: tree, interner: local, diagnostics: bag)
        entries[file.canonicalPath] = made
        parses += 1
        return (made, false)
    }
}
