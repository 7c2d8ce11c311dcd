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

/// One policy for the data's warnings: `cap check` lists them; every other
/// command shows its errors and its own diagnostics in full and counts the
/// data's warnings in one line that points at `cap check`.
@Suite struct WarningPolicyTests {
    /// Two warnings (a repeated tag, W0301) and no error.
    static let data = """
        tag a "A" { }
        event e "Vigil" {
          date 2017-03-14
          tags a, a
        }
        event f "March" {
          date 2017-05-01
          tags a, a
        }

        """
    static let note = "cap: note: 2 warnings in the data not shown; run 'cap check' to see them\n"

    @Test func checkListsTheWarnings() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["check", "."], in: dir.url)
        #expect(r.status == 0)
        #expect(r.stdout.components(separatedBy: "warning[W0301]").count == 3, "\(r.stdout)")
        #expect(!r.stdout.contains("cap: note:"))
    }

    @Test func everyOtherCommandCountsThemInOneLine() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let out = TemporaryFolder()
        for arguments in [["eval", "events | count", "."], ["run", "."], ["report", "--period", "2017", "."], ["timeline", "."],
                          ["map", "."], ["build", "-o", out.path, "."]] {
            let r = try EndToEndTests.run(arguments, in: dir.url)
            #expect(r.status == 0, "cap \(arguments.joined(separator: " ")): \(r.stderr)")
            #expect(!r.stderr.contains("W0301"), "cap \(arguments.joined(separator: " ")): \(r.stderr)")
            #expect(r.stderr.components(separatedBy: Self.note).count == 2, "cap \(arguments.joined(separator: " ")): \(r.stderr)")
        }
        let repl = try EndToEndTests.run(["repl", "."], in: dir.url, input: "events | count\n")
        #expect(repl.stdout == "2\n")
        #expect(repl.stderr == Self.note, "\(repl.stderr)")
    }

    /// Errors stop the command and are shown in full; the warnings next to
    /// them are still only counted.
    @Test func errorsAreShownInFullAndWarningsCounted() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data + "member m \"M\" {\n  country SWD\n}\n"])
        for arguments in [["run", "."], ["map", "."], ["timeline", "."]] {
            let r = try EndToEndTests.run(arguments, in: dir.url)
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("data.cap:11:11: error[E0209]: unknown country or territory 'SWD'"), "\(r.stderr)")
            #expect(!r.stderr.contains("W0301"), "\(r.stderr)")
            #expect(r.stderr.contains("checked 1 file: 1 error, 2 warnings\n" + Self.note), "\(r.stderr)")
        }
    }

    /// What a script raises while it runs is its answer, shown in full,
    /// and W0701 quotes the values that could not be compared.
    @Test func aRunShowsWhatItsScriptRaised() throws {
        let script = "event g \"Year\" {\n  date 2017\n}\nprint events | where date > 2017-03-01 | count\n"
        let dir = EndToEndTests.folder(["data.cap": Self.data + script])
        let r = try EndToEndTests.run(["run", "."], in: dir.url)
        #expect(r.status == 0)
        #expect(r.stdout == "2\n")
        #expect(r.stderr.contains("data.cap:13:16: warning[W0701]: 1 of 3 items left out: partial dates could not decide the condition"),
                "\(r.stderr)")
        #expect(r.stderr.contains("= help: the data and the condition differ in precision (2017 against 2017-03-01);"), "\(r.stderr)")
        #expect(!r.stderr.contains("W0301"), "\(r.stderr)")
        #expect(r.stderr.hasSuffix(Self.note), "\(r.stderr)")
    }

    @Test func w0701QuotesTheFirstClashOfItsStage() throws {
        let dir = EndToEndTests.folder(["data.cap": "event e \"E\" {\n  date 2017-03\n}\nevent f \"F\" {\n  date 2018\n}\n"])
        let r = try EndToEndTests.run(["eval", "events | count date == 2017-03-14", "."], in: dir.url)
        #expect(r.stdout == "0\n")
        #expect(r.stderr.contains("differ in precision (2017-03 against 2017-03-14);"), "\(r.stderr)")
        let other = try EndToEndTests.run(["eval", "events | where date < 2018-06", "."], in: dir.url)
        #expect(other.stderr.contains("differ in precision (2018 against 2018-06);"), "\(other.stderr)")
    }
}
