import Foundation
import Testing

/// The annual report as a board member reads it before publishing: whose
/// activities, which numbers, in what order and in what words. Each test
/// is one defect the report had (issue 33).
@Suite struct ReportContentTests {
    static func report(_ period: String, _ format: String = "md", data: URL? = nil) throws -> String {
        let path = data?.path ?? "Examples"
        let r = try EndToEndTests.run(["report", "--period", period, "--format", format, path],
                                      environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    /// The lines of one `##` section.
    static func section(_ title: String, of text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "## " + title) else { return [] }
        let rest = lines[(start + 1)...]
        return Array(rest.prefix { !$0.hasPrefix("## ") }).filter { !$0.isEmpty }
    }

    @Test func statementsAreAmongTheMonthsActivities() throws {
        let activities = Self.section("Activities", of: try Self.report("2017"))
        let april = try #require(activities.firstIndex(of: "### April 2017"))
        #expect(activities[april + 1].hasPrefix("- Press statement one year on from the passing of the French abolitionist law"))
        let december = try #require(activities.firstIndex(of: "### December 2017"))
        #expect(activities[december + 1].hasPrefix("- Joint press statement with Talita"))
    }

    @Test func theMonthNotRecordedComesAfterDecember() throws {
        let headings = Self.section("Activities", of: try Self.report("2017")).filter { $0.hasPrefix("### ") }
        #expect(headings.first == "### January 2017")
        #expect(headings.suffix(2) == ["### December 2017", "### 2017 (month not recorded)"])
    }

    @Test func theOrganisationIsNamedIntroducedAndLinked() throws {
        let text = try Self.report("2017")
        #expect(text.hasPrefix("""
            # Annual Report 2017

            **CAP International** — Coalition for the Abolition of Prostitution

            A coalition of frontline abolitionist NGOs providing direct assistance
            """.replacingOccurrences(of: "assistance\n", with: "assistance")))
        #expect(text.contains("\n<http://www.cap-international.org>\n"))
    }

    @Test func publishedFiguresAreTheHeadlineAndDifferencesGoToTheEditors() throws {
        let text = try Self.report("2017")
        let statistics = Self.section("Statistics", of: text)
        // The coalition published 12 country visits; the data counts 14.
        #expect(statistics.first == "- **12 country visits** — *the countries of the coalition's activities held in person*")
        let editors = Self.section("For the editors: figures to check", of: text)
        #expect(editors.first?.hasPrefix("- country visits: the report gives 12, the data counts 14 (2 more). "
            + "Check that each one counted is the coalition's own and in the period, or correct the published figure.") == true)
        #expect(editors.contains { $0.hasPrefix("- Board meetings: the report gives 4, the data counts 0 (4 fewer). Record the missing activities") })
    }

    @Test func theCheckAdvisesInTheDirectionOfTheDifference() throws {
        let r = try EndToEndTests.run(["check", "Examples"])
        let lines = r.stdout.components(separatedBy: "\n")
        func help(after warning: String) -> String? {
            guard let i = lines.firstIndex(where: { $0.contains(warning) }) else { return nil }
            return lines[i...].first { $0.contains("= help:") }
        }
        // 14 counted against 12 declared: recording more would be backwards.
        #expect(help(after: "declares 12 country visits for 2017; the data gives 14")?.contains("the data counts more than declared") == true)
        #expect(help(after: "declares 4 Board meetings for 2017; the data gives 0")?.contains("record the missing activities") == true)
    }

    @Test func membersOfParliamentAreNotTopOfficials() throws {
        let text = try Self.report("2017")
        let editors = Self.section("For the editors: figures to check", of: text)
        let officials = try #require(editors.first { $0.hasPrefix("- advocacy meetings with top officials") })
        #expect(officials.hasSuffix("Counted: Jean-Yves Le Drian, Emmanuel Macron."))
        let mps = try #require(editors.first { $0.hasPrefix("- advocacy meetings with Members of Parliament") })
        #expect(mps.hasSuffix("Counted: Caterina Bini, Malin Björk."))
    }

    @Test func tagsAreShownByTheirNames() throws {
        let activities = Self.section("Activities", of: try Self.report("2017"))
        #expect(activities.contains("- **New York, United States**: CSW 61: first abolitionist official side event · UN advocacy"))
    }

    @Test func aCampaignWithoutDatesIsListedOnlyInTheYearsOfItsActivities() throws {
        let campaigns2017 = Self.section("Campaigns", of: try Self.report("2017"))
        // The EXIT campaign in Portugal (2018-19) was listed in 2017's report.
        #expect(!campaigns2017.contains("- EXIT campaign in Portugal"))
        // Last Girl First has no dates either; the New Delhi congress of
        // January 2017 is one of its activities.
        #expect(campaigns2017.contains("- Last Girl First"))
    }

    @Test func othersEventsAreNotTheCoalitionsActivities() throws {
        let activities = Self.section("Activities", of: try Self.report("2019"))
        // Training organised by the Portuguese Platform, a member, alone.
        #expect(!activities.contains { $0.contains("Training for young abolitionists") })
    }

    @Test func periodTitlesNameEachMonthOnce() throws {
        #expect(try Self.report("2021-06").hasPrefix("# Report June 2021\n"))
        #expect(try Self.report("2017-01..2017-06").hasPrefix("# Report January – June 2017\n"))
    }

    /// A report's `covers` says whose activities it reports: a member's own
    /// report counts the member's events, not the coalition's.
    @Test func aReportCoversWhomItNames() throws {
        let dir = EndToEndTests.folder(["data.cap": """
            coalition cap "CAP International" { }
            member talita "Talita" {
              country SE
            }
            event conference "Conference on the Swedish law" {
              date 2017-10
              organisers talita
            }
            event side "Side event" {
              date 2017-03
              organisers cap
            }
            report coalition "Coalition 2017" {
              period 2017
              format md
              output "coalition.md"
            }
            report members "Talita 2017" {
              period 2017
              format md
              output "talita.md"
              covers talita
            }

            """])
        let r = try EndToEndTests.run(["build", "-o", "out", "."], in: dir.url, environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        func activities(_ name: String) throws -> [String] {
            let text = String(decoding: try EndToEndTests.read(dir.url.appendingPathComponent("out/" + name)), as: UTF8.self)
            return Self.section("Activities", of: text).filter { $0.hasPrefix("- ") }
        }
        #expect(try activities("coalition.md") == ["- Side event"])
        #expect(try activities("talita.md") == ["- Conference on the Swedish law"])
    }
}
