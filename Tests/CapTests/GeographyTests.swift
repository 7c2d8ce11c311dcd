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

@Suite struct JurisdictionTests {
    @Test func swedenByEveryCode() throws {
        let se = try #require(Jurisdictions.lookup(code: "SE"))
        #expect(se.code == "SE")
        #expect(se.alpha3 == "SWE")
        #expect(se.numeric == "752")
        #expect(se.name == "Sweden")
        #expect(!se.isSubdivision)
        #expect(Jurisdictions.lookup(code: "SWE") == se)
        #expect(Jurisdictions.lookup(name: "Sweden") == se)
        #expect(Jurisdictions.lookup(name: "sweden") == se)
    }

    @Test func codesAreUppercaseOnly() {
        #expect(Jurisdictions.lookup(code: "se") == nil)
        #expect(Jurisdictions.lookup(code: "Se") == nil)
        #expect(!Jurisdictions.contains(code: "se"))
        #expect(Jurisdictions.contains(code: "SE"))
        #expect(Jurisdictions.lookup(code: "") == nil)
        #expect(Jurisdictions.lookup(code: "XX") == nil)
        #expect(Jurisdictions.lookup(code: "GB-NIR-EXTRA") == nil)
    }

    @Test func northernIrelandIsASubdivisionOfGB() throws {
        let nir = try #require(Jurisdictions.lookup(code: "GB-NIR"))
        #expect(nir.name == "Northern Ireland")
        #expect(nir.parent == "GB")
        #expect(nir.isSubdivision)
        #expect(nir.alpha3 == nil && nir.numeric == nil)
        #expect(Jurisdictions.lookup(name: "Northern Ireland") == nir)
        #expect(Jurisdictions.lookup("GB-NIR") == nir)
        #expect(Jurisdictions.lookup("Northern Ireland") == nir)
    }

    @Test func britishNations() {
        #expect(Jurisdictions.lookup(name: "Scotland")?.code == "GB-SCT")
        #expect(Jurisdictions.lookup(name: "Wales")?.code == "GB-WLS")
        #expect(Jurisdictions.lookup(name: "England")?.code == "GB-ENG")
    }

    @Test(arguments: [
        ("UK", "GB"), ("United Kingdom", "GB"), ("Great Britain", "GB"),
        ("USA", "US"), ("United States", "US"), ("United States of America", "US"),
        ("Holy See", "VA"), ("Vatican City", "VA"), ("Russia", "RU"),
        ("South Korea", "KR"), ("North Korea", "KP"), ("Iran", "IR"), ("Vietnam", "VN"),
        ("Czech Republic", "CZ"), ("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"),
        ("cote divoire", "CI"), ("Palestine", "PS"), ("Taiwan", "TW"), ("Turkey", "TR"),
        ("Türkiye", "TR"), ("Swaziland", "SZ"), ("Burma", "MM"), ("Cape Verde", "CV"),
        ("East Timor", "TL"), ("The Gambia", "GM"), ("St. Lucia", "LC"),
        ("Trinidad & Tobago", "TT"), ("Kosovo", "XK"),
    ])
    func namesAndAliases(name: String, code: String) {
        #expect(Jurisdictions.lookup(name: name)?.code == code)
    }

    @Test func ambiguousNamesResolveToNothing() {
        #expect(Jurisdictions.lookup(name: "Korea") == nil)
        #expect(Jurisdictions.lookup(name: "America") == nil)
        #expect(Jurisdictions.suggestions(for: "Korea").map(\.code) == ["KP", "KR"])
    }

    @Test func countryNamesHideSubdivisions() {
        #expect(Jurisdictions.lookup(name: "Georgia")?.code == "GE")
        #expect(Jurisdictions.lookup(name: "Luxembourg")?.code == "LU")
    }

    /// Names in ASCII take a byte-by-byte path to their key; it must give
    /// the key the general path (fold, then Unicode properties) gives.
    @Test func asciiNameKeysMatchTheGeneralPath() {
        let table = JurisdictionTable.shared
        var names = table.all.flatMap { [$0.name] + [$0.officialName].compactMap { $0 } } + table.otherNames.flatMap { $0 }
        names += ["The Gambia", "St. Kitts & Nevis", "U.K.", "Cote d'Ivoire", "  two  spaces ", "gb-nir", "a_b",
                  "", "THE", "the", "st", "x\ty", "\r\n", "`quoted`", "1,2"]
        var compared = 0
        for name in names {
            guard let fast = ISONameKey.asciiKey(name) else { continue }
            #expect(fast == ISONameKey.key(LatinFold.fold(name)), "\(name)")
            compared += 1
        }
        #expect(compared > 1_000)
        #expect(ISONameKey.asciiKey("Côte") == nil)
    }

    @Test func suggestions() {
        #expect(Jurisdictions.suggestions(for: "Swedn").first?.code == "SE")
        #expect(Jurisdictions.suggestions(for: "Nothern Ireland").first?.code == "GB-NIR")
        #expect(Jurisdictions.suggestions(for: "GB-NIRL").first?.code == "GB-NIR")
        #expect(Jurisdictions.suggestions(for: "SWD").first?.code == "SE")
        #expect(Jurisdictions.suggestions(for: "se").first?.code == "SE")
        #expect(Jurisdictions.suggestions(for: "America").first?.code == "US")
        #expect(Jurisdictions.suggestions(for: "Swedn", limit: 1).count == 1)
        #expect(Jurisdictions.suggestions(for: "").isEmpty)
    }

    @Test func allCountriesPresentAndOrdered() {
        let countries = Jurisdictions.countries
        #expect(countries.count == 249)
        #expect(countries.map(\.code) == countries.map(\.code).sorted())
        #expect(countries.allSatisfy { !$0.isSubdivision && $0.alpha3?.count == 3 })
        #expect(!countries.contains { $0.code == "XK" })
    }

    @Test func numericCodesAreZeroPadded() {
        #expect(Jurisdictions.lookup(code: "AF")?.numeric == "004")
        #expect(Jurisdictions.lookup(code: "AD")?.numeric == "020")
        #expect(Jurisdictions.countries.allSatisfy { $0.numeric?.count == 3 })
    }

    @Test func everyCountryIsReachableByItsNames() {
        for country in Jurisdictions.countries {
            #expect(Jurisdictions.lookup(name: country.name) == country)
            if let official = country.officialName {
                #expect(Jurisdictions.lookup(name: official) == country)
            }
        }
    }

    @Test func subdivisions() {
        let gb = Jurisdictions.subdivisions(of: "GB")
        #expect(gb.contains { $0.code == "GB-NIR" })
        #expect(gb.allSatisfy { $0.countryCode == "GB" })
        #expect(Jurisdictions.subdivisions(of: "GB-NIR").allSatisfy { $0.parent == "GB-NIR" })
        #expect(Jurisdictions.subdivisions(of: "XX").isEmpty)
        #expect(Jurisdictions.lookup(code: "GB-ABC")?.parent == "GB-NIR")
        // iso-codes writes some parents without the country prefix.
        #expect(Jurisdictions.lookup(code: "ES-B")?.parent == "ES-CT")
    }
}

@Suite struct LanguageTests {
    @Test(arguments: [
        ("en", "English"), ("fr", "French"), ("es", "Spanish"), ("de", "German"),
        ("ko", "Korean"), ("ar", "Arabic"), ("pt", "Portuguese"),
    ])
    func commonLanguages(code: String, name: String) throws {
        let language = try #require(Languages.lookup(code: code))
        #expect(language.name == name)
        #expect(Languages.lookup(name: name) == language)
    }

    @Test func codes() {
        #expect(Languages.lookup(code: "en")?.alpha3 == "eng")
        #expect(Languages.lookup(code: "xx") == nil)
        #expect(Languages.lookup(code: "EN") == nil)
        #expect(Languages.lookup(code: "eng") == nil)
        #expect(Languages.all.count == 185)  // ISO 639-1 as cap ships it
        #expect(Languages.all.allSatisfy { $0.code.count == 2 })
    }

    @Test func names() {
        #expect(Languages.lookup(name: "English")?.code == "en")
        #expect(Languages.lookup(name: "french")?.code == "fr")
        #expect(Languages.lookup(name: "Castilian")?.code == "es")
        #expect(Languages.lookup(name: "Greek")?.code == "el")
        #expect(Languages.lookup(name: "Klingon") == nil)
    }

    @Test func suggestions() {
        #expect(Languages.suggestions(for: "english").first?.code == "en")
        #expect(Languages.suggestions(for: "Englsh").first?.code == "en")
        #expect(Languages.suggestions(for: "eng").first?.code == "en")
        #expect(Languages.suggestions(for: "fre").first?.code == "fr")
        #expect(Languages.suggestions(for: "ger").first?.code == "de")
    }

    /// The checker validates codes with a table built straight from the
    /// bytes; it must accept exactly the codes the full table knows.
    @Test func theCodeOnlyTableAgreesWithTheFullOne() {
        let table = JurisdictionTable.shared
        var codes = 0
        for j in table.all {
            for code in [j.code] + (j.alpha3.map { [$0] } ?? []) {
                codes += 1
                #expect(Jurisdictions.contains(code: code), "\(code)")
            }
        }
        #expect(codes > 5_500)
        #expect(JurisdictionCodes.shared.count == codes)
        for wrong in ["", "S", "se", "SWD", "GB-XYZ", "XX", "GBNIR", "ABCDEFGHIJ"] {
            #expect(!Jurisdictions.contains(code: wrong), "\(wrong)")
        }
    }
}
