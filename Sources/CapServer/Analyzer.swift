import Foundation
import CapBase
import CapRuntime
import CapAnalysis
import CapPublish

/// Analyses the workspace on a thread of its own, again after each change
/// to the documents, and keeps the newest finished analysis.
///
/// Edits that arrive while an analysis runs are not analysed one by one:
/// the next analysis starts from the documents as they are by then, so a
/// burst of keystrokes costs one analysis after the one under way. A
/// result that the documents have moved past when it is ready is kept for
/// requests (it is still the newest finished) but its diagnostics are not
/// published: they would flash on screen and be replaced at once.
final class Analyzer: @unchecked Sendable {
    private let condition = NSCondition()
    /// Open documents, by canonical path.
    private var documents: [String: Document] = [:]
    /// Counts changes to the documents (and to files on disk, as the client
    /// reports them); an analysis is made from one generation.
    private(set) var generation = 0
    private var latest: Snapshot?
    private var stopped = false
    /// The folder the editor opened, canonical; nil when it gave none (only
    /// the open files are analysed then).
    let root: String?
    private let cache = ParseCache()
    /// Set by `invalidate`, taken by the next analysis.
    private var diskChanged = false
    /// Called on the analyser's thread with each analysis whose documents
    /// have not changed since it started.
    private let onFresh: (Snapshot) -> Void
    /// Analyses made (for the benchmark's and tests' logs).
    private(set) var analyses = 0

    /// An open file that is not data (the prelude shown by "go to
    /// definition"): never loaded.
    private let ignored: String?

    init(root: String?, ignoring ignored: String? = nil, onFresh: @escaping (Snapshot) -> Void) {
        self.root = root
        self.ignored = ignored
        self.onFresh = onFresh
    }

    func start() {
        let thread = Thread { [self] in DeepStack.run { self.loop() } }
        thread.name = "cap-analysis"
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Changes the open documents and asks for a new analysis; returns the
    /// new generation.
    @discardableResult
    func update<T>(_ body: (inout [String: Document]) throws(InvalidParams) -> T) throws(InvalidParams) -> T {
        condition.lock()
        defer { condition.unlock() }
        let result = try body(&documents)
        generation += 1
        condition.broadcast()
        return result
    }

    /// Asks for a new analysis without changing a document (a file changed
    /// on disk): every file is read from disk again.
    func invalidate() {
        condition.lock()
        diskChanged = true
        generation += 1
        condition.broadcast()
        condition.unlock()
    }

    var currentGeneration: Int {
        condition.lock()
        defer { condition.unlock() }
        return generation
    }

    /// The newest analysis made from `generation` or a later one, waiting
    /// for it up to `timeout` seconds; after that the newest there is (a
    /// reply a little behind the text is better than none).
    func snapshot(atLeast generation: Int, timeout: TimeInterval = 30) -> Snapshot? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !stopped, (latest?.generation ?? -1) < generation {
            if !condition.wait(until: deadline) { break }
        }
        return latest
    }

    private func loop() {
        var done = -1
        while true {
            condition.lock()
            while !stopped && generation == done { condition.wait() }
            if stopped {
                condition.unlock()
                return
            }
            let target = generation
            let documents = self.documents
            let reread = diskChanged
            diskChanged = false
            condition.unlock()
            if reread { cache.forgetReads() }

            let snapshot = analyse(documents, generation: target)
            done = target
            condition.lock()
            latest = snapshot
            analyses += 1
            let fresh = generation == target
            condition.broadcast()
            condition.unlock()
            if fresh { onFresh(snapshot) }
        }
    }

    /// One analysis, as `cap check` makes it, with the open documents in
    /// place of their files on disk.
    private func analyse(_ documents: [String: Document], generation: Int) -> Snapshot {
        var paths: [String] = root.map { [$0] } ?? []
        var uris: [String: String] = [:]
        var overrides: [String: [UInt8]] = [:]
        var versions: [String: Int] = [:]
        var unsaved: [String] = []
        for (path, document) in documents where path != ignored {
            overrides[path] = document.bytes
            uris[path] = document.uri
            versions[document.uri] = document.version
            // A buffer never saved (an `untitled:` one, or a new file not
            // yet on disk) is loaded from the editor's text, with the
            // folder or alone; an open file outside the folder is
            // analysed with it.
            let onDisk = path.hasPrefix("/") && FileSystem.kind(path) == .file
            let inside = root.map { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") } ?? false
            if !onDisk {
                unsaved.append(path)
            } else if !inside {
                paths.append(path)
            }
        }
        let analysis = Analysis.make(paths: paths.sorted(), overrides: overrides, unsaved: unsaved.sorted(), cache: cache)
        return Snapshot(generation: generation, analysis: analysis, openURIs: uris, versions: versions, root: root)
    }
}

