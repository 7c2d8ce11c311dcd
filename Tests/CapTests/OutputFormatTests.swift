import Foundation
import Testing
@testable import CapSchema
@testable import CapPublish

/// The one list of output formats (`OutputFormat.all`) is what every place
/// that names formats reads: these tests hold the places the compiler cannot
/// tie to it.
@Suite struct OutputFormatTests {
    /// The data's `format` field is checked against the schema's
    /// enumerations, which sit below publishing and cannot read the list:
    /// they must name the same formats, in the same order.
    @Test(arguments: [("report", EnumType.reportFormat), ("timeline", EnumType.timelineFormat), ("map", EnumType.mapFormat)])
    func theSchemaNamesTheSameFormats(product: String, enumeration: EnumType) throws {
        let kind = try #require(OutputFormat.Product(rawValue: product))
        #expect(OutputFormat.formats(of: kind).map(\.name) == enumeration.cases.map(\.name))
    }

    @Test func eachProductHasItsFormats() {
        #expect(OutputFormat.formats(of: .report).map(\.name) == ["md", "html", "json"])
        #expect(OutputFormat.formats(of: .timeline).map(\.name) == ["md", "csv", "json", "timelinejs", "ics"])
        #expect(OutputFormat.formats(of: .map).map(\.name) == ["csv", "json", "geojson", "years", "svg", "html"])
    }

    /// A file's extension picks the first format written with it.
    @Test func aFileNamePicksAFormat() {
        #expect(OutputFormat.forFile("out/t.json", product: .timeline)?.name == "json")
        #expect(OutputFormat.forFile("m.csv", product: .map)?.name == "csv")
        #expect(OutputFormat.forFile("r.html", product: .report)?.name == "html")
        #expect(OutputFormat.forFile("r.pdf", product: .report) == nil)
        #expect(OutputFormat.forFile("noextension", product: .map) == nil)
    }

    /// `--format`'s help lists the formats from the same list: its whole
    /// entry in `cap COMMAND --help`, from `--format` to the next option.
    @Test(arguments: [
        ("report", """
              --format <format>       md (Markdown), html (one self-contained HTML page) or
                                      json (JSON). (values: md, html, json; default: md)
            """),
        ("timeline", """
              --format <format>       md (Markdown), csv (CSV), json (JSON), timelinejs
                                      (Knight Lab TimelineJS JSON) or ics (iCalendar).
                                      (values: md, csv, json, timelinejs, ics; default: md)
            """),
        ("map", """
              --format <format>       csv (CSV keyed for Datawrapper's world choropleth),
                                      json (JSON), geojson (GeoJSON (RFC 7946)), years (a
                                      jurisdiction × year matrix of models, CSV), svg (a
                                      world choropleth, SVG) or html (one self-contained
                                      interactive page: the map, a slider over the years, a
                                      table). (values: csv, json, geojson, years, svg,
                                      html; default: csv)
            """),
    ])
    func theHelpListsTheFormats(command: String, entry: String) throws {
        let run = try EndToEndTests.run([command, "--help"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let lines = run.stdout.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("  --format <format>") }, "\(run.stdout)")
        let end = try #require(lines[(start + 1)...].firstIndex { $0.hasPrefix("  -") }, "\(run.stdout)")
        #expect(lines[start..<end].joined(separator: "\n") == entry)
    }

    /// The REPL reaches the formats that share an extension by their name:
    /// `years` writes the matrix `cap map --format years` prints, which is
    /// the golden one (Examples/ declares it; made today, 2021-12-31).
    @Test func theReplWritesTheYearsMatrixByName() throws {
        let golden = try EndToEndTests.read(GoldenTests.golden.appendingPathComponent("law-map-years.csv"))
        let folder = TemporaryFolder()
        let target = folder.path + "/matrix.csv"
        let session = try EndToEndTests.run(["repl", "Examples"], environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch],
                                            input: ":map years > \(target)\n")
        #expect(session.status == 0)
        #expect(session.stdout == "wrote \(target)\n")
        #expect(session.stderr == "cap: note: 5 warnings in the data not shown; run 'cap check' to see them\n")
        #expect(try EndToEndTests.read(URL(fileURLWithPath: target)) == golden)
        let printed = try EndToEndTests.run(["map", "--format", "years", "Examples"], environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(printed.status == 0)
        #expect(Data(printed.stdout.utf8) == golden)
        // As of a day, the matrix ends with that day's year.
        let asOf = try EndToEndTests.run(["repl", "Examples"], environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch],
                                         input: ":map 2016-12-31 years > \(folder.path)/2016.csv\n")
        #expect(asOf.status == 0)
        let written = String(decoding: try EndToEndTests.read(URL(fileURLWithPath: folder.path + "/2016.csv")), as: UTF8.self)
        #expect(written.components(separatedBy: "\r\n").first
            == "code,iso_a3,name,1998,1999,2000,2001,2002,2003,2004,2005,2006,2007,2008,2009,2010,2011,2012,2013,2014,2015,2016")
        let rows = written.components(separatedBy: "\r\n")
        // France's law passed in 2016 (no in-force date recorded), Ireland's
        // in 2017; Sweden's passed in 1998 and took effect in 1999.
        let expected: [String] = [
            "FR,FRA,France,,,,,,,,,,,,,,,,,,,abolitionist",
            "IE,IRL,Ireland,,,,,,,,,,,,,,,,,,,",
            "SE,SWE,Sweden,abolitionist (adopted),abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,"
                + "abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,"
                + "abolitionist,abolitionist,abolitionist,abolitionist",
        ]
        #expect(rows.filter { ["FR,", "IE,", "SE,"].contains($0.prefix(3)) } == expected)
    }
}
