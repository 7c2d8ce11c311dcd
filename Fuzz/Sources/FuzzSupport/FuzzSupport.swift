// `@testable`: the lexer and `Workspace.parse` (the loader's own byte path)
// are internal to Cap. The fuzz build compiles Cap with -enable-testing.
@testable import Cap

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
    /// DTSTAMP of the iCalendar output, fixed for the same reason.
    public static let stamp = try! CapDateTime.parse("2026-01-01 00:00:00 UTC")

    /// libFuzzer's input, copied: `SourceFile` owns its bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Runs one input's work on one deep-stack thread. Parsing, checking and
    /// evaluating each run on `DeepStack` (as they do in cap), and each would
    /// otherwise make a thread of its own; nested, they run in place. Under
    /// ASan every thread ends leaving a little bookkeeping behind (some 180
    /// bytes), which over millions of inputs would look like a leak in cap.
    public static func onDeepStack(_ body: () -> Void) {
        DeepStack.run(body)
    }

    /// A workspace holding `bytes` as one file, added and parsed the way the
    /// loader adds and parses a file it has read (`loadTopLevel`).
    public static func workspace(_ bytes: [UInt8], allowingExpressions: Bool = false) -> Workspace {
        let workspace = Workspace()
        workspace.parse(workspace.sources.add(path: "fuzz.cap", canonicalPath: "/fuzz/fuzz.cap", bytes: bytes),
                        allowingExpressions: allowingExpressions)
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
    /// of --max-diagnostics; `checkRanges` covers the rest), in colour, and
    /// with `allFormats` as JSON and GitHub annotations too: excerpts, carets
    /// and columns are computed from the ranges.
    public static func renderDiagnostics(_ workspace: Workspace, allFormats: Bool) {
        for format in allFormats ? DiagnosticReport.Format.allCases : [.text] {
            let text = DiagnosticReport(format: format, maxShown: 100, palette: format == .text ? .ansi : .plain)
                .render(workspace.diagnostics, sources: workspace.sources, fileCount: workspace.fileCount)
            precondition(!text.isEmpty, "the \(format) report ends with a summary line")
        }
    }
}
