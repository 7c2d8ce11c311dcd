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

    /// One W0301 as `cap check` shows it, for the event on `line`.
    static func repeatedTag(line: Int) -> String {
        """
        data.cap:\(line):11: warning[W0301]: 'a' appears twice in 'tags'
          |
        \(line) |   tags a, a
          |           ^ repeated
        data.cap:\(line):8: note: first here
          |
        \(line) |   tags a, a
          |        ^
          = help: remove one of them

        """
    }

    @Test func checkListsTheWarnings() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["check", "."], in: dir.url)
        #expect(r.status == 0)
        #expect(r.stdout == Self.repeatedTag(line: 4) + "\n" + Self.repeatedTag(line: 8) + "\nchecked 1 file: 0 errors, 2 warnings\n")
        #expect(r.stderr.isEmpty)
    }

    static let timeline = """
        # Timeline

        ## 2017

        - **14 Mar 2017** — Vigil · `a` `a`
        - **1 May 2017** — March · `a` `a`

        """

    static let report = """
        # Annual Report 2017

        ## Activities

        ### March 2017

        - Vigil · A / A

        ### May 2017

        - March · A / A

        ## Statistics

        - **0 country visits** — *the countries of the coalition's activities held in person*
        - **0 advocacy meetings with top officials** — *the coalition's activities where it met a minister, head of state or other official (not a parliamentarian)*
        - **0 advocacy meetings with Members of Parliament** — *the coalition's activities where it met a member of parliament, or tagged parliamentarians*
        - **0 statements and keynote presentations** — *the coalition's statements, and its activities of the kind presentation*
        - **0 new members** — *the members whose joining date falls in the period*
        - **0 Board meetings** — *the coalition's activities of the kind board\\_meeting*

        """

    @Test func everyOtherCommandCountsThemInOneLine() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let out = TemporaryFolder()
        for (arguments, stdout, stderr) in [
            (["eval", "events | count", "."], "2\n", Self.note),
            (["run", "."], "", Self.note),
            (["report", "--period", "2017", "."], Self.report, Self.note),
            (["timeline", "."], Self.timeline, Self.note),
            (["build", "-o", out.path, "."], "", Self.note + "the data declares no outputs (report, timeline or map entities)\n"),
        ] {
            let r = try EndToEndTests.run(arguments, in: dir.url, environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
            #expect(r.status == 0, "cap \(arguments.joined(separator: " ")): \(r.stderr)")
            #expect(r.stdout == stdout, "cap \(arguments.joined(separator: " "))")
            #expect(r.stderr == stderr, "cap \(arguments.joined(separator: " "))")
        }
        // The map has a row for every country: its warnings, and the one
        // country it is about.
        let map = try EndToEndTests.run(["map", "."], in: dir.url)
        #expect(map.status == 0)
        #expect(map.stderr == Self.note)
        let rows = map.stdout.components(separatedBy: "\r\n")
        // A header, a row per country (249; no subdivision has a law of its
        // own here), and the empty string after the last CRLF.
        #expect(rows.count == 251)
        #expect(rows.first == "code,iso_a2,iso_a3,iso_numeric,name,model,status,adopted,in_force,law_title,sources,law_id,"
            + "category,status_text")
        #expect(rows.dropFirst().first == "AD,AD,AND,020,Andorra,,,,,,,,,")
        let repl = try EndToEndTests.run(["repl", "."], in: dir.url, input: "events | count\n")
        #expect(repl.status == 0)
        #expect(repl.stdout == "2\n")
        #expect(repl.stderr == Self.note, "\(repl.stderr)")
    }

    /// Errors stop the command and are shown in full; the warnings next to
    /// them are still only counted.
    @Test func errorsAreShownInFullAndWarningsCounted() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data + "member m \"M\" {\n  country SWD\n}\n"])
        let shown = """
            data.cap:11:11: error[E0209]: unknown country or territory 'SWD'
               |
            11 |   country SWD
               |           ^^^ not an ISO 3166 code or known name
               = help: did you mean SE (Sweden), SS (South Sudan) or SZ (Eswatini)?

            checked 1 file: 1 error, 2 warnings

            """ + Self.note
        let unwritten = "nothing was written: fix the errors first\n"
        for (arguments, stderr) in [(["run", "."], shown), (["map", "."], shown + unwritten), (["timeline", "."], shown + unwritten)] {
            let r = try EndToEndTests.run(arguments, in: dir.url)
            #expect(r.status == 1)
            #expect(r.stdout.isEmpty, "cap \(arguments.joined(separator: " ")): \(r.stdout)")
            #expect(r.stderr == stderr, "cap \(arguments.joined(separator: " "))")
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
        #expect(r.stderr == """
            data.cap:13:16: warning[W0701]: 1 of 3 items left out: partial dates could not decide the condition
               |
            13 | print events | where date > 2017-03-01 | count
               |                ^^^^^^^^^^^^^^^^^^^^^^^ undecided for 1 item
               = help: the data and the condition differ in precision (2017 against 2017-03-01); \
            write certainly(…) to keep only the items that surely match, or possibly(…) to keep those that may, and nothing is left out


            """ + Self.note)
    }

    @Test func w0701QuotesTheFirstClashOfItsStage() throws {
        let dir = EndToEndTests.folder(["data.cap": "event e \"E\" {\n  date 2017-03\n}\nevent f \"F\" {\n  date 2018\n}\n"])
        let r = try EndToEndTests.run(["eval", "events | count date == 2017-03-14", "."], in: dir.url)
        #expect(r.status == 0)
        #expect(r.stdout == "0\n")
        #expect(r.stderr == """
            <expression>:1:10: warning[W0701]: 1 of 2 items left out: partial dates could not decide the condition
              |
            1 | events | count date == 2017-03-14
              |          ^^^^^^^^^^^^^^^^^^^^^^^^ undecided for 1 item
              = help: the data and the condition differ in precision (2017-03 against 2017-03-14); \
            write certainly(…) to keep only the items that surely match, or possibly(…) to keep those that may, and nothing is left out


            """)
        let other = try EndToEndTests.run(["eval", "events | where date < 2018-06", "."], in: dir.url)
        #expect(other.status == 0)
        #expect(other.stdout == "id  name\n──  ────\ne   E\n")
        #expect(other.stderr == """
            <expression>:1:10: warning[W0701]: 1 of 2 items left out: partial dates could not decide the condition
              |
            1 | events | where date < 2018-06
              |          ^^^^^^^^^^^^^^^^^^^^ undecided for 1 item
              = help: the data and the condition differ in precision (2018 against 2018-06); \
            write certainly(…) to keep only the items that surely match, or possibly(…) to keep those that may, and nothing is left out


            """)
    }
}
