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
/// to change them: `cap build` — the built binary, as a user runs it — writes
/// them, and each is compared byte for byte (as bytes, not as text: composed
/// and decomposed accents, or a byte replaced by U+FFFD, are differences)
/// with Tests/Golden/.
///
/// After a deliberate change, re-record with
/// `CAP_RECORD_GOLDEN=1 swift test --skip-build --filter Golden`: every golden
/// test then writes its file and fails, saying so, so that a recording run
/// can never pass for a check. Review the diff like any other, then run the
/// tests again without the variable. CI (.ci/run) refuses to run with the
/// variable set and fails if Tests/Golden differs from git after the tests.
@Suite struct GoldenTests {
    static let golden = EndToEndTests.packageRoot.appendingPathComponent("Tests/Golden")
    static let recording = ProcessInfo.processInfo.environment["CAP_RECORD_GOLDEN"] == "1"

    /// The moment the goldens are made at, through SOURCE_DATE_EPOCH:
    /// 2021-12-31 23:59:59 UTC, so today is 2021-12-31 and that is the stamp.
    static let epoch = "1640995199"
    static let today = try! CapDate.parse("2021-12-31")
    static let stamp = try! CapDateTime.parse("2021-12-31 23:59:59 UTC")

    /// Every output Examples/ declares (Examples/outputs.cap and the
    /// reports in Examples/coalition.cap), written down.
    static let paths = [
        "annual-report-2017.html", "annual-report-2017.md", "events.ics", "law-map-years.csv", "law-map.csv",
        "law-map.geojson", "law-map.svg", "timeline.json", "timeline.md",
    ]

    /// The same, in the order Examples/ declares them: the reports in
    /// coalition.cap, then outputs.cap.
    static let declared = [
        "annual-report-2017.html", "annual-report-2017.md", "timeline.md", "events.ics", "timeline.json",
        "law-map.csv", "law-map.geojson", "law-map.svg", "law-map-years.csv",
    ]

    struct Built {
        var status: Int32
        var stdout: String
        var stderr: String
        var files: [String: Data]
        /// Where it wrote them (gone once read).
        var folder: String
    }

    /// One `cap build -o … Examples` for all the golden tests.
    static let built: Result<Built, Error> = Result {
        let out = TemporaryFolder()
        let r = try EndToEndTests.run(["build", "--color", "never", "-o", out.path, "Examples"],
                                      environment: ["SOURCE_DATE_EPOCH": epoch])
        return Built(status: r.status, stdout: r.stdout, stderr: r.stderr, files: KillTests.files(out.url), folder: out.path)
    }

    static func builtFiles() throws -> [String: Data] {
        let b = try built.get()
        #expect(b.status == 0, "cap build failed: \(b.stdout)\(b.stderr)")
        return b.files
    }

    /// The library's outputs for the same day and stamp.
    static func outputs() -> [Build.Output] {
        let ws = Workspace.load(paths: [EndToEndTests.packageRoot.appendingPathComponent("Examples").path])
        let program = ws.check(today: today)
        #expect(!ws.diagnostics.hasErrors)
        return Build.outputs(program, today: today, stamp: stamp)
    }

    @Test func theBuildWritesExactlyTheDeclaredOutputs() throws {
        let b = try Self.built.get()
        #expect(b.status == 0, "\(b.stdout)\(b.stderr)")
        #expect(b.files.keys.sorted() == Self.paths)
        // What it says, on standard error: the data's warnings counted in
        // one line (EndToEndTests has them), then each file it wrote, in
        // the order Examples/ declares them (reports in coalition.cap, then
        // outputs.cap).
        #expect(b.stdout.isEmpty)
        #expect(b.stderr == "cap: note: 5 warnings in the data not shown; run 'cap check' to see them\n"
            + Self.declared.map { "wrote \(b.folder)/\($0)\n" }.joined())
        let inGit = try FileManager.default.contentsOfDirectory(atPath: Self.golden.path).sorted()
        #expect(inGit == Self.paths, "Tests/Golden holds a file no output makes, or lacks one")
    }

    /// Examples/ has an HTML and a Markdown report of 2017, and the
    /// coalition's figures for 2017 differ from the data: each difference is
    /// one warning, not one per report, given by the check and not again by
    /// the build.
    @Test func declaredFiguresAreReportedOncePerPeriod() {
        let ws = Workspace.load(paths: [EndToEndTests.packageRoot.appendingPathComponent("Examples").path])
        let program = ws.check(today: Self.today)
        func figures() -> [String] { ws.diagnostics.sorted().filter { $0.code == .declaredFigure }.map(\.message) }
        let checked = figures()
        #expect(checked.count == 5)
        #expect(Set(checked).count == checked.count, "\(checked)")
        let outputs = Build.outputs(program, today: Self.today, stamp: Self.stamp)
        #expect(outputs.filter { $0.path.hasPrefix("annual-report-2017") }.count == 2)
        #expect(figures() == checked)
    }

    /// `cap build` checks with `Build.check`, which reads the timeline while
    /// the checker runs and hands the build the report periods the check
    /// made to compare the declared figures: the library's plain path gives
    /// the same bytes, which are the golden ones.
    @Test func theLibrarysPathsGiveTheGoldenOutputs() throws {
        let ws = Workspace.load(paths: [EndToEndTests.packageRoot.appendingPathComponent("Examples").path])
        let (program, entries) = Build.check(ws, today: Self.today)
        #expect(!ws.diagnostics.hasErrors)
        let built = Build.outputs(program, today: Self.today, stamp: Self.stamp, entries: entries)
        let plain = Self.outputs()
        #expect(built.map(\.path).sorted() == Self.paths)
        #expect(plain.map(\.path).sorted() == Self.paths)
        let files = try Self.builtFiles()
        for (b, p) in zip(built, plain) {
            #expect(b.bytes == p.bytes, "\(b.path)")
            #expect(files[b.path].map([UInt8].init) == b.bytes, "\(b.path): the library and the binary differ")
        }
    }

    @Test("golden output", arguments: paths)
    func output(_ path: String) throws {
        let produced = try #require(try Self.builtFiles()[path], "cap build did not write \(path)")
        let file = Self.golden.appendingPathComponent(path)
        if Self.recording {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try produced.write(to: file, options: .atomic)
            Issue.record("""
                recorded Tests/Golden/\(path) (CAP_RECORD_GOLDEN=1): a recording run never passes. \
                Review the diff, then run the tests without CAP_RECORD_GOLDEN.
                """)
            return
        }
        let expected = try EndToEndTests.read(file)
        if produced != expected {
            let at = zip(produced, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(produced.count, expected.count)
            Issue.record("""
                \(path) differs from Tests/Golden/\(path) from byte \(at) (\(produced.count) bytes made, \
                \(expected.count) expected); if the change is meant, re-record with CAP_RECORD_GOLDEN=1
                """)
        }
    }
}
