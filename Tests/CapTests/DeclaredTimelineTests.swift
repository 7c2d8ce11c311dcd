import Foundation
import Testing

/// A kind the data declares shows on the timeline by its schema's
/// `timeline` properties (issue 29), in every format, beside built-in
/// entries, and `--kind` and a timeline output's `kinds` select it.
@Suite struct DeclaredTimelineTests {
    static let data = """
        kind treaty "An international convention or protocol." {
          header title
          collection treaties
          adopted  { type date; required true; timeline "{title} adopted"; doc "When it was adopted." }
          in_force { type date; after adopted; timeline "{title} enters into force"; doc "When it entered into force." }
          source   { type url; list true; timeline link; doc "Where the facts come from." }
        }

        kind accession "A state joining a treaty." {
          state      { type jurisdiction; required true; timeline country; doc "The state." }
          treaty     { type treaty; required true; doc "The treaty." }
          acceded    { type date; timeline "{state} accedes to the {treaty}"; doc "When it acceded." }
        }

        extend timeline_entry_kind { treaty "Treaties." }

        treaty c1949 "1949 Convention" {
          adopted 1949-12-02
          in_force 1951-07-25
          source "https://treaties.un.org/"
        }

        accession fr_1949 "France and the 1949 Convention" {
          state FR
          treaty c1949
          acceded 1960-11-19
        }

        event launch "Launch" {
          date 1951-07-25
        }

        timeline treaties_only "Treaties" {
          format md
          output "treaties.md"
          kinds treaty
        }

        """

    static func run(_ arguments: [String]) throws -> String {
        let dir = EndToEndTests.folder(["data.cap": data])
        let r = try EndToEndTests.run(arguments + ["."], in: dir.url, environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test func markdownListsTheDeclaredEntriesByDate() throws {
        let lines = try Self.run(["timeline"]).components(separatedBy: "\n").filter { $0.hasPrefix("- ") }
        #expect(lines == [
            "- **2 Dec 1949** — 1949 Convention adopted",
            "- **25 Jul 1951** — 1949 Convention enters into force",
            "- **25 Jul 1951** — Launch",
            "- **19 Nov 1960** — France accedes to the 1949 Convention",
        ])
    }

    @Test func timelineJSGroupsThemByKind() throws {
        let text = try Self.run(["timeline", "--format", "timelinejs"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.map { $0["unique_id"] as? String } == ["c1949.adopted", "c1949.in_force", "launch", "fr_1949.acceded"])
        #expect(events.map { $0["group"] as? String } == ["treaty", "treaty", "event", "accession"])
        let adopted = events[0]
        #expect((adopted["start_date"] as? [String: String]) == ["year": "1949", "month": "12", "day": "2"])
        let text0 = adopted["text"] as? [String: String]
        #expect(text0?["headline"] == "1949 Convention adopted")
        #expect(text0?["text"]?.contains("https://treaties.un.org/") == true)
    }

    @Test func kindSelectsADeclaredKind() throws {
        let lines = try Self.run(["timeline", "--kind", "accession"]).components(separatedBy: "\n").filter { $0.hasPrefix("- ") }
        #expect(lines == ["- **19 Nov 1960** — France accedes to the 1949 Convention"])
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let wrong = try EndToEndTests.run(["timeline", "--kind", "treatise", "."], in: dir.url)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("--kind takes accession, event, instrument, law, member, publication, ratification, statement, treaty, not 'treatise'"))
    }

    @Test func aTimelineOutputKeepsTheKindsItNames() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["build", "-o", "out", "."], in: dir.url, environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        let written = try String(contentsOf: dir.url.appendingPathComponent("out/treaties.md"), encoding: .utf8)
        #expect(written.components(separatedBy: "\n").filter { $0.hasPrefix("- ") } == [
            "- **2 Dec 1949** — 1949 Convention adopted",
            "- **25 Jul 1951** — 1949 Convention enters into force",
        ])
    }

    @Test func builtInInstrumentsAndRatificationsAreOnTheTimeline() throws {
        let dir = EndToEndTests.folder(["data.cap": """
            instrument c1949 "1949 Convention" {
              kind convention
              adopted 1949-12-02
              in_force 1951-07-25
            }
            ratification fr_c1949 "France and the 1949 Convention" {
              state FR
              instrument c1949
              signed 1950
              ratified 1960-11-19
            }

            """])
        let r = try EndToEndTests.run(["timeline", "--country", "FR", "."], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("- ") } == [
            "- **1950** — France signs the 1949 Convention",
            "- **19 Nov 1960** — France ratifies the 1949 Convention",
        ])
        let all = try EndToEndTests.run(["timeline", "--kind", "instrument", "."], in: dir.url)
        #expect(all.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("- ") } == [
            "- **2 Dec 1949** — 1949 Convention adopted",
            "- **25 Jul 1951** — 1949 Convention enters into force",
        ])
    }
}
