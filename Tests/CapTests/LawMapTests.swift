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

/// The law map as it stood on a given day, from the Examples data and from
/// small data made for the edge cases.
@Suite struct LawMapTests {
    static func model(_ text: String) -> Model {
        let ws = Workspace()
        ws.addSource(name: "laws.cap", text: text)
        ws.check()
        #expect(!ws.diagnostics.hasErrors, "\(ws.diagnostics.diagnostics.map(\.message))")
        return Model(workspace: ws)
    }

    /// A fresh model per use: tests run in parallel and a model's caches are
    /// not shared across threads.
    static var examples: Model {
        let ws = Workspace.load(paths: [EndToEndTests.packageRoot.appendingPathComponent("Examples").path])
        ws.check()
        return Model(workspace: ws)
    }

    static func row(_ code: String, _ asOf: String, in model: Model = examples) -> LawMapRow? {
        LawMap.rows(model, asOf: try! CapDate.parse(asOf)).first { $0.code == code }
    }

    @Test func everyCountryAndNorthernIreland() {
        let rows = LawMap.rows(Self.examples, asOf: try! CapDate.parse("2020-12-31"))
        #expect(rows.count == 250)  // 249 ISO 3166-1 countries + GB-NIR
        #expect(Set(rows.map(\.code)).count == rows.count)
        let nir = rows.first { $0.code == "GB-NIR" }
        #expect(nir?.name == "Northern Ireland")
        #expect(nir?.isoA3 == "", "a subdivision must not pose as the UK in a country map")
        #expect(rows.first { $0.code == "GB" }?.model == nil)
    }

    @Test func franceAndIrelandAtTheEndOf2016() {
        #expect(Self.row("FR", "2016-12-31")?.model == "abolitionist")
        // From the final vote (6 April); the law bears the date of its promulgation (13 April).
        #expect(Self.row("FR", "2016-12-31")?.adopted?.description == "2016-04-06")
        #expect(Self.row("IE", "2016-12-31")?.model == nil)
        #expect(Self.row("IE", "2017-12-31")?.model == "abolitionist")
        #expect(Self.row("FR", "2016-04-05")?.model == nil)
        #expect(Self.row("FR", "2016-04-06")?.model == "abolitionist")
    }

    @Test func israelPendingNotLawAtTheEndOf2017() {
        let il = Self.row("IL", "2017-12-31")
        #expect(il?.status == "approved")
        #expect(il?.model == nil)
        #expect(il?.adopted == nil, "the 2018 vote is not yet a fact at the end of 2017")
        #expect(Self.row("IL", "2019-01-01")?.model == "abolitionist")
    }

    @Test func swedenNorthernIrelandAndGermany() {
        let se = Self.row("SE", "2000-01-01")
        #expect(se?.model == "abolitionist" && se?.status == "in force" && se?.inForce?.description == "1999-01-01")
        #expect(Self.row("GB-NIR", "2015-12-31")?.inForce?.description == "2015-06-01")
        #expect(Self.row("DE", "2010-01-01")?.model == "legalised")
    }

    @Test func partialDatesCountOnlyWhenCertainlyPast() {
        let m = Self.model("""
            law a "A" {
              jurisdiction SE
              model abolitionist
              passed 1998
            }
            """)
        #expect(Self.row("SE", "1998-06-30", in: m)?.model == nil, "passed some day in 1998: not certainly by June")
        #expect(Self.row("SE", "1998-12-31", in: m)?.model == "abolitionist")
    }

    @Test func repealedAndReplacedLaws() {
        let m = Self.model("""
            law old "Old" {
              jurisdiction NL
              model prohibitionist
              passed 1911
              repealed 2000-10-01
            }
            law new "New" {
              jurisdiction NL
              model legalised
              passed 1999-10
              in_force 2000-10-01
            }
            """)
        #expect(Self.row("NL", "1950-01-01", in: m)?.model == "prohibitionist")
        #expect(Self.row("NL", "1999-12-31", in: m)?.model == "legalised")
        #expect(Self.row("NL", "1999-12-31", in: m)?.status == "passed")
        #expect(Self.row("NL", "2001-01-01", in: m)?.status == "in force")
    }

    @Test func csvIsRFC4180AndNeutralisesFormulas() {
        let rows = [LawMapRow(code: "XX", isoA2: "XX", isoA3: "XXX", isoNumeric: "999", name: "Test, \"quoted\"",
                              model: "abolitionist", status: "passed", lawTitle: "=HYPERLINK(\"x\")")]
        let csv = LawMapWriter.csv(rows)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == LawMapWriter.csvHeader.joined(separator: ","))
        #expect(lines[1].contains("\"Test, \"\"quoted\"\"\""))
        #expect(lines[1].contains("'=HYPERLINK"))
        #expect(!lines[1].contains(",=HYPERLINK"))
    }

    @Test func geoJSONIsAFeatureCollection() throws {
        let rows = LawMap.rows(Self.examples, asOf: try CapDate.parse("2016-12-31"))
        let text = LawMapWriter.geoJSON(rows, asOf: try CapDate.parse("2016-12-31"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "FeatureCollection")
        let features = try #require(object["features"] as? [[String: Any]])
        #expect(features.count == 250)
        let fr = try #require(features.first { $0["id"] as? String == "FR" })
        #expect(fr["geometry"] is NSNull)
        let properties = try #require(fr["properties"] as? [String: Any])
        #expect(properties["model"] as? String == "abolitionist")
        #expect(properties["adopted"] as? String == "2016-04-06")
    }

    @Test func yearMatrixFollowsTheLaws() {
        let text = LawMapWriter.years(LawMap.laws(Self.examples), asOf: try! CapDate.parse("2016-12-31"))
        let lines = text.components(separatedBy: "\r\n")
        let header = lines[0].components(separatedBy: ",")
        #expect(header.prefix(3) == ["code", "iso_a3", "name"])
        #expect(header.last == "2016")
        let fr = try! #require(lines.first { $0.hasPrefix("FR,") }).components(separatedBy: ",")
        #expect(fr.last == "abolitionist")
        #expect(fr[header.firstIndex(of: "2015")!] == "")
    }

    // MARK: Topics, parts, relations (issue 30)

    /// Only laws on prostitution are on the map; a law with no topic is one.
    @Test func onlyLawsOnProstitutionAreOnTheMap() {
        let model = Self.model("""
            law is_2003 "Penal Code, article 227 a" {
              jurisdiction IS
              topic trafficking
              in_force 2003
            }
            law is_2009 "Penal Code, article 206" {
              jurisdiction IS
              topic prostitution, trafficking
              model abolitionist
              in_force 2009-04
            }
            """)
        #expect(Self.row("IS", "2005-01-01", in: model)?.status == nil)
        #expect(Self.row("IS", "2010-01-01", in: model)?.lawID == "is_2009")
    }

    /// A model the law does not declare follows from who it penalises.
    @Test func theModelIsDerivedFromTheParts() {
        let model = Self.model("""
            law se_1999 "Sex Purchase Act" {
              jurisdiction SE
              criminalisation { act buying; penalised true; stage in_force }
              criminalisation { act selling; penalised false }
              in_force 1999-01-01
            }
            law nz_2003 "Prostitution Reform Act" {
              jurisdiction NZ
              criminalisation { act buying; penalised false }
              criminalisation { act selling; penalised false }
              criminalisation { act organising; penalised false }
              criminalisation { act brothel_keeping; penalised false }
              in_force 2003-06-28
            }
            law gb_1956 "Sexual Offences Act 1956" {
              jurisdiction GB
              criminalisation { act buying; penalised false }
              criminalisation { act selling; penalised false }
              criminalisation { act brothel_keeping; penalised true }
              in_force 1957
            }
            """)
        #expect(Self.row("SE", "2000-01-01", in: model)?.model == "abolitionist")
        #expect(Self.row("NZ", "2004-01-01", in: model)?.model == "decriminalised")
        #expect(Self.row("GB", "2000-01-01", in: model)?.model == "partial")
    }

    /// A law superseded by one in force no longer counts, even when its own
    /// stages are later than the other's; before the new one is in force the
    /// old one still governs.
    @Test func aSupersededLawGivesWay() {
        let model = Self.model("""
            law old "Old Act" {
              jurisdiction SE
              model abolitionist
              passed 1998
              in_force 2010-01-01
            }
            law new "New Act" {
              jurisdiction SE
              model prohibitionist
              passed 2004
              in_force 2005-01-01
              supersedes old
            }
            """)
        // By date alone the old act (in force later) would win.
        #expect(Self.row("SE", "2011-01-01", in: model)?.lawID == "new")
        #expect(Self.row("SE", "2011-01-01", in: model)?.model == "prohibitionist")
        #expect(Self.row("SE", "2004-06-01", in: model)?.lawID == "old")
    }

    /// An amending law with no model is read into the law it amends, whose
    /// row says it was amended; an amending law in force with a model of its
    /// own replaces the amended law's; a complementing law never governs.
    @Test func amendingAndComplementingLaws() {
        let model = Self.model("""
            law fr_2016 "Law of 13 April 2016" {
              jurisdiction FR
              model abolitionist
              promulgated 2016-04-13
              partly_in_force { date 2016-04-15; part "Articles 1 to 17" }
            }
            law fr_2021 "Law of 21 April 2021" {
              jurisdiction FR
              passed 2021-04-15
              in_force 2021-04-22
              amends fr_2016
            }
            law fr_2017 "Decree on the exit programme" {
              jurisdiction FR
              passed 2017
              in_force 2017-01-01
              complements fr_2016
              model partial
            }
            law is_1940 "Penal Code" {
              jurisdiction IS
              model partial
              in_force 1940
            }
            law is_2009 "Act amending the Penal Code" {
              jurisdiction IS
              model abolitionist
              in_force 2009-04-17
              amends is_1940
            }
            """)
        let fr2020 = Self.row("FR", "2020-01-01", in: model)
        #expect(fr2020?.lawID == "fr_2016")
        #expect(fr2020?.model == "abolitionist")
        #expect(fr2020?.adopted?.description == "2016-04-13", "promulgation stands for adoption when no vote is recorded")
        #expect(fr2020?.statusText == "in force in part (Articles 1 to 17)")
        let fr2022 = Self.row("FR", "2022-01-01", in: model)
        #expect(fr2022?.lawID == "fr_2016")
        #expect(fr2022?.statusText == "in force in part (Articles 1 to 17), amended 2021-04-22 (by Law of 21 April 2021)")
        #expect(Self.row("IS", "2008-01-01", in: model)?.model == "partial")
        #expect(Self.row("IS", "2010-01-01", in: model)?.lawID == "is_2009")
        #expect(Self.row("IS", "2010-01-01", in: model)?.model == "abolitionist")
    }

    /// A repealed law no longer counts, and the law in force before it is
    /// not brought back by the repeal.
    @Test func aRepealedLawNoLongerCounts() {
        let model = Self.model("""
            law x "Act" {
              jurisdiction NO
              model abolitionist
              in_force 2009-01-01
              repealed 2020-01-01
              amendment { date 2012-05; change "Higher fines" }
            }
            """)
        #expect(Self.row("NO", "2015-01-01", in: model)?.statusText == "in force, amended 2012-05 (Higher fines)")
        #expect(Self.row("NO", "2021-01-01", in: model)?.status == nil)
    }
}
