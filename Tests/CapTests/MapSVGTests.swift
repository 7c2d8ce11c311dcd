import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
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

/// What an XML parser sees of a rendered map: every path by id, the legend,
/// and every text run.
final class SVGReader: NSObject, XMLParserDelegate {
    struct Path { var fill = "", d = "", title = "" }
    var paths: [String: Path] = [:]
    var pathOrder: [String] = []
    var legend: [String: Int] = [:]
    var legendOrder: [String] = []
    var texts: [String] = []
    var elements: Set<String> = []
    var attributeNames: Set<String> = []
    private var stack: [String] = []
    private var currentPath: String?
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        stack.append(name)
        elements.insert(name)
        attributeNames.formUnion(attributes.keys)
        text = ""
        if name == "path", let id = attributes["id"] {
            currentPath = id
            paths[id] = Path(fill: attributes["fill"] ?? "", d: attributes["d"] ?? "")
            pathOrder.append(id)
        }
        if name == "g", attributes["class"] == "legend-item", let model = attributes["data-category"] {
            legend[model] = Int(attributes["data-count"] ?? "")
            legendOrder.append(model)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        if name == "title", stack.last == "path", let id = currentPath { paths[id]?.title = text }
        if name == "text" || name == "title" { texts.append(text) }
        if name == "path" { currentPath = nil }
        text = ""
    }
}

private func read(_ svg: String) throws -> SVGReader { try SVGReader.parse(svg) }

extension SVGReader {
    /// What an XML parser reads of `svg`; fails the test if it is not well-formed.
    static func parse(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SVGReader {
        let parser = XMLParser(data: Data(svg.utf8))
        let reader = SVGReader()
        parser.delegate = reader
        let ok = parser.parse()
        try #require(ok, "not well-formed XML: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
        return reader
    }
}

/// The x and y of each absolute "M" in a path's data.
private func starts(_ d: String) -> [(Double, Double)] {
    d.split(separator: "M").dropFirst(d.hasPrefix("M") ? 0 : 1).compactMap { part in
        var numbers: [Double] = []
        var current = ""
        for c in part {
            if c.isNumber || c == "." || (c == "-" && current.isEmpty) { current.append(c); continue }
            if let v = Double(current) { numbers.append(v) }
            current = c == "-" ? "-" : ""
            if numbers.count == 2 || c.isLetter { break }
        }
        if numbers.count < 2, let v = Double(current) { numbers.append(v) }
        return numbers.count >= 2 ? (numbers[0], numbers[1]) : nil
    }
}

@Suite struct MapSVGTests {
    static let asOf = try! CapDate.parse("2024-05-01")

    static func row(_ code: String, _ model: String?, adopted: String? = nil, inForce: String? = nil,
                    status: String? = nil, name: String? = nil) -> LawMapRow {
        let j = Jurisdictions.lookup(code: code)!
        return LawMapRow(code: j.code, isoA2: j.isSubdivision ? "" : j.code, isoA3: j.alpha3 ?? "",
                         isoNumeric: j.numeric ?? "", name: name ?? j.name, model: model,
                         status: status ?? (model == nil ? nil : "in force"),
                         adopted: adopted.map { try! CapDate.parse($0) },
                         inForce: inForce.map { try! CapDate.parse($0) })
    }

    static let fourRows = [
        row("SE", "abolitionist", adopted: "1999", inForce: "1999-01-01"),
        row("GB-NIR", "abolitionist", adopted: "2015-01-13", inForce: "2015-06-01"),
        row("DE", "legalised", adopted: "2001-12-20"),
        row("FR", "abolitionist", adopted: "2016-04-13", inForce: "2016-04-15"),
    ]

    /// ISO 3166-1 countries Natural Earth has no shape of its own for: they
    /// are drawn inside another country (GUF in FRA, SJM in NOR, …) or absent.
    static let withoutShape: Set<String> = [
        "BQ", "BV", "CC", "CX", "GF", "GI", "GP", "MQ", "RE", "SJ", "TK", "TV", "UM", "YT",
    ]

    static let abolitionist = "#0072B2"
    static let legalised = "#E0AFCA"
    static let noData = "#DDDDDD"

    @Test func wellFormedWithTheExpectedPathsAndColours() throws {
        let svg = MapSVG.render(rows: Self.fourRows, asOf: Self.asOf, title: "Abolitionist laws")
        let map = try read(svg)
        #expect(map.elements.contains("svg"))
        for id in ["SE", "GB-NIR", "FR"] {
            #expect(map.paths[id]?.fill == Self.abolitionist, "\(id)")
        }
        #expect(map.paths["DE"]?.fill == Self.legalised)
        #expect(Self.abolitionist != Self.legalised)
        // Great Britain and Northern Ireland are separate paths, coloured apart.
        let gb = try #require(map.paths["GB"])
        let nir = try #require(map.paths["GB-NIR"])
        #expect(gb.fill == Self.noData)
        #expect(gb.d != nir.d)
        #expect(map.pathOrder.filter { $0 == "GB" || $0 == "GB-NIR" }.count == 2)
        // Hover titles name the place, the model and the dates.
        #expect(map.paths["SE"]?.title == "Sweden: abolitionist since 1 January 1999")
        #expect(map.paths["FR"]?.title == "France: abolitionist since 15 April 2016")
        #expect(map.paths["GB-NIR"]?.title.hasPrefix("Northern Ireland: abolitionist") == true)
        #expect(map.paths["DE"]?.title == "Germany: legalised (adopted 20 December 2001)")
        #expect(map.paths["US"]?.title == "United States: no law recorded")
        #expect(map.texts.contains("Abolitionist laws"))
        #expect(map.texts.contains("as of 1 May 2024"))
    }

    @Test func everyCountryNaturalEarthDrawsGetsAPath() throws {
        let map = try read(MapSVG.render(rows: Self.fourRows, asOf: Self.asOf, title: "Map"))
        let countries = Jurisdictions.countries
        #expect(countries.count == 249)
        let missing = countries.map(\.code).filter { map.paths[$0] == nil }
        #expect(Set(missing) == Self.withoutShape)
        #expect(countries.count - missing.count == 235)
        #expect(map.paths["XK"] != nil)  // Kosovo, XKX in Natural Earth's KOS
        #expect(map.paths["AQ"] != nil)
        // No path without a known jurisdiction behind it, and no id twice.
        for id in map.pathOrder where id != "sphere" { #expect(Jurisdictions.lookup(code: id) != nil, "\(id)") }
        #expect(Set(map.pathOrder).count == map.pathOrder.count)
    }

    @Test func legendCountsRows() throws {
        var rows = Jurisdictions.countries.map { Self.row($0.code, nil) }
        for r in Self.fourRows {
            if let i = rows.firstIndex(where: { $0.code == r.code }) { rows[i] = r } else { rows.append(r) }
        }
        rows.append(Self.row("NL", "legalised"))
        rows.removeAll { $0.code == "NL" && $0.model == nil }
        let map = try read(MapSVG.render(rows: rows, asOf: Self.asOf, title: "Map"))
        #expect(map.legend["abolitionist"] == 3)
        #expect(map.legend["legalised"] == 2)
        #expect(map.legend[""] == 249 - 4)  // no law: all countries but SE, FR, DE, NL
        // The categories present only: three "(0)" entries were listed.
        #expect(map.legendOrder == ["abolitionist", "legalised", ""])
        #expect(map.texts.contains("Abolitionist (3)"))
        #expect(map.texts.contains("No law recorded (245)"))

        let four = try read(MapSVG.render(rows: Self.fourRows, asOf: Self.asOf, title: "Map"))
        #expect(four.legend["abolitionist"] == 3)
        #expect(four.legend["legalised"] == 1)
        #expect(four.legend[""] == nil)
    }

    /// The map of the four rows is exactly the one written down here (by
    /// its length and fingerprint: the file is 110 KB, Europe's inset included), whatever the order
    /// the rows come in. A deliberate change to the drawing updates both
    /// numbers; Tests/Golden/law-map.svg shows the change to review.
    @Test func deterministic() {
        let a = MapSVG.render(rows: Self.fourRows, asOf: Self.asOf, title: "Map")
        let c = MapSVG.render(rows: Self.fourRows.reversed(), asOf: Self.asOf, title: "Map")
        #expect(a.utf8.count == 110_192)
        #expect(Fingerprint.hex(Fingerprint.of(a)) == "0x669a46b87a988c8c")
        #expect(a == c)
    }

    @Test func textIsEscapedAndStaysUTF8() throws {
        let rows = [
            Self.row("CI", "prohibitionist"),
            Self.row("CW", "legalised"),
            Self.row("SE", "abolitionist", name: "A & B <\"Q\"> 'x'\u{1}"),
        ]
        let svg = MapSVG.render(rows: rows, asOf: Self.asOf, title: "Lois & <lois> d'« abolition »")
        let map = try read(svg)
        #expect(map.paths["CI"]?.title == "Côte d'Ivoire: prohibitionist")
        #expect(map.paths["CW"]?.title == "Curaçao: legalised")
        #expect(map.paths["SE"]?.title == "A & B <\"Q\"> 'x': abolitionist")
        #expect(map.texts.contains("Lois & <lois> d'« abolition »"))
        #expect(svg.contains("Côte d&apos;Ivoire"))
        #expect(svg.utf8.contains(0xC3))  // ç and ô as UTF-8, not entities
    }

    @Test func selfContainedAndShort() throws {
        let svg = MapSVG.render(rows: Self.fourRows, asOf: Self.asOf, title: "Map")
        let map = try read(svg)
        #expect(map.elements.isDisjoint(with: ["script", "style", "image", "use", "foreignObject", "link"]))
        #expect(!map.attributeNames.contains { $0.lowercased().contains("href") || $0.hasPrefix("on") })
        #expect(!svg.contains("url("))
        #expect(!svg.contains("@import"))
        // At most one decimal in any path.
        for (id, path) in map.paths {
            #expect(path.d.range(of: #"\.[0-9]{2}"#, options: .regularExpression) == nil, "\(id)")
        }
        #expect(svg.utf8.count < 150_000)
    }

    @Test func northIsUpAndWestIsLeft() throws {
        let map = try read(MapSVG.render(rows: [], asOf: Self.asOf, title: "Map"))
        func centre(_ id: String) throws -> (x: Double, y: Double) {
            let points = starts(try #require(map.paths[id]).d)
            try #require(!points.isEmpty)
            return (points.map(\.0).reduce(0, +) / Double(points.count), points.map(\.1).reduce(0, +) / Double(points.count))
        }
        let (se, za, us, cn, br, au) = try (centre("SE"), centre("ZA"), centre("US"), centre("CN"), centre("BR"), centre("AU"))
        #expect(se.y < za.y)     // Sweden above South Africa
        #expect(us.x < cn.x)     // America left of China
        #expect(br.x < za.x && za.x < au.x)
        #expect(try centre("AQ").y > za.y)
        let gb = try centre("GB"), ie = try centre("IE")
        #expect(ie.x < gb.x)     // Ireland west of Great Britain
    }

    @Test func subdivisionWithoutARowIsPartOfItsCountry() throws {
        let map = try read(MapSVG.render(rows: [Self.row("GB", "abolitionist")], asOf: Self.asOf, title: "Map"))
        #expect(map.paths["GB-NIR"] == nil)
        let gb = try #require(map.paths["GB"])
        #expect(gb.fill == Self.abolitionist)
        #expect(gb.d.filter { $0 == "M" }.count == 2)  // Great Britain and Northern Ireland
    }

    @Test func tinyPlacesGetAMarkerAndShapelessOnesANote() throws {
        let rows = [Self.row("MT", "legalised"), Self.row("GI", "abolitionist"), Self.row("MC", nil)]
        let map = try read(MapSVG.render(rows: rows, asOf: Self.asOf, title: "Map"))
        #expect(map.paths["MT"]?.d.contains("a2.5 2.5 0 1 1 5 0") == true)
        #expect(map.paths["MC"]?.d.contains("a2.5") == false)  // no model, no marker
        #expect(map.paths["GI"] == nil)
        #expect(map.texts.contains { $0.contains("Gibraltar (abolitionist)") })
        #expect(map.legend["abolitionist"] == 1)  // counted though not drawn
    }

    @Test func numbersAreShort() {
        #expect(MapSVG.number(123) == "12.3")
        #expect(MapSVG.number(120) == "12")
        #expect(MapSVG.number(5) == ".5")
        #expect(MapSVG.number(-5) == "-.5")
        #expect(MapSVG.number(-120) == "-12")
        #expect(MapSVG.number(0) == "0")
    }
}
