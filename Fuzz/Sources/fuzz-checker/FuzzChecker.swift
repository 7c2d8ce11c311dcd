import Cap
import FuzzSupport

/// The checker on any bytes: `cap check`, data rules included. Whatever the
/// input, the check ends, its diagnostics point inside the file, and they
/// render as `cap check` prints them (the pipeline target renders the other
/// formats).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChecker(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    Fuzz.onDeepStack {
        let workspace = Fuzz.workspace(Fuzz.bytes(data, size))
        workspace.check(runningRules: true, today: Fuzz.today)
        Fuzz.checkRanges(workspace)
        Fuzz.renderDiagnostics(workspace, formats: [.text])
    }
    return 0
}
