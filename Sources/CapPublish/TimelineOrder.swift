import CapBase
import CapRuntime

/// The chronological order of `Timeline.Index`: a coarser date sorts before
/// the days within it ("2017", then "Mar 2017", then "14 Mar 2017"), ties by
/// title, then in the order read.
///
/// Each file's entries are sorted on the thread that read them, and the
/// sorted runs merged. Each entry's date key and the first 16 bytes of its
/// title are taken once, so that most comparisons are of integers:
/// sorting positions by comparing the entries' Strings each time took a
/// third of the time of building the index.
extension Timeline.Index {
    /// What an entry is sorted on. `head` and `head2` are the title's first
    /// 16 bytes as big-endian integers, zero-padded. Their order is the
    /// titles' when both are `plain`: made of scalars NFC leaves alone
    /// (`NFCInertTable`), every one below U+0300 and most letters of the
    /// Basic Multilingual Plane, and so already in the normal form whose
    /// scalars String compares. Other titles are compared as Strings.
    struct OrderKey {
        let head: UInt64, head2: UInt64
        /// `CapDate.sortKey`: days of years 1 to 9999, times four.
        let date: Int32
        /// The entry's index among the file's entries of its kind, which
        /// with `kind` orders ties as `position` does; then, once placed,
        /// its position in the index. 32 bytes in all, not 56: sorting
        /// and merging move the keys themselves.
        let index: Int32
        var position: Int32
        /// An index of `TimelineReader.plans`.
        let kind: UInt8
        let plain: Bool

        init(_ entry: borrowing TimelineEntry, kind: Int, index: Int) {
            date = Int32(entry.sortKey)
            self.kind = UInt8(kind)
            self.index = Int32(index)
            position = -1
            var words: (UInt64, UInt64) = (0, 0)
            plain = entry.title.utf8.withContiguousStorageIfAvailable { u -> Bool in
                for i in u.indices {
                    let byte = u[i]
                    if byte >= 0xCC && !OrderKey.isInert(u, at: i) { return false }
                    if i < 8 {
                        words.0 |= UInt64(byte) << UInt64(56 - 8 * i)
                    } else if i < 16 {
                        words.1 |= UInt64(byte) << UInt64(120 - 8 * i)
                    }
                }
                return true
            } ?? false
            (head, head2) = words
        }

        /// Whether the scalar whose UTF-8 starts at `i` (a lead byte from
        /// 0xCC) is one NFC leaves alone. Arabic, Korean, Thai, Hebrew,
        /// Chinese titles and curly quotes were otherwise compared as
        /// Strings, fetching both entries: 7% of the titles of the synthetic
        /// corpus, and 0.04–0.07 of the ratio of the build's time to the
        /// check's (Benchmarks/README.md).
        static func isInert(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
            let lead = u[i]
            if lead < 0xE0 {
                guard i + 1 < u.count else { return false }
                return NFCInertTable.contains(UInt32(lead & 0x1F) << 6 | UInt32(u[i + 1] & 0x3F))
            }
            guard lead < 0xF0, i + 2 < u.count else { return false }
            return NFCInertTable.contains(UInt32(lead & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F))
        }

        /// Whether `a` comes before `b`, given the titles when the keys do
        /// not decide.
        @inline(__always)
        static func precedes(_ a: OrderKey, _ b: OrderKey, titleBefore: (OrderKey, OrderKey) -> Bool?) -> Bool {
            if a.date != b.date { return a.date < b.date }
            if a.plain && b.plain && (a.head != b.head || a.head2 != b.head2) {
                return a.head != b.head ? a.head < b.head : a.head2 < b.head2
            }
            if let before = titleBefore(a, b) { return before }
            return a.kind != b.kind ? a.kind < b.kind : a.index < b.index
        }
    }

    /// One file's keys, sorted.
    struct Run {
        var keys: [OrderKey]

        /// `keys` (made by `TimelineReader` for `entries`, by kind), sorted.
        init(sorting keys: [OrderKey], of entries: [[TimelineEntry]]) {
            self.keys = keys
            self.keys.sort { a, b in
                OrderKey.precedes(a, b) { a, b in
                    let (x, y) = (entries[Int(a.kind)][Int(a.index)].title, entries[Int(b.kind)][Int(b.index)].title)
                    return x == y ? nil : x < y
                }
            }
        }

        /// Gives each key its position in the index, from its kind and index.
        mutating func place(_ position: (Int, Int) -> Int) {
            for i in keys.indices { keys[i].position = Int32(position(Int(keys[i].kind), Int(keys[i].index))) }
        }
    }

    /// The runs merged into one order of positions in `entries`. Runs come
    /// from different files, so ties between them go by position.
    ///
    /// The merge is cut in two at a key, each half merged on its own
    /// thread: merged on one, it kept the other processor idle for 20 ms of
    /// a 500 ms build of 100,000 events.
    static func merged(_ runs: [Run], _ entries: [TimelineEntry], workers: Int) -> [Int] {
        let runs = runs.map { $0.keys[...] }.filter { !$0.isEmpty }
        guard let largest = runs.max(by: { $0.count < $1.count }) else { return [] }
        return entries.withUnsafeBufferPointer { e in
            func before(_ a: OrderKey, _ b: OrderKey) -> Bool {
                OrderKey.precedes(a, b) { x, y in
                    let (s, t) = (e[Int(x.position)].title, e[Int(y.position)].title)
                    return s == t ? x.position < y.position : s < t
                }
            }
            // Every key of the first half comes before the cut, a key of
            // the largest run; each run is cut where its keys stop coming
            // before it, found by bisection, since the order is total (ties
            // go by position) and each run is sorted. The cut itself is
            // found by bisection too, so that the halves are of equal size
            // however differently the runs' dates spread.
            func cuts(at key: OrderKey) -> [Int] { runs.map { $0.partitioningIndex { !before($0, key) } } }
            let total = runs.reduce(0) { $0 + $1.count }
            let middle = largest.partitioningIndex { key in
                zip(runs, cuts(at: key)).reduce(0) { $0 + $1.1 - $1.0.startIndex } >= total / 2
            }
            let cuts = cuts(at: largest[min(middle, largest.endIndex - 1)])
            let halves = [zip(runs, cuts).map { $0[..<$1] }, zip(runs, cuts).map { $0[$1...] }]
            let merged = DeepStack.map(costs: halves.map { $0.reduce(0) { $0 + $1.count } }, workers: workers) { half in
                mergedPairwise(halves[half], before: before)
            }
            return merged[0] + merged[1]
        }
    }

    /// Sorted runs merged two by two, as positions.
    private static func mergedPairwise(_ runs: [ArraySlice<OrderKey>], before: (OrderKey, OrderKey) -> Bool) -> [Int] {
        var runs = runs.filter { !$0.isEmpty }
        while runs.count > 1 {
            var next: [ArraySlice<OrderKey>] = []
            for pair in stride(from: 0, to: runs.count, by: 2) {
                guard pair + 1 < runs.count else { next.append(runs[pair]); continue }
                let (a, b) = (runs[pair], runs[pair + 1])
                var out: [OrderKey] = []
                out.reserveCapacity(a.count + b.count)
                var i = a.startIndex, j = b.startIndex
                while i < a.endIndex && j < b.endIndex {
                    if before(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
                }
                out += a[i...]
                out += b[j...]
                next.append(out[...])
            }
            runs = next
        }
        return runs.first?.map { Int($0.position) } ?? []
    }
}
