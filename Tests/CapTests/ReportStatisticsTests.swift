import Foundation
import Testing
@testable import CapBase
@testable import CapValues
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish

/// The report's statistics as .cap queries (Prelude/statistics.cap): the
/// built-in ones give the numbers the Swift code gave, a report replaces
/// one with its own query, and a query that fails is an error at the report.
@Suite struct ReportStatisticsTests {
    static let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples").path

    /// A report of 2017 over Examples/ that names `statistics`, with `lets`.
    static func data(_ lets: String, statistics: String) -> TemporaryFolder {
        let dir = TemporaryFolder()
        dir.write("stats.cap", """
            report stats_2017 "Statistics 2017" {
              period 2017
              format md
              output "stats.md"
              statistic \(statistics)
            }
            \(lets)

            """)
        return dir
    }

    @Test func thePreludeNamesSixStatisticsEachWithItsQuery() {
        #expect(ReportStatistics.builtIns.map(\.name) == [
            "country visits", "advocacy meetings with top officials", "advocacy meetings with Members of Parliament",
            "statements and keynote presentations", "new members", "Board meetings",
        ])
        #expect(ReportStatistics.builtIns.first?.counts == "the countries of the coalition's activities held in person")
        let lets = ReportStatistics.statements.compactMap { s -> String? in
            if case .binding(let name, _, _, _) = s.kind { return name } else { return nil }
        }
        for b in ReportStatistics.builtIns { #expect(lets.contains(b.binding), "no let \(b.binding)") }
    }

    /// The numbers the report gave when they were computed in Swift (the
    /// editors' list of Tests/Golden/annual-report-2017.md).
    @Test func theBuiltInsGiveTheSameNumbersOnExamples() throws {
        let ws = Workspace.load(paths: [Self.examples])
        let program = ws.check(today: try CapDate.parse("2021-12-31"))
        #expect(!ws.diagnostics.hasErrors)
        let model = program.model
        var periods = Report.Periods()
        let year = try CapDate.parse("2017")
        let period = periods.period(model, from: year, to: year) { Timeline.Index(model) }.period
        let stats = period.statistics.filter(\.builtIn)
        #expect(stats.map(\.name) == ReportStatistics.builtIns.map(\.name))
        #expect(stats.map(\.value) == [14, 2, 3, 9, 6, 0])
        #expect(stats[0].items.prefix(3) == ["Lithuania", "Italy", "India"])
        #expect(stats[1].items == ["Jean-Yves Le Drian", "Emmanuel Macron"])
        #expect(stats[2].items == ["Caterina Bini", "Malin Björk"])
        #expect(stats[4].items == ["EVA Center", "Maiti Nepal", "People Serving Girls at Risk", "South Kolkata Hamari Muskan",
                                   "Comisión Unidos vs Trata", "Iniciativa Pro Equidad de Género"])
        #expect(stats[5].items.isEmpty)
    }

    @Test func aReportsOwnQueryReplacesTheBuiltInOfItsName() throws {
        let dir = Self.data("""
            let country_visits(activities) = activities
              | where type == "event" and online != true and country in [FR, SE]
              | map country
              | distinct
            """, statistics: "country_visits")
        let out = TemporaryFolder()
        let r = try EndToEndTests.run(["build", "-o", out.path, Self.examples, dir.path], environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        let text = String(decoding: try EndToEndTests.read(out.url.appendingPathComponent("stats.md")), as: UTF8.self)
        // The coalition published 12 for 2017: the report shows that, with
        // the query, and the editors' list the number the query gives.
        #expect(text.contains("- **12 country visits** — *activities \\| where type == \"event\" and online != true and country in \\[FR, SE\\] \\| map country \\| distinct*"),
                "\(text)")
        #expect(text.contains("- country visits: the report gives 12, the data counts 2 (10 fewer). Record the missing activities, or correct the published figure. Counted: Sweden, France."))
        #expect(!text.contains("the data counts 14"))
        // The other built-ins stay, with what they count.
        #expect(text.contains("- **7 statements and keynote presentations** — *the coalition's statements, and its activities of the kind presentation*"))
    }

    /// `cap check` compares the coalition's published figure with what each
    /// report shows: the report that replaces "country visits" is compared
    /// on its own query (12 against 2), and Examples' annual report, which
    /// keeps the built-in, still on the built-in (12 against 14).
    @Test func checkComparesThePublishedFigureWithTheReportsOwnQuery() throws {
        let dir = Self.data("""
            let country_visits(activities) = activities
              | where type == "event" and online != true and country in [FR, SE]
              | map country
              | distinct
            """, statistics: "country_visits")
        let r = try EndToEndTests.run(["check", Self.examples, dir.path], mergingStandardError: true)
        #expect(r.status == 0, "\(r.stdout)")
        let warnings = r.stdout.split(separator: "\n").filter { $0.contains("warning[W0702]") && $0.contains("country visits") }
        #expect(warnings.map { String($0.split(separator: " ", maxSplits: 1)[1]) } == [
            "warning[W0702]: CAP International declares 12 country visits for 2017; the data gives 14",
            "warning[W0702]: CAP International declares 12 country visits for 2017; the data gives 2",
        ], "\(r.stdout)")
        #expect(r.stdout.contains("checked 27 files: 0 errors, 6 warnings"), "\(r.stdout)")
    }

    /// A French report translates the built-in statistics' sentences, and
    /// shows a report's own query as written.
    @Test func aFrenchReportShowsTheQueryAsWritten() throws {
        let dir = TemporaryFolder()
        dir.write("stats.cap", """
            report stats_2017 "Statistics 2017" {
              period 2017
              format md
              lang fr
              output "stats.md"
              statistic country_visits
            }
            let country_visits(activities) = activities | where type == "event" and country == SE | map country | distinct

            """)
        let out = TemporaryFolder()
        let r = try EndToEndTests.run(["build", "-o", out.path, Self.examples, dir.path], environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        let text = String(decoding: try EndToEndTests.read(out.url.appendingPathComponent("stats.md")), as: UTF8.self)
        #expect(text.contains("*activities \\| where type == \"event\" and country == SE \\| map country \\| distinct*"), "\(text)")
        #expect(text.contains("Suède"), "\(text)")
        #expect(!text.contains("the coalition's statements, and its activities of the kind presentation"), "\(text)")
    }

    @Test func aStatisticMayCountOneThingAndListAnother() throws {
        let dir = Self.data("""
            let fixed_figure(activities, period) = {count: 5, items: [period]}
            """, statistics: "fixed_figure")
        let out = TemporaryFolder()
        let r = try EndToEndTests.run(["build", "-o", out.path, Self.examples, dir.path], environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        let text = String(decoding: try EndToEndTests.read(out.url.appendingPathComponent("stats.md")), as: UTF8.self)
        #expect(text.contains("- **5 fixed figure**: 2017 — *{count: 5, items: \\[period\\]}*"), "\(text)")
    }

    @Test func aFailingQueryIsAnErrorAtTheReport() throws {
        let dir = Self.data("let country_visits(activities) = (activities | count) / 0", statistics: "country_visits")
        let r = try EndToEndTests.run(["check", Self.examples, dir.path])
        #expect(r.status != 0)
        let report = dir.url.appendingPathComponent("stats.cap").path
        #expect(r.stderr.contains("\(report):1:8: error[E0714]: the statistic 'country visits' of report 'stats_2017' could not be computed: division by zero")
                    || r.stdout.contains("\(report):1:8: error[E0714]"), "\(r.stdout)\n\(r.stderr)")
        let all = r.stdout + r.stderr
        #expect(all.contains("the query fails here"), "\(all)")
    }

    @Test func aStatisticWithTooManyParametersIsAnErrorAtTheReport() throws {
        let dir = Self.data("let country_visits(a, b, c) = 1", statistics: "country_visits")
        let r = try EndToEndTests.run(["check", Self.examples, dir.path], mergingStandardError: true)
        #expect(r.status != 0)
        #expect(r.stdout.contains("error[E0714]: the statistic 'country visits' of report 'stats_2017' takes 3 parameters"), "\(r.stdout)")
    }

    @Test func capSchemaPrintsTheBuiltInStatistics() throws {
        let r = try EndToEndTests.run(["schema", "--statistics"])
        #expect(r.status == 0)
        let file = EndToEndTests.packageRoot.appendingPathComponent("Sources/CapPublish/Prelude/statistics.cap")
        #expect(r.stdout == String(decoding: try EndToEndTests.read(file), as: UTF8.self))
        #expect(r.stdout.contains("let country_visits(activities, period) = events_among(activities)"))
        let refused = try EndToEndTests.run(["schema", "--statistics", "law"])
        #expect(refused.status == 2)
    }
}
