// `@testable`: the lexer and `Workspace.parse` (the loader's own byte path)
// are internal to Cap. The fuzz build compiles Cap with -enable-testing.
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL
import FuzzMemory
#if canImport(Glibc)
import Glibc
#endif

/// What the fuzz targets share.
///
/// Each target turns libFuzzer's bytes into a file exactly as `Workspace.load`
/// would read it from disk (no decoding, no validation: invalid UTF-8 reaches
/// the lexer as is), runs one stage of cap on it, and then checks properties
/// that must hold for any input. A broken property is a `precondition`
/// failure, which libFuzzer reports as a crash with the input that caused it.
public enum Fuzz {
    /// Cases are evaluated on a fixed day, so a finding reproduces any day.
    public static let today = try! CapDate(year: 2026, month: 1, day: 1)
    /// The evaluation budgets scaled down, so that "every input finishes
    /// within 1 s" (run.sh's -timeout=1) is a property of cap and not of
    /// the budget's size: whatever costs more than its steps, its values or
    /// its text (as equality over shared lists, printing and `contains` on
    /// long strings once did, issue 28) stands out as a hang. The pipeline
    /// target evaluates scripts with them.
    public static let limits: Evaluator.Limits = {
        var limits = Evaluator.Limits()
        limits.maxSteps = 200_000
        limits.maxValues = 200_000
        limits.maxTextBytes = 4 << 20
        return limits
    }()

    /// DTSTAMP of the iCalendar output, fixed for the same reason.
    public static let stamp = try! CapDateTime.parse("2026-01-01 00:00:00 UTC")

    /// libFuzzer's input, copied: `SourceFile` owns its bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Runs one input's work on the deep stack cap runs it on (`DeepStack`),
    /// always the same thread: parsing, checking and evaluating would each
    /// make a thread of their own, and even one per input costs more than
    /// a small input's check under ASan (fresh stack pages, thread
    /// bookkeeping, and some 180 bytes ASan keeps per ended thread, which
    /// over millions of inputs would look like a leak in cap). Inside, the
    /// work is already on a deep stack, so cap's own `DeepStack.run` calls
    /// run in place.
    ///
    /// The input's heap is counted meanwhile (`FuzzMemory`): past
    /// `memoryLimit` bytes the process aborts on the allocation that passed
    /// it, and libFuzzer keeps the input as a crash. At exit the largest
    /// heap any input held is printed, for the record in Fuzz/README.md.
    public static func onDeepStack(_ body: () -> Void) {
        withMemoryLimit { withoutActuallyEscaping(body) { DeepStackWorker.shared.run($0) } }
    }

    /// Runs `body` with its heap counted against `memoryLimit` (the lexer
    /// target, which needs no deep stack, calls it directly).
    public static func withMemoryLimit(_ body: () -> Void) {
        fuzz_memory_arm(memoryLimit)
        body()
        fuzz_memory_disarm()
    }

    /// The bound for one input: 256 MB of heap (issue 28).
    /// FUZZ_MEMORY_LIMIT_MB lowers it, to see the check catch an input
    /// (`FUZZ_MEMORY_LIMIT_MB=1 Fuzz/.build/release/fuzz-script FILE`).
    public static let memoryLimit: Int = {
        if let text = getenv("FUZZ_MEMORY_LIMIT_MB"), let mb = Int(String(cString: text)), mb > 0 { return mb << 20 }
        return 256 << 20
    }()

    /// A workspace holding `bytes` as one file, added and parsed the way the
    /// loader adds and parses a file it has read (`loadTopLevel`).
    public static func workspace(_ bytes: [UInt8], allowingExpressions: Bool = false) -> Workspace {
        let workspace = Workspace()
        workspace.parse(workspace.sources.add(path: "fuzz.cap", canonicalPath: "/fuzz/fuzz.cap", bytes: bytes),
                        allowingExpressions: allowingExpressions)
        return workspace
    }

    /// A workspace holding `data` as a data file and `script` beside it as
    /// `cap run` and the REPL read a script (a bare expression is a statement).
    public static func workspace(data: [UInt8], script: [UInt8]) -> Workspace {
        let workspace = Workspace()
        workspace.parse(workspace.sources.add(path: "data.cap", canonicalPath: "/fuzz/data.cap", bytes: data))
        workspace.parse(workspace.sources.add(path: "script.cap", canonicalPath: "/fuzz/script.cap", bytes: script),
                        allowingExpressions: true)
        return workspace
    }

    /// A diagnostic must point inside a loaded file, with its start before
    /// its end: the renderers slice the file's bytes at these offsets.
    public static func checkRanges(_ workspace: Workspace) {
        func check(_ range: SourceRange?, _ what: @autoclosure () -> String) {
            guard let range else { return }
            precondition(Int(range.file) < workspace.sources.files.count, "\(what()): no file \(range.file)")
            let count = workspace.sources[range.file].bytes.count
            precondition(range.start <= range.end && Int(range.end) <= count,
                         "\(what()): range \(range.start)..<\(range.end) in a file of \(count) bytes")
        }
        for d in workspace.diagnostics.diagnostics {
            check(d.range, "\(d.code.id) \(d.message)")
            for note in d.notes { check(note.range, "note of \(d.code.id) \(note.message)") }
            for fix in d.fixIts { check(fix.range, "fix-it of \(d.code.id)") }
        }
    }

    /// The diagnostics as `cap check` prints them (at most 100, the default
    /// of --max-diagnostics; `checkRanges` covers the rest) in `formats`:
    /// excerpts, carets and columns are computed from the ranges.
    public static func renderDiagnostics(_ workspace: Workspace, formats: [DiagnosticReport.Format]) {
        for format in formats {
            let text = DiagnosticReport(format: format, maxShown: 100, palette: format == .text ? .ansi : .plain)
                .render(workspace.diagnostics, sources: workspace.sources, fileCount: workspace.fileCount)
            precondition(!text.isEmpty, "the \(format) report ends with a summary line")
        }
    }
}
