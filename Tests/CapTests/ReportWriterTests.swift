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

/// A report's activities name where each took place ("City, Country,
/// online"), escaped for the format. The writers escape the parts one by
/// one, never joining them into a string first, and must read exactly as
/// the joined place would.
@Suite struct ReportWriterTests {
    static let data = """
        report md "Places" {
          period 2017
          format md
          output "r.md"
        }
        report html "Places" {
          period 2017
          format html
          output "r.html"
        }
        report json "Places" {
          period 2017
          format json
          output "r.json"
        }
        event everywhere "All three" {
          date 2017-03-01
          city "Geneva <old town>"
          country CH
          online true
        }
        event only_online "Online only" {
          date 2017-03-02
          online true
        }
        event only_country "Country only" {
          date 2017-03-03
          country SE
        }
        event only_city "City only" {
          date 2017-03-04
          city "St. *Anne*"
        }
        event nowhere "Nowhere" {
          date 2017-03-05
        }

        """

    static func outputs() -> [String: String] {
        let dir = TemporaryFolder()
        let ws = Workspace.load(paths: [dir.write("places.cap", data)])
        let program = ws.check(today: CaseRunner.today)
        #expect(!ws.diagnostics.hasErrors, "\(BadInputTests.found(ws))")
        let stamp = try! CapDateTime.parse("2026-01-01 00:00:00 UTC")
        return Dictionary(uniqueKeysWithValues: Build.outputs(program, today: CaseRunner.today, stamp: stamp).map { ($0.path, $0.text) })
    }

    @Test func placesInMarkdown() {
        let lines = Self.outputs()["r.md", default: ""].split(separator: "\n").filter { $0.hasPrefix("- ") }
        #expect(Array(lines.prefix(5)) == [
            "- **Geneva \\<old town\\>, Switzerland, online**: All three",
            "- **online**: Online only",
            "- **Sweden**: Country only",
            "- **St. \\*Anne\\***: City only",
            "- Nowhere",
        ])
    }

    @Test func placesInHTML() {
        let html = Self.outputs()["r.html", default: ""]
        let items = html.split(separator: "\n").filter { $0.hasPrefix("<li>") }
        #expect(Array(items.prefix(5)) == [
            "<li><strong>Geneva &lt;old town&gt;, Switzerland, online</strong>: All three</li>",
            "<li><strong>online</strong>: Online only</li>",
            "<li><strong>Sweden</strong>: Country only</li>",
            "<li><strong>St. *Anne*</strong>: City only</li>",
            "<li>Nowhere</li>",
        ])
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"))
        #expect(html.contains("<title>Places</title>"))
        // The statistics end the page: one country visit (Sweden), the rest
        // none, each with what it counts; "1 country visit" in the singular
        // (it read "1 country visits").
        #expect(html.hasSuffix("""
            <h2>Statistics</h2>
            <dl class="stats">
            <div class="stat"><dt>1 country visit</dt><dd>Sweden</dd><dd class="counts">Counts the countries of \
            the coalition&#39;s activities held in person.</dd></div>
            <div class="stat"><dt>0 advocacy meetings with top officials</dt><dd class="counts">Counts the coalition&#39;s \
            activities where it met a minister, head of state or other official (not a parliamentarian).</dd></div>
            <div class="stat"><dt>0 advocacy meetings with Members of Parliament</dt><dd class="counts">Counts the \
            coalition&#39;s activities where it met a member of parliament, or tagged parliamentarians.</dd></div>
            <div class="stat"><dt>0 statements and keynote presentations</dt><dd class="counts">Counts the coalition&#39;s \
            statements, and its activities of the kind presentation.</dd></div>
            <div class="stat"><dt>0 new members</dt><dd class="counts">Counts the members whose joining date falls in \
            the period.</dd></div>
            <div class="stat"><dt>0 Board meetings</dt><dd class="counts">Counts the coalition&#39;s activities of the \
            kind board_meeting.</dd></div>
            </dl>
            </body>
            </html>

            """), "\(html.suffix(600))")
    }

    @Test func placesInJSON() throws {
        let json = Self.outputs()["r.json", default: ""]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let months = try #require(object["months"] as? [[String: Any]])
        let activities = try #require(months.first?["activities"] as? [[String: Any]])
        #expect(activities.compactMap { $0["place"] as? String }
                == ["Geneva <old town>, Switzerland, online", "online", "Sweden", "St. *Anne*", ""])
    }
}
