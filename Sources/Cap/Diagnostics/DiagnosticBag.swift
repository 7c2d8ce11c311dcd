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
