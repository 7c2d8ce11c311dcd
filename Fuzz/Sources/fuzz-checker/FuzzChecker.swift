import Cap
import FuzzSupport

/// The checker on any bytes: `cap check`, data rules included. Whatever the
/// input, the check ends, its diagnostics point inside the file, and they
/// render in every format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChecker(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let workspace = Fuzz.workspace(Fuzz.bytes(data, size))
    workspace.check(runningRules: true, today: Fuzz.today)
    Fuzz.checkRanges(workspace)
    Fuzz.renderDiagnostics(workspace)
    return 0
}
