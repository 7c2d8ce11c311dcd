import CapBase
import CapSyntax

/// Whether two syntax trees say the same thing, trivia aside: the same
/// items in the same order, the same fields with the same values spelt the
/// same way, the same statements with the same expressions, and the same
/// comments in the same order. Positions, spaces, line breaks and `;` do
/// not count. The formatter holds its output to this before giving it out.
///
/// Both trees must have been parsed with one interner, so that symbols
/// compare as numbers.
struct TreeComparison {
    let a: SyntaxTree, aBytes: UnsafeBufferPointer<UInt8>
    let b: SyntaxTree, bBytes: UnsafeBufferPointer<UInt8>

    /// The first difference found, in words, or nil when there is none.
    func difference() -> String? {
        guard a.includes.count == b.includes.count, a.entities.count == b.entities.count,
              a.statements.count == b.statements.count, a.items == b.items else { return "the items differ" }
        for (x, y) in zip(a.includes, b.includes) where !same(x.pathStart, x.pathEnd, y.pathStart, y.pathEnd) {
            return "an include's path differs"
        }
        for (x, y) in zip(a.entities, b.entities) {
            guard x.kindIndex == y.kindIndex, x.id == y.id, x.hasName == y.hasName,
                  same(x.kindStart, x.kindEnd, y.kindStart, y.kindEnd),
                  same(x.nameStart, x.nameEnd, y.nameStart, y.nameEnd) else { return "the header of an entity differs" }
            if let d = block(a.blocks[Int(x.block)], b.blocks[Int(y.block)]) { return d }
        }
        for (x, y) in zip(a.statements, b.statements) {
            if let d = statement(x, y) { return d }
        }
        guard a.comments.count == b.comments.count else { return "the number of comments differs" }
        for (x, y) in zip(a.comments, b.comments) where !same(trimmed(x, aBytes), trimmed(y, bBytes)) {
            return "a comment differs"
        }
        return nil
    }

    private func block(_ x: BlockNode, _ y: BlockNode) -> String? {
        guard x.fieldCount == y.fieldCount else { return "a block's fields differ" }
        for (f, g) in zip(a.fields(of: x), b.fields(of: y)) {
            guard f.name == g.name, f.isDamaged == g.isDamaged, f.valueCount == g.valueCount else {
                return "a field differs"
            }
            for (v, w) in zip(a.values(of: f), b.values(of: g)) {
                guard v.kind == w.kind else { return "a value's kind differs" }
                switch v.kind {
                case .block:
                    if let d = block(a.blocks[Int(v.payload)], b.blocks[Int(w.payload)]) { return d }
                case .range:
                    let (p, q) = (a.ranges[Int(v.payload)], b.ranges[Int(w.payload)])
                    guard p.low.kind == q.low.kind, p.high.kind == q.high.kind,
                          same(p.low.start, p.low.end, q.low.start, q.low.end),
                          same(p.high.start, p.high.end, q.high.start, q.high.end) else { return "a range differs" }
                case .date:
                    // The formatter writes one space after a qualifier word (`about 2019`).
                    func words(_ bytes: UnsafeBufferPointer<UInt8>, _ v: ValueNode) -> [[UInt8]] {
                        bytes[Int(v.start)..<Int(v.end)].split(separator: UInt8(ascii: " ")).map(Array.init)
                    }
                    guard words(aBytes, v) == words(bBytes, w) else { return "a value differs" }
                default:
                    guard v.payload == w.payload, same(v.start, v.end, w.start, w.end) else { return "a value differs" }
                }
            }
        }
        return nil
    }

    private func statement(_ x: Statement, _ y: Statement) -> String? {
        switch (x.kind, y.kind) {
        case let (.binding(n, _, p, e), .binding(m, _, q, f)):
            return n == m && p == q && same(e, f) ? nil : "a let differs"
        case let (.assertion(e, s), .assertion(f, t)):
            return s == t && same(e, f) ? nil : "an assert differs"
        case let (.print(e), .print(f)), let (.expression(e), .expression(f)):
            return same(e, f) ? nil : "a statement differs"
        default:
            return "a statement's kind differs"
        }
    }

    /// The same expression, ranges aside. Parentheses leave no node, so
    /// `(a + b) * c` and `a + b * c` differ here by their shape.
    private func same(_ x: Expr, _ y: Expr) -> Bool {
        switch (x.kind, y.kind) {
        case let (.integer(p), .integer(q)): return p == q
        case let (.decimal(p), .decimal(q)): return p == q
        case let (.string(p), .string(q)): return p == q
        case let (.interpolation(p), .interpolation(q)):
            guard p.count == q.count else { return false }
            for (u, v) in zip(p, q) {
                switch (u, v) {
                case let (.text(s), .text(t)): if s != t { return false }
                case let (.expr(e), .expr(f)): if !same(e, f) { return false }
                default: return false
                }
            }
            return true
        case let (.boolean(p), .boolean(q)): return p == q
        case (.none, .none), (.it, .it), (.error, .error): return true
        case let (.date(p), .date(q)): return p == q
        case let (.dateTime(p), .dateTime(q)): return p == q
        case let (.dateRange(p, r), .dateRange(q, s)): return p == q && r == s
        case let (.name(p), .name(q)): return p == q
        case let (.member(e, p, _), .member(f, q, _)): return p == q && same(e, f)
        case let (.call(p, es, _), .call(q, fs, _)): return p == q && same(es, fs)
        case let (.unary(p, e), .unary(q, f)): return p == q && same(e, f)
        case let (.binary(p, e, g), .binary(q, f, h)): return p == q && same(e, f) && same(g, h)
        case let (.list(es), .list(fs)): return same(es, fs)
        case let (.record(es), .record(fs)):
            return es.count == fs.count && zip(es, fs).allSatisfy { $0.0 == $1.0 && same($0.1, $1.1) }
        case let (.pipeline(e, ss), .pipeline(f, ts)):
            guard same(e, f), ss.count == ts.count else { return false }
            return zip(ss, ts).allSatisfy { s, t in
                s.name == t.name && s.descending == t.descending && same(s.arguments, t.arguments)
            }
        default: return false
        }
    }

    private func same(_ xs: [Expr], _ ys: [Expr]) -> Bool {
        xs.count == ys.count && zip(xs, ys).allSatisfy { same($0, $1) }
    }

    private func same(_ s: UInt32, _ e: UInt32, _ t: UInt32, _ f: UInt32) -> Bool {
        same(aBytes[Int(s)..<Int(e)], bBytes[Int(t)..<Int(f)])
    }

    private func same(_ x: Slice<UnsafeBufferPointer<UInt8>>, _ y: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        x.count == y.count && x.elementsEqual(y)
    }

    private func trimmed(_ r: Range<UInt32>, _ bytes: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var end = Int(r.upperBound)
        while end > Int(r.lowerBound), bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return bytes[Int(r.lowerBound)..<end]
    }
}
