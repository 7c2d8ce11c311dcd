@testable import CapBase
@testable import CapSyntax
import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapTooling
import FuzzSupport

/// `cap fmt` on any bytes. A file that does not parse must come back
/// untouched (no output, its diagnostics); one that parses must come back
/// formatted, and then: the formatter's own check never refuses (E0901 is
/// a bug), formatting the output again changes nothing, every comment of
/// the input is in the output in order (trailing spaces aside), and the
/// output gives the same analysis as the input (`AnalysisComparison`:
/// entities and diagnostics, positions aside).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFmt(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    Fuzz.onDeepStack {
        let result = Formatter.format(SourceFile(id: 0, path: "fuzz.cap", bytes: bytes))
        precondition(!result.diagnostics.contains { $0.code == .formatterFailed },
                     "the formatter refused its own output: \(result.diagnostics.map(\.message))")
        guard let output = result.output else {
            precondition(!result.changed && !result.diagnostics.isEmpty, "no output and no reason")
            return
        }
        precondition(result.changed == (output != bytes), "changed says \(result.changed)")
        let again = Formatter.format(SourceFile(id: 0, path: "fuzz.cap", bytes: output))
        precondition(again.output == output && !again.changed, "formatting twice changes the text")
        precondition(comments(bytes) == comments(output), "the comments differ")
        if result.changed {
            let difference = AnalysisComparison.difference(text: bytes, formatted: output, name: "fuzz.cap", today: Fuzz.today)
            precondition(difference == nil, "the analysis differs: \(difference ?? "")")
        }
    }
    return 0
}

/// The comments' texts as the parser records them, trailing spaces aside.
func comments(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var bag = DiagnosticBag()
    let tree = Parser.parse(SourceFile(id: 0, path: "c.cap", bytes: bytes), vocabulary: .builtIn,
                            interner: Interner(capacity: 64), diagnostics: &bag)
    return tree.comments.map { r in
        var end = Int(r.upperBound)
        while end > Int(r.lowerBound), bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return bytes[Int(r.lowerBound)..<end]
    }
}

