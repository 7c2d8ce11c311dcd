/// Collects the diagnostics of one run.
///
/// It keeps at most `storeLimit` of them in memory and only counts the rest,
/// so a file with 200,000 mistakes costs counters, not gigabytes.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0
    /// Diagnostics counted but not kept because the store was full.
    public private(set) var droppedCount = 0
    public let storeLimit: Int

    public init(storeLimit: Int = 10_000) {
        self.storeLimit = storeLimit
    }

    public var hasErrors: Bool { errorCount > 0 }
    public var totalCount: Int { errorCount + warningCount }

    public mutating func add(_ diagnostic: Diagnostic) {
        switch diagnostic.severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        case .note: break
        }
        if diagnostics.count < storeLimit {
            diagnostics.append(diagnostic)
        } else {
            droppedCount += 1
        }
    }

    /// Errors found but never made into diagnostics (past a file's limit):
    /// in the totals, as those past the store limit are.
    public mutating func count(unshownErrors count: Int) {
        errorCount += count
        droppedCount += count
    }

    public mutating func add<S: Sequence>(contentsOf items: S) where S.Element == Diagnostic {
        for d in items { add(d) }
    }

    public mutating func merge(_ other: DiagnosticBag) {
        for d in other.diagnostics { add(d) }
        errorCount += other.droppedErrors
        warningCount += other.droppedWarnings
        droppedCount += other.droppedCount
    }

    private var droppedErrors: Int { errorCount - diagnostics.filter { $0.severity == .error }.count }
    private var droppedWarnings: Int { warningCount - diagnostics.filter { $0.severity == .warning }.count }

    /// One root cause, one diagnostic: each kept diagnostic for which
    /// `rootOf` gives the index (in `diagnostics`) of another is removed,
    /// no longer counted, and becomes the note `note` makes of it on that
    /// one, at most `maxNotes` per root (the rest are counted in one note).
    /// One pass: a bag of ten thousand diagnostics folds in linear time.
    public mutating func fold(maxNotes: Int = 5, rootOf: (Diagnostic) -> Int?, note: (Diagnostic) -> DiagnosticNote) {
        var folded: [Int: [Diagnostic]] = [:]
        var keep: [Diagnostic] = []
        var newIndex: [Int: Int] = [:]
        for (i, d) in diagnostics.enumerated() {
            if let root = rootOf(d), root != i, root < diagnostics.count, rootOf(diagnostics[root]) == nil {
                folded[root, default: []].append(d)
                switch d.severity {
                case .error: errorCount -= 1
                case .warning: warningCount -= 1
                case .note: break
                }
            } else {
                newIndex[i] = keep.count
                keep.append(d)
            }
        }
        guard !folded.isEmpty else { return }
        for (root, consequences) in folded {
            guard let at = newIndex[root] else { continue }
            keep[at].notes += consequences.prefix(maxNotes).map(note)
            if consequences.count > maxNotes {
                keep[at].notes.append(DiagnosticNote("and \(consequences.count - maxNotes) more like these"))
            }
        }
        diagnostics = keep
    }

    /// Changes or removes kept diagnostics: `body` returns false to remove
    /// one, which is then no longer counted.
    public mutating func revise(_ body: (inout Diagnostic) -> Bool) {
        var keep: [Diagnostic] = []
        keep.reserveCapacity(diagnostics.count)
        for var d in diagnostics {
            if body(&d) {
                keep.append(d)
                continue
            }
            switch d.severity {
            case .error: errorCount -= 1
            case .warning: warningCount -= 1
            case .note: break
            }
        }
        diagnostics = keep
    }

    /// `--werror`: every warning becomes an error.
    public mutating func promoteWarnings() {
        for i in diagnostics.indices where diagnostics[i].severity == .warning {
            diagnostics[i].severity = .error
        }
        errorCount += warningCount
        warningCount = 0
    }

    /// Diagnostics in file order, then by position, so output reads top to bottom.
    public func sorted() -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let ra = a.element.range, rb = b.element.range
            switch (ra, rb) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (x?, y?):
                if x.file != y.file { return x.file < y.file }
                if x.start != y.start { return x.start < y.start }
                return a.offset < b.offset
            }
        }.map(\.element)
    }
}
