/// "Did you mean …?" support: Damerau–Levenshtein (optimal string alignment)
/// distance, as swift-argument-parser and rustc use for suggestions.
public enum EditDistance {
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.lowercased().unicodeScalars), Array(b.lowercased().unicodeScalars))
    }

    /// The distance between two scalar sequences, or `bound + 1` as soon as
    /// it must exceed `bound`. Suggestions only want distances of 3 or less,
    /// and a name index compares a misspelling with thousands of keys, most of
    /// them far off. So only the cells within `bound` of the diagonal are
    /// computed (a cell further off costs more than `bound` edits to reach,
    /// Ukkonen's band), the rows live on the stack, and the work stops once
    /// two rows in a row are over the bound (a transposition reaches back
    /// two rows, so every later row is then over too).
    package static func distance(_ s: [Unicode.Scalar], _ t: [Unicode.Scalar], bound: Int = .max) -> Int {
        let over = bound < Int.max ? bound + 1 : bound
        if abs(s.count - t.count) > bound { return over }
        if s.isEmpty { return min(t.count, over) }
        if t.isEmpty { return min(s.count, over) }
        let width = t.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            var prev2 = rows.baseAddress!, prev = prev2 + width, cur = prev + width
            for j in 0..<width { prev2[j] = over; prev[j] = min(j, over); cur[j] = over }
            var prevMin = 0
            for i in 1...s.count {
                // Cells just outside the band read as over the bound, so the
                // next row never sees a stale value from two rows back.
                let low = i > bound ? i - bound : 1
                let high = bound >= t.count - i ? t.count : i + bound
                cur[low - 1] = low == 1 ? min(i, over) : over
                if high < t.count { cur[high + 1] = over }
                var rowMin = cur[low - 1]
                // The lengths differ by at most `bound`, so low ≤ t.count and low ≤ high.
                for j in low...high {
                    let cost = s[i - 1] == t[j - 1] ? 0 : 1
                    var d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                    if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                        d = min(d, prev2[j - 2] + 1)
                    }
                    d = min(d, over)
                    cur[j] = d
                    rowMin = min(rowMin, d)
                }
                if rowMin > bound, prevMin > bound { return over }
                prevMin = rowMin
                (prev2, prev, cur) = (prev, cur, prev2)
            }
            return min(prev[t.count], over)
        }
    }

    /// The candidates close enough to `word` to be worth suggesting, best
    /// first. "Close" scales with length so short words are not matched to
    /// everything.
    public static func suggestions<S: Sequence>(for word: String, among candidates: S, limit: Int = 3) -> [String]
    where S.Element == String {
        // Short words are within one edit of too much to be worth suggesting.
        let n = word.count
        let threshold = n <= 2 ? 0 : n <= 5 ? 1 : min(3, n / 3)
        var scored: [(String, Int)] = []
        let lower = word.lowercased(), scalars = Array(lower.unicodeScalars)
        for c in candidates {
            let other = c.lowercased()
            if other == lower { scored.append((c, 0)); continue }
            // Cheap length filter before the quadratic distance.
            if abs(c.count - n) > threshold { continue }
            let d = distance(scalars, Array(other.unicodeScalars), bound: threshold)
            if d <= threshold { scored.append((c, d)) }
        }
        scored.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        var seen = Set<String>()
        var out: [String] = []
        for (c, _) in scored where seen.insert(c).inserted {
            out.append(c)
            if out.count == limit { break }
        }
        return out
    }
}
