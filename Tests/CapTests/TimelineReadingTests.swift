import Foundation
import Testing

/// The Markdown timeline as a reader takes it in (issue 33): a law's
/// country said once, its stages in the order a law goes through them.
@Suite struct TimelineReadingTests {
    static let data = """
        law ni_2015 "Human Trafficking Act" {
          jurisdiction GB-NIR
          model abolitionist
          passed 2015-06-09
          in_force 2015-06
        }
        law se_1999 "Sex Purchase Act" {
          jurisdiction SE
          model abolitionist
          passed 1998-05
          in_force 1999-01-01
        }

        """

    static func timeline() throws -> [String] {
        let dir = EndToEndTests.folder(["data.cap": data])
        let r = try EndToEndTests.run(["timeline", "."], in: dir.url, environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("- ") }
    }

    @Test func aLawsCountryIsNamedOnce() throws {
        let lines = try Self.timeline()
        // It read "Sweden: Sex Purchase Act passed (Sweden)".
        #expect(lines.first == "- **May 1998** — Sweden: Sex Purchase Act passed")
        #expect(lines.contains("- **1 Jan 1999** — Sweden: Sex Purchase Act enters into force"))
    }

    @Test func stagesKeepTheirOrderWhenAMonthHoldsADay() throws {
        let lines = try Self.timeline()
        // In force "June 2015" (a month) sorted before passed on 9 June.
        #expect(lines.suffix(2) == [
            "- **9 Jun 2015** — Northern Ireland: Human Trafficking Act passed",
            "- **Jun 2015** — Northern Ireland: Human Trafficking Act enters into force",
        ])
    }
}
