/// "Did you mean …?" support: Damerau–Levenshtein (optimal string alignment)
/// distance, as swift-argument-parser and rustc use for suggestions.
public enum EditDistance {
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased().unicodeScalars), t = Array(b.lowercased().unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var prev2 = [Int](repeating: 0, count: t.count + 1)
        var prev = Array(0...t.count)
        var cur = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            cur[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[t.count]
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
        let lower = word.lowercased()
        for c in candidates {
            if c.lowercased() == lower { scored.append((c, 0)); continue }
            // Cheap length filter before the quadratic distance.
            if abs(c.count - word.count) > threshold { continue }
            let d = distance(word, c)
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
