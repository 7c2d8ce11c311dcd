import Foundation
import Testing
@testable import CapSchema

/// The UN M49 regions cap embeds (Scripts/generate-m49-data.py, from
/// Debian's unicode-cldr-core) and places rolling up to their countries.
/// Expected values are from the UN M49 table (unstats.un.org/unsd/methodology/m49).
@Suite struct RegionsTests {
    func placement(_ code: String) throws -> Regions.Placement { try #require(Regions.placement(of: code)) }

    @Test func countriesSitInTheirM49RegionAndSubregion() throws {
        let se = try placement("SE")
        #expect((se.region.name, se.region.code, se.subregion.name, se.subregion.code) == ("Europe", "150", "Northern Europe", "154"))
        #expect(se.intermediate == nil)
        let ml = try placement("ML")
        #expect((ml.region.name, ml.subregion.name, ml.intermediate?.name, ml.intermediate?.code) == ("Africa", "Sub-Saharan Africa", "Western Africa", "011"))
        let eg = try placement("EG")
        #expect((eg.subregion.name, eg.intermediate?.name) == ("Northern Africa", nil))
        let br = try placement("BR")
        #expect((br.region.name, br.subregion.name, br.intermediate?.name) == ("Americas", "Latin America and the Caribbean", "South America"))
        #expect(try placement("CA").subregion.name == "Northern America")
        #expect(try placement("IN").subregion.name == "Southern Asia")
        #expect(try placement("VN").subregion.name == "South-eastern Asia")
        #expect(try placement("AU").subregion.name == "Australia and New Zealand")
        #expect(try placement("FM").subregion.name == "Micronesia")
        #expect(try placement("TR").subregion.name == "Western Asia")
    }

    @Test func aSubdivisionIsWhereItsCountryIsAndAntarcticaNowhere() throws {
        #expect(try placement("GB-NIR").subregion.name == "Northern Europe")
        #expect(try placement("FR-75").region.name == "Europe")
        #expect(Regions.placement(of: "AQ") == nil)
        #expect(Regions.placement(of: "ZZ") == nil)
    }

    @Test func everyCountryButAntarcticaHasARegion() {
        let missing = Jurisdictions.countries.map(\.code).filter { Regions.placement(of: $0) == nil }
        #expect(missing == ["AQ"])
        #expect(Regions.all.count == 29)
    }

    @Test func placesLieWithinTheirCountryAndTheLevelsAbove() {
        #expect(Jurisdictions.isWithin("GB-NIR", "GB"))
        #expect(Jurisdictions.isWithin("GB-BFS", "GB-NIR"))
        #expect(Jurisdictions.isWithin("GB-BFS", "GB"))
        #expect(Jurisdictions.isWithin("GB", "GB"))
        #expect(!Jurisdictions.isWithin("GB", "GB-NIR"))
        #expect(!Jurisdictions.isWithin("GB-SCT", "GB-NIR"))
        #expect(!Jurisdictions.isWithin("IE", "GB"))
        #expect(!Jurisdictions.isWithin("GB-XXX", "GB"))  // not an ISO 3166-2 code
        #expect(Jurisdictions.isWithin("ES-PM", "ES-IB"))
    }

    /// The committed table is what the script writes from the installed
    /// packages (make test installs them), so it can be regenerated.
    @Test func theGeneratedTableIsWhatTheScriptWrites() throws {
        try GeneratedTables.expectScript("generate-m49-data.py", writes: "Sources/CapSchema/Generated/M49Data.swift",
                                         from: "unicode-cldr-core and iso-codes")
    }
}
