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
    /// titles' when both are `plain`: every scalar below U+0300 (every byte
    /// below 0xCC) or a Greek or Cyrillic letter (`isInert`), and so already
    /// in the normal form (NFC) whose scalars String compares. Other titles
    /// are compared as Strings.
    struct OrderKey {
        let date: Int
        let head: UInt64, head2: UInt64
        let plain: Bool
        /// The entry's kind (as an index of `TimelineReader.kinds`) and its
        /// index among the file's entries of that kind, which order ties as
        /// `position` does; then, once placed, its position in the index.
        let kind: Int
        let index: Int
        var position: Int

        init(_ entry: borrowing TimelineEntry, kind: Int, index: Int) {
            date = entry.date.sortKey
            self.kind = kind
            self.index = index
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
        /// 0xCC) is a Greek or Cyrillic letter: like every scalar below
        /// U+0300, it is in NFC, has no combining class and is the second
        /// of no composition, so that a title of such scalars is already
        /// what String compares. Synthetic and real Greek and Cyrillic names
        /// were otherwise compared as Strings, fetching both entries.
        /// (Derived with Python's unicodedata; TimelineIndexTests holds the
        /// order to String's.)
        static func isInert(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
            let lead = u[i]
            guard lead >= 0xCE && lead <= 0xD4, i + 1 < u.count else { return false }
            let scalar = UInt32(lead & 0x1F) << 6 | UInt32(u[i + 1] & 0x3F)
            switch scalar {
            case 0x386, 0x388...0x38A, 0x38C, 0x38E...0x3A1, 0x3A3...0x3FF, 0x400...0x482, 0x48A...0x52F: return true
            default: return false
            }
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

        /// Gives each key its position in the index, from its kind and index.
        mutating func place(_ position: (Int, Int) -> Int) {
            for i in keys.indices { keys[i].position = position(keys[i].kind, keys[i].index) }
        }
    }

    /// One file's entries, by kind, sorted.
    static func sorted(_ entries: [[TimelineEntry]]) -> Run {
        var keys: [OrderKey] = []
        keys.reserveCapacity(entries.reduce(0) { $0 + $1.count })
        for (kind, list) in entries.enumerated() {
            list.withUnsafeBufferPointer { list in
                for i in list.indices { keys.append(OrderKey(list[i], kind: kind, index: i)) }
            }
        }
        keys.sort { a, b in
            OrderKey.precedes(a, b) { a, b in
                let (x, y) = (entries[a.kind][a.index].title, entries[b.kind][b.index].title)
                return x == y ? nil : x < y
            }
        }
        return Run(keys: keys)
    }

    /// The runs merged two by two into one order of positions in `entries`.
    /// Runs come from different files, so ties between them go by position.
    static func merged(_ runs: [Run], _ entries: [TimelineEntry]) -> [Int] {
        entries.withUnsafeBufferPointer { e in
            func titleBefore(_ a: OrderKey, _ b: OrderKey) -> Bool? {
                let (x, y) = (e[a.position].title, e[b.position].title)
                return x == y ? nil : x < y
            }
            var runs = runs.map(\.keys).filter { !$0.isEmpty }
            while runs.count > 1 {
                var next: [[OrderKey]] = []
                for pair in stride(from: 0, to: runs.count, by: 2) {
                    guard pair + 1 < runs.count else { next.append(runs[pair]); continue }
                    let (a, b) = (runs[pair], runs[pair + 1])
                    var out: [OrderKey] = []
                    out.reserveCapacity(a.count + b.count)
                    var i = 0, j = 0
                    while i < a.count && j < b.count {
                        let takeB = OrderKey.precedes(b[j], a[i]) { x, y in titleBefore(x, y) ?? (x.position < y.position) }
                        if takeB { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
                    }
                    out += a[i...]
                    out += b[j...]
                    next.append(out)
                }
                runs = next
            }
            return runs.first?.map(\.position) ?? []
        }
    }
}
