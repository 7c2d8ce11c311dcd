/// A unified diff of two texts, line by line, as `diff -u` prints it:
/// `---`/`+++` headers, then hunks with three lines of context. The edit
/// script is Myers' shortest one (E. Myers, "An O(ND) difference algorithm",
/// 1986), after the common first and last lines are set aside; past
/// `maxEdits` differing lines the rest is shown as one replacement, so a
/// file rewritten whole costs no more than its size.
public enum UnifiedDiff {
    static let context = 3
    static let maxEdits = 4_000

    /// "" when the texts are equal.
    public static func render(_ old: String, _ new: String, oldName: String, newName: String) -> String {
        let a = lines(old), b = lines(new)
        guard a != b else { return "" }
        let script = edits(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Group the edits into hunks: changes closer than twice the context
        // share one.
        var i = 0
        while i < script.count {
            guard script[i].kind != .same else { i += 1; continue }
            var end = i
            var j = i
            while j < script.count {
                if script[j].kind != .same { end = j; j += 1; continue }
                var run = j
                while run < script.count, script[run].kind == .same { run += 1 }
                if run < script.count, run - j <= 2 * context { j = run; continue }
                break
            }
            let first = max(0, i - context), last = min(script.count - 1, end + context)
            let hunk = script[first...last]
            let oldStart = hunk.first!.oldLine, newStart = hunk.first!.newLine
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for e in hunk {
                switch e.kind {
                case .same: out += " " + shown(a[e.oldLine])
                case .delete: out += "-" + shown(a[e.oldLine])
                case .insert: out += "+" + shown(b[e.newLine])
                }
            }
            i = last + 1
        }
        return out
    }

    /// `l,s` of a hunk header, one-based; a hunk with no line of a side
    /// gives the line before it.
    static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start),0" : count == 1 ? "\(start + 1)" : "\(start + 1),\(count)"
    }

    /// The lines of a text; a last line without a line end is marked with
    /// a NUL (which no .cap text holds), so that it differs from the same
    /// line with one, as in `diff`.
    static func lines(_ text: String) -> [Substring] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        if parts.last == "" { parts.removeLast() } else if let last = parts.popLast() { parts.append(Substring(last + "\u{0}")) }
        return parts
    }

    static func shown(_ line: Substring) -> String {
        line.hasSuffix("\u{0}") ? line.dropLast() + "\n\\ No newline at end of file\n" : line + "\n"
    }

    enum Kind { case same, delete, insert }

    /// One line of the script: kept, deleted from `a` or inserted from `b`,
    /// with the index each side is at.
    struct Edit {
        var kind: Kind
        var oldLine: Int
        var newLine: Int
    }

    static func edits(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var script: [Edit] = (0..<prefix).map { Edit(kind: .same, oldLine: $0, newLine: $0) }
        let x = a[prefix..<(a.count - suffix)], y = b[prefix..<(b.count - suffix)]
        script += middle(Array(x), Array(y), offsetA: prefix, offsetB: prefix)
        script += (0..<suffix).map { Edit(kind: .same, oldLine: a.count - suffix + $0, newLine: b.count - suffix + $0) }
        return script
    }

    /// Myers' greedy forward search, keeping each round's frontier to walk
    /// the path back.
    static func middle(_ a: [Substring], _ b: [Substring], offsetA: Int, offsetB: Int) -> [Edit] {
        let n = a.count, m = b.count
        func replaceAll() -> [Edit] {
            (0..<n).map { Edit(kind: .delete, oldLine: offsetA + $0, newLine: offsetB) }
                + (0..<m).map { Edit(kind: .insert, oldLine: offsetA + n, newLine: offsetB + $0) }
        }
        if n == 0 || m == 0 { return replaceAll() }
        let limit = min(n + m, maxEdits)
        // v[k + limit]: the furthest x on diagonal k; trace[d]: v's values
        // for k in -d...d after round d.
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = -1
        search: for d in 0...limit {
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[k - 1 + limit + 1] < v[k + 1 + limit + 1]) {
                    x = v[k + 1 + limit + 1]
                } else {
                    x = v[k - 1 + limit + 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[k + limit + 1] = x
                if x >= n && y >= m {
                    trace.append(Array(v[(limit + 1 - d)...(limit + 1 + d)]))
                    found = d
                    break search
                }
                k += 2
            }
            trace.append(Array(v[(limit + 1 - d)...(limit + 1 + d)]))
        }
        guard found >= 0 else { return replaceAll() }
        // Back from (n, m) through the rounds.
        var result: [Edit] = []
        var x = n, y = m
        for d in stride(from: found, through: 1, by: -1) {
            let previous = trace[d - 1]
            func at(_ k: Int) -> Int { previous[k + d - 1] }
            let k = x - y
            let prevK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let prevX = at(prevK), prevY = prevX - prevK
            while x > prevX && y > prevY {
                x -= 1; y -= 1
                result.append(Edit(kind: .same, oldLine: offsetA + x, newLine: offsetB + y))
            }
            if x == prevX {
                y -= 1
                result.append(Edit(kind: .insert, oldLine: offsetA + x, newLine: offsetB + y))
            } else {
                x -= 1
                result.append(Edit(kind: .delete, oldLine: offsetA + x, newLine: offsetB + y))
            }
        }
        while x > 0 && y > 0 {
            x -= 1; y -= 1
            result.append(Edit(kind: .same, oldLine: offsetA + x, newLine: offsetB + y))
        }
        return result.reversed()
    }
}
