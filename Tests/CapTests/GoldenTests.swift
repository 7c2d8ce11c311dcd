import Foundation
import Testing
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL

/// The published outputs of Examples/ stay as they were unless someone means
/// to change them: each is compared byte for byte with Tests/Golden/. After a
/// deliberate change, re-record with `CAP_RECORD_GOLDEN=1 swift test --filter Golden`
/// and review the diff like any other.
@Suite struct GoldenTests {
    static let golden = EndToEndTests.packageRoot.appendingPathComponent("Tests/Golden")
    static let recording = ProcessInfo.processInfo.environment["CAP_RECORD_GOLDEN"] == "1"

    /// A fixed day and stamp: outputs must not depend on when tests run.
    static func outputs() -> [Build.Output] {
        let ws = Workspace.load(paths: [EndToEndTests.packageRoot.appendingPathComponent("Examples").path])
        let today = try! CapDate.parse("2021-12-31")
        let program = ws.check(today: today)
        #expect(!ws.diagnostics.hasErrors)
        return Build.outputs(program, today: today, stamp: try! CapDateTime.parse("2022-01-01 00:00 UTC"))
    }

    @Test func examplesDeclareTheirOutputs() {
        #expect(Set(Self.outputs().map(\.path)).count == 9)
    }

    /// Examples/ has an HTML and a Markdown report of 2017, and the
    /// coalition's figures for 2017 differ from the data: each difference is
    /// one warning, not one per report, given by the check and not again by
    /// the build.
    @Test func declaredFiguresAreReportedOncePerPeriod() {
        let ws = Workspace.load(paths: [EndToEndTests.packageRoot.appendingPathComponent("Examples").path])
        let today = try! CapDate.parse("2021-12-31")
        let program = ws.check(today: today)
        func figures() -> [String] { ws.diagnostics.sorted().filter { $0.code == .declaredFigure }.map(\.message) }
        let checked = figures()
        #expect(checked.count == 5)
        #expect(Set(checked).count == checked.count, "\(checked)")
        let outputs = Build.outputs(program, today: today, stamp: try! CapDateTime.parse("2022-01-01 00:00 UTC"))
        #expect(outputs.filter { $0.path.hasPrefix("annual-report-2017") }.count == 2)
        #expect(figures() == checked)
    }

    /// `cap build` checks with `Build.check`, which reads the timeline while
    /// the checker runs and hands the build the report periods the check
    /// made to compare the declared figures: its outputs are the golden ones.
    @Test func theBuildsPathGivesTheSameOutputs() {
        let ws = Workspace.load(paths: [EndToEndTests.packageRoot.appendingPathComponent("Examples").path])
        let today = try! CapDate.parse("2021-12-31")
        let (program, entries) = Build.check(ws, today: today)
        #expect(!ws.diagnostics.hasErrors)
        let built = Build.outputs(program, today: today, stamp: try! CapDateTime.parse("2022-01-01 00:00 UTC"), entries: entries)
        let plain = Self.outputs()
        #expect(built.map(\.path) == plain.map(\.path))
        for (b, p) in zip(built, plain) { #expect(b.bytes == p.bytes, "\(b.path)") }
    }

    @Test("golden output", arguments: outputs().map(\.path))
    func output(_ path: String) throws {
        let produced = try #require(Self.outputs().first { $0.path == path }).text
        let file = Self.golden.appendingPathComponent(path)
        if Self.recording {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try produced.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(produced == expected, "\(path) differs from Tests/Golden/\(path); re-record with CAP_RECORD_GOLDEN=1 if the change is meant")
    }
}
