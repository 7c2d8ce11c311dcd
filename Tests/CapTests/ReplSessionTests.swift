import Foundation
import Testing
@testable import Cap

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
        #expect(bad.errors.contains("<input 1>:1:1: error[E0701]: unknown name 'membres'"))
        #expect(bad.errors.contains("1 | membres | count"))
        #expect(bad.errors.contains("did you mean 'members'?"))
        #expect(s.handle("members | count") == reply("2\n"))
    }

    @Test func anInputWithAnErrorDefinesNothing() {
        let (s, _) = Self.session()
        #expect(s.handle("let x = 1\nx + nope").failed)
        let after = s.handle("x")
        #expect(after.failed)
        #expect(after.errors.contains("unknown name 'x'"))
    }

    @Test func entitiesTypedAtThePromptAreCheckedAgainstWhatIsLoaded() {
        let (s, _) = Self.session()
        let added = s.handle("member kafa \"KAFA\" {\n  country LB\n}")
        #expect(added == reply("added member kafa\n"))
        #expect(s.handle("members | count").output == "3\n")
        let duplicate = s.handle("partner talita \"Talita again\" {\n}")
        #expect(duplicate.failed)
        #expect(duplicate.errors.contains("the id 'talita' is already used"))
        let dangling = s.handle("event e1 \"Visit\" {\n  date 2018\n  organisers nobody\n}")
        #expect(dangling.failed)
        #expect(dangling.errors.contains("nobody"))
        #expect(s.handle("events | count").output == "1\n", "rejected entities are not added")
    }

    @Test func rulesSayWhetherTheyHold() {
        let (s, _) = Self.session()
        #expect(s.handle("assert members | all country != none") == reply("rule holds\n"))
        let failed = s.handle("assert members | count == 3")
        #expect(failed.failed)
        #expect(failed.errors.contains("the data gives 2"))
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
        let (s, _) = Self.session(["data.cap": Self.data + """

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
        let warning = "warning[W0702]: CAP International declares 3 new members for 2017; the data gives 1"
        // At the start, the data's warnings are counted in one line (as
        // every command but cap check does); :report shows its own.
        #expect(s.loadReply.errors == "cap: note: 1 warning in the data not shown; run 'cap check' to see it\n", "\(s.loadReply.errors)")
        let report = s.handle(":report 2017")
        #expect(report.errors.components(separatedBy: warning).count == 2, "\(report.errors)")
        #expect(report.output.contains("1 new members (declared: 3)"), "\(report.output)")
    }

    @Test func commandsListShowAndType() {
        let (s, dir) = Self.session()
        #expect(s.handle(":list").output.contains("members      2"))
        let members = s.handle(":list members").output
        #expect(members.contains("talita") && members.contains("Ruhama"))
        let shown = s.handle(":show ruhama").output
        #expect(shown == "\(dir.path)/data.cap:5\nmember ruhama \"Ruhama\" {\n  country IE\n  joined 2017-02\n}\n")
        #expect(s.handle(":type members | group country").output == "groups of member\n")
        #expect(s.handle(":type laws | map {c: jurisdiction, p: passed}").output == "[{c: country, p: date}]\n")
        let typo = s.handle(":lsit")
        #expect(typo.failed && typo.errors.contains("did you mean ':list'?"))
        let unknown = s.handle(":show rhuama")
        #expect(unknown.failed && unknown.errors.contains("did you mean 'ruhama'?"))
        #expect(s.handle(":quit").quit)
        #expect(s.handle(":help").output.contains(":reload"))
        let timed = s.handle(":time members | count").output
        #expect(timed.hasPrefix("2\ntime: ") && timed.hasSuffix(" ms\n"), "\(timed)")
    }

    @Test func reloadSaysWhatChangedAndKeepsTheSessionsDefinitions() throws {
        let (s, dir) = Self.session()
        _ = s.handle("let swedish = members | where country == SE")
        dir.write("data.cap", Self.data + "\nmember kafa \"KAFA\" {\n  country LB\n}\n")
        let reloaded = s.handle(":reload")
        #expect(!reloaded.failed)
        #expect(reloaded.output.contains("changed \(dir.path)/data.cap"))
        #expect(reloaded.output.contains("+1 member (kafa)"))
        #expect(s.handle("swedish | count").output == "1\n")
        #expect(s.handle(":reload").output.hasPrefix("reloaded: no changes"))
        dir.write("more/laws.cap", "law ie_2017 \"Criminal Law (Sexual Offences) Act 2017\" {\n  jurisdiction IE\n  model abolitionist\n}\n")
        let loaded = s.handle(":load \(dir.path)/more")
        #expect(loaded.output.contains("+1 law (ie_2017)"))
        #expect(s.handle(":load /nonexistent/x.cap").failed)
        dir.write("empty/notes.txt", "not data")
        #expect(s.handle(":load \(dir.path)/empty").errors.contains("no .cap files found"))
        #expect(!s.handle(":reload").failed, "a refused path is not kept for later reloads")
    }

    @Test func publishesToTheTerminalOrToAFileNamedByItsFormat() throws {
        let (s, dir) = Self.session()
        let map = s.handle(":map 2000-01-01").output
        #expect(map.contains("SE") && map.contains("abolitionist") && map.contains("in force"))
        #expect(s.handle(":timeline 2017").output.contains("Conference on the Swedish law"))
        let target = dir.path + "/map.geojson"
        #expect(s.handle(":map 2000-01-01 > \(target)") == reply("wrote \(target)\n"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: target))) as? [String: Any]
        #expect(json?["type"] as? String == "FeatureCollection")
        let wrong = s.handle(":report 2017 > \(dir.path)/report.exe")
        #expect(wrong.failed && wrong.errors.contains(".md, .html, .json"))
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
        #expect(reply.errors.contains("error[E0603]"), "\(reply.errors)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func dataWithErrorsStillLoadsButIsNotPublished() {
        let (s, _) = Self.session(["bad.cap": "member x \"X\" {\n  country SWD\n}\n"])
        #expect(s.loadReply.failed)
        #expect(s.loadReply.errors.contains("SWD"))
        #expect(s.handle("members | count").output == "1\n")
        #expect(s.handle(":map").errors.contains("the loaded data has errors"))
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
        #expect(long.errors.contains("error[E0711]: evaluation interrupted"))
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
