/// Entries of a timeline as the writers read them: the build's one sorted
/// array and the positions a filter kept, so that no entry is copied.
///
/// Copying a `TimelineEntry` retains each of its strings and its tags; a
/// build of 100,000 events copied every entry once per output and report,
/// and those copies were a fifth of the processor time of `cap build`.
/// `forEach` lends each entry in place instead.
package struct TimelineSelection: Sendable {
    let all: [TimelineEntry]
    /// Indices into `all`, in order; nil for every entry.
    let positions: [Int]?

    package init(_ all: [TimelineEntry], positions: [Int]? = nil) {
        self.all = all
        self.positions = positions
    }

    var count: Int { positions?.count ?? all.count }
    var isEmpty: Bool { count == 0 }

    /// How far ahead `forEach` fetches entries into the cache. Entries are
    /// stored in the order two threads read them and walked by date, so
    /// that each was a cache miss where a writer first touched it: the
    /// retain of its box took 12% of the processor samples of a build of
    /// 100,000 events, and 7% once fetched ahead (the CSV timeline alone
    /// took 14% less). The fields come `2 * ahead` entries early, and the
    /// texts they point to `ahead` entries early, once the fields are in.
    static let ahead = 8

    @inline(__always)
    func forEach(_ body: (borrowing TimelineEntry) -> Void) {
        forEachWithPosition { _, entry in body(entry) }
    }

    /// `forEach`, with each entry's position in `all`.
    @inline(__always)
    func forEachWithPosition(_ body: (Int, borrowing TimelineEntry) -> Void) {
        let ahead = TimelineSelection.ahead
        all.withUnsafeBufferPointer { buffer in
            func walk(_ count: Int, _ position: (Int) -> Int) {
                for k in 0..<count {
                    if k + 2 * ahead < count { buffer[position(k + 2 * ahead)].prefetch() }
                    if k + ahead < count { buffer[position(k + ahead)].prefetchText() }
                    let p = position(k)
                    body(p, buffer[p])
                }
            }
            if let positions {
                positions.withUnsafeBufferPointer { positions in walk(positions.count) { positions[$0] } }
            } else {
                walk(buffer.count) { $0 }
            }
        }
    }

    /// The entries, copied: for callers that keep them.
    var entries: [TimelineEntry] { positions.map { $0.map { all[$0] } } ?? all }
}
