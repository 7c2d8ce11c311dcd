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

/// The REPL engine, line in and reply out, with no terminal.
@Suite struct ReplSessionTests {
    static let data = """
        member talita "Talita" {
          country SE
          joined 2014
        }
        member ruhama "Ruhama" {
          country IE
          joined 2017-02
        }
        event stockholm_conference "Conference on the Swedish law" {
          date 2017-10
          organisers talita
        }
        law se_1999 "Sex Purchase Act" {
          jurisdiction SE
          model abolitionist
          passed 1998-05
          in_force 1999-01-01
        }
        """

    static func session(_ files: [String: String] = ["data.cap": data]) -> (Session, TemporaryFolder) {
        let dir = TemporaryFolder()
        for (name, text) in files { dir.write(name, text) }
        var options = Session.Options()
        options.today = try! CapDate.parse("2026-01-01")
        return (Session(paths: [dir.path], options: options), dir)
    }

    @Test func loadsTheDataAndAnswersExpressions() {
        let (s, _) = Self.session()
        #expect(!s.loadReply.failed)
        #expect(s.summary == "1 file, 4 entities")
        #expect(s.handle("members | count") == reply("2\n"))
        #expect(s.handle("talita.country.name").output == "Sweden\n")
    }

    @Test func listsOfRecordsPrintAsAlignedTables() {
        let (s, _) = Self.session()
        let out = s.handle("members | sort name | map {name: name, joined: joined}").output
        #expect(out == """
            name    joined
            ──────  ───────
            Ruhama  2017-02
            Talita  2014

            """)
    }

    @Test func definitionsAddToTheSessionAndLaterOnesReplaceEarlierOnes() {
        let (s, _) = Self.session()
        #expect(s.handle("let a = 1") == Reply())
        #expect(s.handle("let b = a + 1") == Reply())
        #expect(s.handle("b").output == "2\n")
        #expect(s.handle("let a = 10") == Reply())
        #expect(s.handle("b").output == "11\n", "a value computed from the old definition must not survive it")
        #expect(s.handle("let in_country(items, c) = items | where country == c").failed == false)
        #expect(s.handle("members | in_country(IE) | map name").output == "Ruhama\n")
    }

    @Test func errorsPointIntoTheTypedInputAndTheSessionGoesOn() {
        let (s, _) = Self.session()
        let bad = s.handle("membres | count")
        #expect(bad.failed)
        #expect(bad.output.isEmpty)
        #expect(bad.errors == """
            <input 1>:1:1: error[E0701]: unknown name 'membres'
              |
            1 | membres | count
              | ^^^^^^^ not a field, binding or collection
              = help: did you mean 'members'?


            """)
        #expect(s.handle("members | count") == reply("2\n"))
    }

    @Test func anInputWithAnErrorDefinesNothing() {
        let (s, _) = Self.session()
        #expect(s.handle("let x = 1\nx + nope").failed)
        let after = s.handle("x")
        #expect(after.failed)
        #expect(after.errors == """
            <input 2>:1:1: error[E0701]: unknown name 'x'
              |
            1 | x
              | ^ not a field, binding or collection
              = help: names are fields of the current item, let bindings, collections (members, events, …), entity ids, words and codes


            """)
    }

    @Test func entitiesTypedAtThePromptAreCheckedAgainstWhatIsLoaded() {
        let (s, dir) = Self.session()
        let added = s.handle("member kafa \"KAFA\" {\n  country LB\n}")
        #expect(added == reply("added member kafa\n"))
        #expect(s.handle("members | count").output == "3\n")
        let duplicate = s.handle("partner talita \"Talita again\" {\n}")
        #expect(duplicate.failed)
        #expect(duplicate.errors == """
            <input 3>:1:9: error[E0203]: the id 'talita' is already used
              |
            1 | partner talita "Talita again" {
              |         ^^^^^^ used again here
            \(dir.path)/data.cap:1:8: note: first used by member 'talita' here
              |
            1 | member talita "Talita" {
              |        ^^^^^^
              = help: ids are unique across all files and kinds; rename one of them


            """)
        let dangling = s.handle("event e1 \"Visit\" {\n  date 2018\n  organisers nobody\n}")
        #expect(dangling.failed)
        #expect(dangling.errors == """
            <input 4>:3:14: error[E0204]: no coalition, member, partner or person has the id 'nobody'
              |
            3 |   organisers nobody
              |              ^^^^^^ unknown id
              = help: declare it, e.g. coalition nobody "Name" { … }, or fix the id


            """)
        #expect(s.handle("events | count").output == "1\n", "rejected entities are not added")
    }

    @Test func rulesSayWhetherTheyHold() {
        let (s, _) = Self.session()
        #expect(s.handle("assert members | all country != none") == reply("rule holds\n"))
        let failed = s.handle("assert members | count == 3")
        #expect(failed.failed)
        #expect(failed.errors == """
            <input 2>:1:8: error[E0706]: rule failed: members | count == 3
              |
            1 | assert members | count == 3
              |        ^^^^^^^^^^^^^^^^^^^^ does not hold
            <input 2>:1:8: note: the data gives 2
              |
            1 | assert members | count == 3
              |        ^^^^^^^^^^^^^^^
            <input 2>:1:27: note: the rule expects == 3
              |
            1 | assert members | count == 3
              |                           ^
              = help: the difference is -1


            """)
    }

    @Test func inputIsCompleteWhenBracketsAndLongStringsAreClosed() {
        for open in ["member x \"X\" {", "[1,", "members | map {a: name,", "print \"\"\"a", "members |", "f(1,"] {
            #expect(Session.needsMoreInput(open), "\(open)")
        }
        for done in ["members", "[1, 2]", "\"unterminated", ":show {", "}", "// only a comment {"] {
            #expect(!Session.needsMoreInput(done), "\(done)")
        }
        #expect(!Session.needsMoreInput("member x \"X\" {\n  country SE\n}"))
    }

    /// A wrong figure for a declared report's period is a warning when the
    /// data loads, and `:report` on that period says it once more, not twice.
    @Test func loadWarningsAreShownOnce() {
        let (s, dir) = Self.session(["data.cap": Self.data + """

            coalition cap "CAP International" {
              figure {
                name "new members"
                value 3
                date 2017
              }
            }
            report annual "Annual Report 2017" {
              period 2017
              format md
              output "annual-report-2017.md"
            }
            """])
        // The conference is Talita's (a member's), not the coalition's: the
        // coalition's report does not count it as its own activity.
        // At the start, the data's warnings are counted in one line (as
        // every command but cap check does); :report shows its own, once.
        #expect(s.loadReply.errors == "cap: note: 1 warning in the data not shown; run 'cap check' to see it\n", "\(s.loadReply.errors)")
        let report = s.handle(":report 2017")
        #expect(!report.failed)
        #expect(report.errors == """
            \(dir.path)/data.cap:19:11: warning[W0702]: CAP International declares 3 new members for 2017; the data gives 1
               |
            19 | coalition cap "CAP International" {
               |           ^^^
               = note: counted: Ruhama
               = help: record the missing activities, or correct the declared figure


            """)
        #expect(report.output == """
            # Annual Report 2017

            **CAP International**

            ## Activities

            No activities of the coalition are recorded for the period.

            ## Statistics

            - **0 country visits** — *the countries of the coalition's activities held in person*
            - **0 advocacy meetings with top officials** — *the coalition's activities where it met a minister, head of state or other official (not a parliamentarian)*
            - **0 advocacy meetings with Members of Parliament** — *the coalition's activities where it met a member of parliament, or tagged parliamentarians*
            - **0 statements and keynote presentations** — *the coalition's statements, and its activities of the kind presentation*
            - **3 new members** — *the members whose joining date falls in the period*
            - **0 Board meetings** — *the coalition's activities of the kind board\\_meeting*

            ## For the editors: figures to check

            - new members: the report gives 3, the data counts 1 (2 fewer). Record the missing activities, or correct \
            the published figure. Counted: Ruhama.

            """)
    }

    @Test func commandsListShowAndType() {
        let (s, dir) = Self.session()
        #expect(s.handle(":list").output == """
            kind     count
            ───────  ─────
            members      2
            events       1
            laws         1

            """)
        #expect(s.handle(":list members").output == """
            id      name
            ──────  ──────
            talita  Talita
            ruhama  Ruhama

            """)
        let shown = s.handle(":show ruhama").output
        #expect(shown == "\(dir.path)/data.cap:5\nmember ruhama \"Ruhama\" {\n  country IE\n  joined 2017-02\n}\n")
        #expect(s.handle(":type members | group country").output == "groups of member\n")
        #expect(s.handle(":type laws | map {c: jurisdiction, p: passed}").output == "[{c: country, p: date}]\n")
        let typo = s.handle(":lsit")
        #expect(typo.failed)
        #expect(typo.errors == "error: unknown command ':lsit'\n  = help: did you mean ':list'?\n")
        let unknown = s.handle(":show rhuama")
        #expect(unknown.failed)
        #expect(unknown.errors == "error: no entity or let is called 'rhuama'\n  = help: did you mean 'ruhama'?\n")
        #expect(s.handle(":quit").quit)
        let help = s.handle(":help").output.components(separatedBy: "\n")
        #expect(help.filter { $0.hasPrefix("  :") }.map { String($0.dropFirst(2).prefix { $0 != " " }) } == [
            ":help", ":load", ":reload", ":list", ":show", ":type", ":time", ":report", ":timeline", ":map", ":quit",
        ])
        let timed = s.handle(":time members | count").output
        #expect(timed.hasPrefix("2\ntime: ") && timed.hasSuffix(" ms\n"), "\(timed)")
    }

    @Test func reloadSaysWhatChangedAndKeepsTheSessionsDefinitions() throws {
        let (s, dir) = Self.session()
        _ = s.handle("let swedish = members | where country == SE")
        dir.write("data.cap", Self.data + "\nmember kafa \"KAFA\" {\n  country LB\n}\n")
        let reloaded = s.handle(":reload")
        #expect(!reloaded.failed)
        #expect(reloaded.output == "reloaded: 1 file, 5 entities\n  changed \(dir.path)/data.cap\n  +1 member (kafa)\n")
        #expect(s.handle("swedish | count").output == "1\n")
        #expect(s.handle(":reload").output == "reloaded: no changes; still 1 file, 5 entities\n")
        dir.write("more/laws.cap", "law ie_2017 \"Criminal Law (Sexual Offences) Act 2017\" {\n  jurisdiction IE\n  model abolitionist\n}\n")
        let loaded = s.handle(":load \(dir.path)/more")
        #expect(loaded.output == "loaded \(dir.path)/more: 2 files, 6 entities\n  new \(dir.path)/more/laws.cap\n  +1 law (ie_2017)\n")
        let missing = s.handle(":load /nonexistent/x.cap")
        #expect(missing.failed)
        #expect(missing.errors == "error: cannot read '/nonexistent/x.cap': no such file or directory\n")
        dir.write("empty/notes.txt", "not data")
        #expect(s.handle(":load \(dir.path)/empty").errors == "error: no .cap files found under '\(dir.path)/empty'\n")
        #expect(!s.handle(":reload").failed, "a refused path is not kept for later reloads")
    }

    @Test func publishesToTheTerminalOrToAFileNamedByItsFormat() throws {
        let (s, dir) = Self.session()
        #expect(s.handle(":map 2000-01-01").output == """
            Law map as of 2000-01-01
            code  name    model         status    adopted  in_force
            ────  ──────  ────────────  ────────  ───────  ──────────
            SE    Sweden  abolitionist  in force  1998-05  1999-01-01
            248 other countries and territories: no law recorded

            """)
        #expect(s.handle(":timeline 2017").output == """
            # Timeline

            ## 2017

            - **Feb 2017** — Ruhama joins the coalition (Ireland)
            - **Oct 2017** — Conference on the Swedish law

            """)
        let target = dir.path + "/map.geojson"
        #expect(s.handle(":map 2000-01-01 > \(target)") == reply("wrote \(target)\n"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: target))) as? [String: Any]
        #expect(json?["type"] as? String == "FeatureCollection")
        let wrong = s.handle(":report 2017 > \(dir.path)/report.exe")
        #expect(wrong.failed)
        #expect(wrong.errors == "error: :report cannot write a '.exe' file\n  = help: name the file with one of: .md, .html, .json\n")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/report.exe"))
    }

    @Test func anOutputOverTheSizeLimitIsNotWritten() throws {
        let dir = TemporaryFolder()
        dir.write("data.cap", Self.data)
        var options = Session.Options()
        options.limits.maxOutputBytes = 1_000
        let s = Session(paths: [dir.path], options: options)
        let target = dir.path + "/map.svg"
        let reply = s.handle(":map > \(target)")
        #expect(reply.failed)
        #expect(reply.errors == """
            cap: error[E0603]: output '\(target)' would be 110,127 bytes; the limit is 1,000 bytes
              = help: narrow it: a shorter period, fewer countries or kinds, or split it into several outputs


            """)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func dataWithErrorsStillLoadsButIsNotPublished() {
        let (s, dir) = Self.session(["bad.cap": "member x \"X\" {\n  country SWD\n}\n"])
        #expect(s.loadReply.failed)
        #expect(s.loadReply.errors == """
            \(dir.path)/bad.cap:2:11: error[E0209]: unknown country or territory 'SWD'
              |
            2 |   country SWD
              |           ^^^ not an ISO 3166 code or known name
              = help: did you mean SE (Sweden), SS (South Sudan) or SZ (Eswatini)?

            checked 1 file: 1 error, 0 warnings

            """)
        #expect(s.handle("members | count").output == "1\n")
        #expect(s.handle(":map").errors == "error: the loaded data has errors, so nothing is published\n  = help: fix them, then :reload\n")
    }

    @Test func completionKnowsTheSession() {
        let (s, dir) = Self.session()
        _ = s.handle("let swedish = members | where country == SE")
        #expect(s.complete("tal").candidates == ["talita"])
        #expect(s.complete("talita.cou").candidates == ["country"])
        #expect(s.complete("stockholm_conference.org").candidates == ["organisers"])
        #expect(s.complete("swedish.jo").candidates == ["joined"])
        #expect(s.complete("members | wh").candidates == ["where"])
        #expect(s.complete("members | where jo").candidates.contains("joined"))
        #expect(!s.complete("members | where da").candidates.contains("date"), "members have no date; events do")
        #expect(s.complete("events | where da").candidates.contains("date"))
        #expect(s.complete("laws | where model == abol").candidates == ["abolitionist"])
        #expect(s.complete("swe").candidates == ["swedish"])
        #expect(s.complete(":rel").candidates == [":reload"])
        #expect(s.complete(":list peo").candidates == ["people"])
        #expect(s.complete(":show ru").candidates == ["ruhama"])
        #expect(s.complete("mem").candidates.contains("members"))
        #expect(s.complete("").candidates.contains("member"), "an entity kind starts a declaration")
        dir.write("sub/x.cap", "")
        #expect(s.complete(":load \(dir.path)/su").candidates == ["\(dir.path)/sub/"])
        #expect(s.complete(":load \(dir.path)/sub/").candidates == ["\(dir.path)/sub/x.cap"])
    }

    @Test func ctrlCStopsALongEvaluationAndTheSessionGoesOn() {
        nonisolated(unsafe) var stop = true
        var options = Session.Options()
        options.interruption = { stop }
        let s = Session(paths: [EndToEndTests.packageRoot.appendingPathComponent("Examples").path], options: options)
        let long = s.handle("events | map events | flatten | map events | flatten | map events | flatten | count")
        #expect(long.failed)
        // The evaluator asks every 4,096 steps; on Examples/ the first ask
        // falls in the third `events`.
        #expect(long.errors == """
            <input 1>:1:60: error[E0711]: evaluation interrupted
              |
            1 | events | map events | flatten | map events | flatten | map events | flatten | count
              |                                                            ^^^^^^
              = help: the session goes on; narrow the query if it takes too long


            """)
        stop = false
        #expect(s.handle("members | count").failed == false)
    }

    @Test func historyIsSharedDeduplicatedAndEscaped() {
        let dir = TemporaryFolder()
        let a = HistoryFile(path: dir.path + "/state/cap/history", limit: 3)
        let b = HistoryFile(path: dir.path + "/state/cap/history", limit: 3)
        a.append("members | count")
        b.append("laws")
        a.append("members | count")
        a.append("print \"two\\nlines\"\nx")
        #expect(b.load() == ["laws", "members | count", "print \"two\\nlines\"\nx"])
        for i in 0..<10 { a.append("q\(i)") }
        #expect(a.load() == ["q7", "q8", "q9"])
        #expect((try? String(contentsOfFile: a.path, encoding: .utf8)) == "q7\nq8\nq9\n", "a long file is compacted")
    }

    private func reply(_ output: String) -> Reply {
        var r = Reply()
        r.output = output
        return r
    }
}
