import Cap
import FuzzSupport

/// The whole pipeline on any bytes, as the commands run it: `cap check`
/// (data rules included) and its reports as JSON and GitHub annotations
/// (the checker target renders the text); then, when the
/// data has no errors (the commands publish nothing otherwise), `cap run`
/// with every value format, `cap build` of the outputs the data declares,
/// and what `cap report` and `cap timeline` write in each of their formats.
///
/// The map formats are reached through `cap build` only, when the data
/// declares a map (the seeds declare one in each format): every map holds a
/// row for each of some 250 jurisdictions whatever the input, and rendering
/// them for every input would cut the executions per second tenfold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    Fuzz.onDeepStack {
        let workspace = Fuzz.workspace(Fuzz.bytes(data, size))
        let program = workspace.check(runningRules: true, today: Fuzz.today, evaluationLimits: Fuzz.limits)
        if !workspace.diagnostics.hasErrors {
            publish(program)
        }
        Fuzz.checkRanges(workspace)
        // Text is the checker target's: here it was a fifth of each run.
        Fuzz.renderDiagnostics(workspace, formats: [.json, .github])
    }
    return 0
}

func publish(_ program: Program) {
    let model = program.model
    let formatter = ValueFormatter(entities: model)
    program.run { value in
        _ = formatter.inline(value)
        _ = formatter.text(value)
        _ = formatter.json(value)
        _ = formatter.csv(value)
    }
    var paths: Set<String> = []
    for output in Build.outputs(program, today: Fuzz.today, stamp: Fuzz.stamp) {
        precondition(paths.insert(output.path).inserted, "two outputs written to '\(output.path)'")
    }

    // `cap report --period 2000..2026`: wide enough for the seeds' dates.
    let report = Report(model, from: try! CapDate(year: 2000), to: Fuzz.today)
    // Every format, as `cap report` and `cap timeline` write them, from the
    // one list of formats.
    for format in OutputFormat.formats(of: .report) { _ = format.text(report: report) }
    let entries = Timeline.entries(model)
    for format in OutputFormat.formats(of: .timeline) {
        _ = format.text(timeline: entries, title: "Timeline", stamp: Fuzz.stamp)
    }
}
