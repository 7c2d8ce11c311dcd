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

/// `cap repl` with standard input from a file or a pipe: plain lines, no
/// prompt, no echo, and an exit status that says whether any input failed.
@Suite struct ReplPipeTests {
    static let data = "member talita \"Talita\" {\n  country SE\n}\nmember ruhama \"Ruhama\" {\n  country IE\n}\n"

    @Test func pipedCommandsPrintOnlyTheirAnswers() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["repl", "."], in: dir.url, input: ":list members\nmembers | count\n")
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == """
            id      name
            ──────  ──────
            talita  Talita
            ruhama  Ruhama
            2

            """)
    }

    @Test func aFailedInputMakesTheExitStatusOneAndTheRestStillRuns() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["repl", "."], in: dir.url, input: "membres\nlet n = members\n  | count\nn\n")
        #expect(r.status == 1)
        #expect(r.stderr == """
            <input 1>:1:1: error[E0701]: unknown name 'membres'
              |
            1 | membres
              | ^^^^^^^ not a field, binding or collection
              = help: did you mean 'members'?


            """)
        #expect(r.stdout == "2\n", "a pipeline continued on the next line is one input")
    }

    @Test func anUnfinishedInputAtTheEndIsReported() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["repl", "."], in: dir.url, input: "[1, 2\n")
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == """
            <input 1>:1:1: error[E0104]: this '[' is never closed
              |
            1 | [1, 2
              | ^ unclosed
              = help: close it before the end of the statement


            """)
    }

    @Test func quitStopsReading() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["repl", "."], in: dir.url, input: ":quit\nmembres\n")
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.isEmpty)
    }

    @Test func capAloneWithoutATerminalPrintsHelpInsteadOfWaiting() throws {
        let r = try EndToEndTests.run([], input: "")
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.lines.first == "OVERVIEW: Check, query and publish the coalition's .cap data files.")
        #expect(r.lines.contains("SUBCOMMANDS:"))
        #expect(r.lines.contains("  repl                    Explore .cap data interactively: queries,"))
    }

    @Test func evalJSONIsOneDocumentPerValue() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["eval", "members | count", "--format", "json", "."], in: dir.url)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == "2\n")
    }

    /// The summary speaks of the expression, where the error is, and
    /// counts the files the user has, not the expression.
    @Test func evalErrorsCountTheDataFilesChecked() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["eval", "membres | count", "."], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == """
            <expression>:1:1: error[E0701]: unknown name 'membres'
              |
            1 | membres | count
              | ^^^^^^^ not a field, binding or collection
              = help: did you mean 'members'?

            1 error in the expression; none in the data (1 file checked)

            """)
        let both = EndToEndTests.folder(["data.cap": Self.data + "member m \"M\" {\n  country SWD\n}\n"])
        let r2 = try EndToEndTests.run(["eval", "membres | count", "."], in: both.url)
        #expect(r2.stderr.hasSuffix("\n1 error in the expression; 1 in the data (1 file checked)\n"), "\(r2.stderr)")
        let data = try EndToEndTests.run(["eval", "members | count", "."], in: both.url)
        #expect(data.stderr.hasSuffix("\nchecked 1 file: 1 error, 0 warnings\n"), "\(data.stderr)")
    }

    /// Query after query on the same data: its warnings are counted in one
    /// line, and the query's own are shown in full.
    @Test func evalCountsTheDataWarningsAndShowsItsOwn() throws {
        let dir = EndToEndTests.folder(["data.cap": "event e1 \"Vigil\" {\n  date 2017-03\n}\n", "empty.cap": "// to be filled\n"])
        let r = try EndToEndTests.run(["eval", "events | where date == 2017-03-14 | count", "."], in: dir.url)
        #expect(r.status == 0)
        #expect(r.stdout == "0\n")
        // The data's warning (W0001) is counted, not shown.
        #expect(r.stderr == """
            <expression>:1:10: warning[W0701]: 1 of 1 items left out: partial dates could not decide the condition
              |
            1 | events | where date == 2017-03-14 | count
              |          ^^^^^^^^^^^^^^^^^^^^^^^^ undecided for 1 item
              = help: the data and the condition differ in precision (2017-03 against 2017-03-14); \
            write certainly(…) to keep only the items that surely match, or possibly(…) to keep those that may, and nothing is left out

            cap: note: 1 warning in the data not shown; run 'cap check' to see it

            """)
        let check = try EndToEndTests.run(["check", "."], in: dir.url)
        #expect(check.status == 0)
        #expect(check.lines.first == "empty.cap:1:1: warning[W0001]: the file holds no declarations", "\(check.stdout)")
        #expect(check.summary == "checked 2 files: 0 errors, 1 warning")
    }

    /// A value computed without the data of an unreadable path would look
    /// right to a script reading standard output.
    @Test func evalPrintsNoValueWhenAPathCannotBeRead() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data, "count.cap": "print members | count\n"])
        for command in [["eval", "members | count", "data.cap", "more.cap"], ["run", "data.cap", "count.cap", "more.cap"]] {
            let r = try EndToEndTests.run(command, in: dir.url)
            #expect(r.status == 2, "\(command)")
            #expect(r.stdout.isEmpty, "\(command): \(r.stdout)")
            #expect(r.stderr == "cap: error: cannot read 'more.cap': no such file or directory\n", "\(command): \(r.stderr)")
        }
        for command in [["eval", "members | count", "data.cap"], ["run", "data.cap", "count.cap"]] {
            let r = try EndToEndTests.run(command, in: dir.url)
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(r.stdout == "2\n", "\(command)")
            #expect(r.stderr.isEmpty, "\(command): \(r.stderr)")
        }
    }

    /// The README's `:` commands through the binary: listing, showing,
    /// typing, timing, loading, and each publishing command to a file.
    @Test func colonCommandsDoWhatTheReadmeSays() throws {
        let dir = EndToEndTests.folder([
            "data.cap": "member talita \"Talita\" {\n  country SE\n  joined 2016-05\n}\nevent vigil \"Vigil\" {\n  date 2017-03-08\n  country SE\n}\n",
            "more.cap": "tag t \"T\" { }\n",
        ])
        let input = [
            ":list", ":list members", ":show talita", ":type members | map name", ":time members | count",
            ":report 2017 > r.json", ":timeline 2016..2017 > t.csv", ":map 2016-12-31 > m.geojson", ":load more.cap", ":list tags",
            ":timeline 2016", ":quit",
        ].map { $0 + "\n" }.joined()
        let r = try EndToEndTests.run(["repl", "data.cap"], in: dir.url, environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch],
                                      input: input)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        var lines = r.lines
        // The one line that depends on the machine: :time's own.
        let timed = try #require(lines.firstIndex { $0.hasPrefix("time: ") })
        #expect(lines[timed].range(of: #"^time: [0-9]+(\.[0-9]+)? (µs|ms|s)$"#, options: .regularExpression) != nil, "\(lines[timed])")
        lines.remove(at: timed)
        #expect(lines.joined(separator: "\n") == """
            kind     count
            ───────  ─────
            members      1
            events       1
            id      name
            ──────  ──────
            talita  Talita
            data.cap:1
            member talita "Talita" {
              country SE
              joined 2016-05
            }
            [string]
            1
            wrote r.json
            wrote t.csv
            wrote m.geojson
            loaded more.cap: 2 files, 3 entities
              new more.cap
              +1 tag (t)
            id  name
            ──  ────
            t   T
            # Timeline

            ## 2016

            - **May 2016** — Talita joins the coalition (Sweden)

            """)
        func file(_ name: String) throws -> String {
            String(decoding: try EndToEndTests.read(dir.url.appendingPathComponent(name)), as: UTF8.self)
        }
        let report = try #require(try JSONSerialization.jsonObject(with: Data(try file("r.json").utf8)) as? [String: Any])
        #expect(report["title"] as? String == "Annual Report 2017")
        #expect(try file("t.csv") == "date,end_date,time,zone,end_time,end_zone,kind,title,city,country,online,url,tags,id\r\n"
            + "2016-05,,,,,,member,Talita joins the coalition,,SE,false,,,talita.joined\r\n"
            + "2017-03-08,,,,,,event,Vigil,,SE,false,,,vigil\r\n")
        let map = try #require(try JSONSerialization.jsonObject(with: Data(try file("m.geojson").utf8)) as? [String: Any])
        #expect(map["type"] as? String == "FeatureCollection")
        #expect((map["features"] as? [Any])?.count == 249)  // the ISO countries; no subdivision has a law here
    }

    /// docs/repl.md's example of a piped session, run by the shell as
    /// written, from the repository's root.
    @Test func theDocumentedPipedSessionListsTheMembersAndCountsThem() throws {
        let command = "printf ':list members\\nmembers | count\\n' | cap repl Examples"
        let docs = String(decoding: try EndToEndTests.read(EndToEndTests.packageRoot.appendingPathComponent("docs/repl.md")), as: UTF8.self)
        #expect(docs.contains("\n```sh\n\(command)\n```\n"), "docs/repl.md no longer shows the example this test runs")
        let binary = try #require(EndToEndTests.binary)
        let r = try EndToEndTests.run(["-c", command], environment: ["PATH": binary.deletingLastPathComponent().path + ":/usr/bin:/bin"],
                                      executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(r.status == 0)
        #expect(r.stderr == "cap: note: 5 warnings in the data not shown; run 'cap check' to see them\n")
        #expect(r.stdout == """
            id                            name
            ────────────────────────────  ────────────────────────────────────────
            iniciativa_pro_equidad        Iniciativa Pro Equidad de Género
            unidos_vs_trata               Comisión Unidos vs Trata
            eva_center                    EVA Center
            people_serving_girls_at_risk  People Serving Girls at Risk
            south_kolkata_hamari_muskan   South Kolkata Hamari Muskan
            maiti_nepal                   Maiti Nepal
            apne_aap                      Apne Aap
            breaking_free                 Breaking Free
            embrace_dignity               Embrace Dignity
            exit_finland                  EXIT Finland
            fondation_scelles             Fondation Scelles
            kafa                          KAFA (enough) Violence & Exploitation
            kfuks_sociale_arbejde         KFUKs Sociale Arbejde
            la_cles                       CLES – Concertation des luttes contre l…
            malos_tratos                  Comisión para la Investigación de Malos…
            marta_center                  Marta Center
            medicos_del_mundo             Medicos del Mundo
            mouvement_du_nid              Mouvement du Nid
            solwodi                       SOLWODI
            reden                         Reden
            ruhama                        Ruhama
            talita                        Talita
            women_at_the_well             Women@thewell
            isala                         Isala asbl
            o_ninho                       O’ Ninho
            sawa                          Sawa Organization
            stigamot                      Stígamót
            talita_asia                   Talita Asia
            28

            """)
    }
}
