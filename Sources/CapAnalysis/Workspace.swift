import CapBase
import CapSyntax
import CapSchema
import CapRuntime

/// Everything one run has loaded: the files, their syntax trees, the shared
/// interner and the diagnostics found so far. The loader fills it; the
/// checker, the evaluator and the compilers read it.
public final class Workspace {
    /// Limits that keep hostile or broken input from costing unbounded time
    /// or memory. Each is enforced with a diagnostic.
    public struct Limits: Sendable {
        /// Offsets are stored in 28 bits (see `ValueNode`), hence just under 256 MiB.
        public var maxFileBytes = (256 << 20) - 1
        /// Files loaded in all: named, found in folders and included.
        public var maxFiles = 10_000
        public var maxIncludeDepth = 64
        /// Bytes of one written output (`cap build` and the publishing commands).
        public var maxOutputBytes = 256 << 20
        public init() {}
    }

    public let sources: SourceManager
    public let interner: Interner
    /// Indexed by `FileID`.
    public package(set) var trees: [SyntaxTree] = []
    public var diagnostics = DiagnosticBag()
    /// Problems with the command line itself (a missing path): exit code 2.
    public internal(set) var usageErrors: [String] = []
    /// Folders (canonical) that includes must stay inside.
    public internal(set) var roots: [String] = []
    /// `include` edges: the including file, the include's index, the target.
    public internal(set) var includeEdges: [(from: FileID, include: Int, to: FileID)] = []
    public let limits: Limits
    /// Filled by `check()`.
    public package(set) var entities = EntityTable()
    /// The prelude's kinds and those the data declares; read by `check()`
    /// (`resolveSchema`).
    public package(set) var schema: Schema = .builtIn
    /// Files whose unknown kind words were reported (E0201).
    var kindWordsReported: Set<Int> = []
    /// Filled by `check()`: what each reference in the data resolved to.
    public package(set) var references = ReferenceTable()

    /// Texts that stand for files on disk, by canonical path: an editor's
    /// unsaved buffers. A file loaded by name, from a folder or by an
    /// include is read from here when it is here.
    public var sourceOverrides: [String: [UInt8]] = [:]
    /// By `FileID`: whether the file's parse came unchanged from
    /// `parseCache` (its bytes the same as last time).
    var unchangedFiles: [Bool] = []
    /// Keys of `sourceOverrides` with no file on disk (a buffer never
    /// saved): loaded after the files named, as if named too, and found by
    /// includes that name them.
    public var unsavedFiles: [String] = []
    /// When set, files whose bytes did not change since the last analysis
    /// with the same cache are not parsed again (`ParseCache`).
    public var parseCache: ParseCache?

    /// Threads that parse files side by side (see `parse(_:)`): one per
    /// processor this process may use, up to eight.
    public var parseWorkers = DeepStack.defaultWorkers
    /// Below this many bytes in all, files are parsed one after another:
    /// starting threads would cost more than it saves.
    var parallelParseMinimumBytes = 1 << 20

    public init(limits: Limits = Limits()) {
        self.limits = limits
        sources = SourceManager()
        interner = Interner(capacity: 4096)
    }

    /// A workspace for an editor's next analysis through `cache`: its
    /// interner continues the last analysis's, so the trees of unchanged
    /// files are used as they are, with no renumbering. Symbols are then
    /// numbered differently from a load from nothing (words first seen
    /// later come later), which no result depends on: the diagnostics,
    /// references and entities are the same (ReanalysisTests).
    public init(limits: Limits = Limits(), continuing cache: ParseCache) {
        self.limits = limits
        sources = SourceManager()
        interner = cache.startInterner()
        parseCache = cache
        continuesCache = true
    }

    /// Made by `init(limits:continuing:)`.
    private(set) var continuesCache = false

    /// A workspace that starts where `base` is — its files, trees, symbols,
    /// folders, entities and references, but none of its diagnostics — and
    /// can grow (the REPL adds an input to it) while `base` stays as it
    /// was. Storage is shared until written, so deriving from 100,000
    /// events copies no tree.
    public init(deriving base: Workspace) {
        limits = base.limits
        sources = base.sources.copy()
        interner = base.interner.snapshot()
        trees = base.trees
        roots = base.roots
        includeEdges = base.includeEdges
        entities = base.entities
        references = base.references
        schema = base.schema
        kindWordsReported = base.kindWordsReported
        expressionCount = base.expressionCount
        parseWorkers = base.parseWorkers
    }

    /// The data files checked, for "checked N files": typed expressions
    /// (`cap eval`, REPL input) are sources too, but not files the user has.
    public var fileCount: Int { trees.count - expressionCount }
    private var expressionCount = 0

    public func tree(_ file: FileID) -> SyntaxTree { trees[Int(file)] }

    /// The files this run read, as the kernel knows them: what no output
    /// may replace, by whatever path or hard link an output names them.
    public var inputIdentities: Set<FileSystem.Identity> {
        Set(sources.files.compactMap { $0.canonicalPath.hasPrefix("<") ? nil : FileSystem.identity($0.canonicalPath) })
    }

    /// Text of a byte range in one file.
    public func text(_ file: FileID, _ start: UInt32, _ end: UInt32) -> String {
        sources[file].text(start..<end)
    }

    public func text(_ range: SourceRange) -> String { text(range.file, range.start, range.end) }

    /// Parses source text that has no file on disk (tests, the REPL).
    /// With `allowingExpressions`, a bare expression is a statement (as at
    /// the REPL or in `cap eval`).
    @discardableResult
    public func addSource(name: String, text: String, allowingExpressions: Bool = false) -> FileID {
        let file = sources.add(path: name, canonicalPath: "<\(name)#\(sources.files.count)>", bytes: Array(text.utf8))
        if allowingExpressions { expressionCount += 1 }
        parse(file, allowingExpressions: allowingExpressions)
        // Typed at the prompt: kinds declared by what was checked before,
        // and words no kind has reported now, as the input is judged alone.
        if allowingExpressions {
            if trees[Int(file.id)].entities.contains(where: { Vocabulary.builtIn.declaration($0.kindIndex) != nil }) {
                readSchemaQuietly()
            }
            resolveKinds(in: Int(file.id))
        }
        return file.id
    }

    func parse(_ file: SourceFile, allowingExpressions: Bool = false) {
        let errorsBefore = diagnostics.errorCount
        let tree = DeepStack.run {
            Parser.parse(file, vocabulary: .builtIn, interner: interner, diagnostics: &diagnostics, allowingExpressions: allowingExpressions)
        }
        add(tree, of: file, errorsBefore: errorsBefore)
    }

    /// Parses files just added to `sources`, in their order, side by side
    /// when there is enough to share out. Each worker parses with an interner
    /// of its own; the trees are renumbered into the shared one and added in
    /// file order (while later files are still being parsed), so the result
    /// is the same as one at a time, symbol for symbol and diagnostic for
    /// diagnostic.
    func parse(_ files: [SourceFile]) {
        if let parseCache {
            for file in files {
                let (parsed, reused) = parseCache.entry(for: file)
                if unchangedFiles.count <= Int(file.id) {
                    unchangedFiles.append(contentsOf: repeatElement(false, count: Int(file.id) + 1 - unchangedFiles.count))
                }
                unchangedFiles[Int(file.id)] = reused
                let errorsBefore = diagnostics.errorCount
                diagnostics.merge(parsed.diagnostics)
                if continuesCache {
                    if reused, let tree = parseCache.numberedTree(for: file) {
                        add(tree, of: file, errorsBefore: errorsBefore)
                        continue
                    }
                    var tree = parsed.tree
                    tree.remapSymbols(interner.absorb(parsed.interner))
                    parseCache.keepNumbered(tree, for: file)
                    add(tree, of: file, errorsBefore: errorsBefore)
                    continue
                }
                var tree = parsed.tree
                tree.remapSymbols(interner.absorb(parsed.interner))
                add(tree, of: file, errorsBefore: errorsBefore)
            }
            if continuesCache { parseCache.finishLoading(interner) }
            return
        }
        let bytes = files.reduce(0) { $0 + $1.bytes.count }
        let workers = bytes >= parallelParseMinimumBytes ? parseWorkers : 1
        guard files.count > 1, workers > 1 else {
            for file in files { parse(file) }
            return
        }
        DeepStack.pipeline(count: files.count, workers: workers, produce: { i in
            let local = Interner(capacity: files[i].bytes.count / 256)
            var bag = DiagnosticBag()
            let tree = Parser.parse(files[i], vocabulary: .builtIn, interner: local, diagnostics: &bag)
            return (tree: tree, diagnostics: bag, interner: local)
        }, consume: { i, parsed in
            // In place: the tree's arrays are renumbered, not copied.
            parsed.tree.remapSymbols(interner.absorb(parsed.interner))
            let errorsBefore = diagnostics.errorCount
            diagnostics.merge(parsed.diagnostics)
            add(parsed.tree, of: files[i], errorsBefore: errorsBefore)
        })
    }

    private func add(_ tree: SyntaxTree, of file: SourceFile, errorsBefore: Int) {
        if tree.isEmpty && diagnostics.errorCount == errorsBefore {
            diagnostics.add(.warning(.emptyFile, "the file holds no declarations", at: SourceRange(file: file.id, start: 0, end: 0),
                                     help: "a .cap file holds declarations; delete the file if it is not needed"))
        }
        trees.append(tree)
    }
}
