@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL
import FuzzSupport

/// The parser on any bytes, both as a data file (`cap check`) and as the
/// REPL and `cap eval` read it (a bare expression is a statement). Every
/// node and diagnostic must lie inside the file, and nodes must point at
/// nodes that exist. (Diagnostics are rendered by the checker target.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    Fuzz.onDeepStack {
        for allowingExpressions in [false, true] {
            let workspace = Fuzz.workspace(bytes, allowingExpressions: allowingExpressions)
            checkTree(workspace.tree(0), size: UInt32(size))
            Fuzz.checkRanges(workspace)
        }
    }
    return 0
}

func checkTree(_ tree: SyntaxTree, size: UInt32) {
    func inside(_ start: UInt32, _ end: UInt32, _ what: String) {
        precondition(start <= end && end <= size, "\(what) at \(start)..<\(end) of \(size) bytes")
    }
    for n in tree.includes {
        inside(n.keywordStart, n.pathStart, "include keyword")
        inside(n.pathStart, n.pathEnd, "include path")
    }
    for e in tree.entities {
        inside(e.kindStart, e.kindEnd, "entity kind")
        inside(e.idStart, e.idEnd, "entity id")
        inside(e.nameStart, e.nameEnd, "entity name")
        inside(e.kindStart, e.end, "entity")
        precondition(Int(e.block) < tree.blocks.count, "entity block \(e.block) of \(tree.blocks.count)")
    }
    for b in tree.blocks {
        inside(b.start, b.end, "block")
        precondition(Int(b.firstField) + Int(b.fieldCount) <= tree.fields.count, "block fields past the end")
        for f in tree.fields(of: b) { precondition(f.nameStart >= b.start && f.nameEnd <= b.end, "field outside its block") }
    }
    for f in tree.fields {
        inside(f.nameStart, f.nameEnd, "field name")
        precondition(Int(f.firstValue) + Int(f.valueCount) <= tree.values.count, "field values past the end")
    }
    func checkValue(_ v: ValueNode) {
        inside(v.start, v.end, "\(v.kind) value")
        switch v.kind {
        case .block: precondition(Int(v.payload) < tree.blocks.count, "record block \(v.payload) of \(tree.blocks.count)")
        case .range: precondition(Int(v.payload) < tree.ranges.count, "range \(v.payload) of \(tree.ranges.count)")
        default: break
        }
    }
    for v in tree.values { checkValue(v) }
    for r in tree.ranges {
        checkValue(r.low)
        checkValue(r.high)
    }
    for s in tree.statements { inside(s.range.start, s.range.end, "statement") }
    var commentEnd: UInt32 = 0
    for c in tree.comments {
        precondition(c.lowerBound >= commentEnd, "comments out of order")
        inside(c.lowerBound, c.upperBound, "comment")
        commentEnd = c.upperBound
    }
    _ = tree.items
}
