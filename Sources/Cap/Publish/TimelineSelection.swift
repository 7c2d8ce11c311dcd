/// Entries of a timeline as the writers read them: the build's one sorted
/// array and the positions a filter kept, so that no entry is copied.
///
/// Copying a `TimelineEntry` retains each of its strings and its tags; a
/// build of 100,000 events copied every entry once per output and report,
/// and those copies were a fifth of the processor time of `cap build`.
/// `forEach` lends each entry in place instead.
struct TimelineSelection: Sendable {
    let all: [TimelineEntry]
    /// Indices into `all`, in order; nil for every entry.
    let positions: [Int]?

    init(_ all: [TimelineEntry], positions: [Int]? = nil) {
        self.all = all
        self.positions = positions
    }

    var count: Int { positions?.count ?? all.count }
    var isEmpty: Bool { count == 0 }

    @inline(__always)
    func forEach(_ body: (borrowing TimelineEntry) -> Void) {
        all.withUnsafeBufferPointer { buffer in
            if let positions {
                for p in positions { body(buffer[p]) }
            } else {
                for i in buffer.indices { body(buffer[i]) }
            }
        }
    }

    /// The entries, copied: for callers that keep them.
    var entries: [TimelineEntry] { positions.map { $0.map { all[$0] } } ?? all }
}
