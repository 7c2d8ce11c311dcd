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
        #expect(OutputFormat.formats(of: .map).map(\.name) == ["csv", "json", "geojson", "years", "svg"])
    }

    /// A file's extension picks the first format written with it.
    @Test func aFileNamePicksAFormat() {
        #expect(OutputFormat.forFile("out/t.json", product: .timeline)?.name == "json")
        #expect(OutputFormat.forFile("m.csv", product: .map)?.name == "csv")
        #expect(OutputFormat.forFile("r.html", product: .report)?.name == "html")
        #expect(OutputFormat.forFile("r.pdf", product: .report) == nil)
        #expect(OutputFormat.forFile("noextension", product: .map) == nil)
    }

    /// `--format`'s help lists the formats from the same list.
    @Test(arguments: [("report", "md (Markdown), html (one self-contained HTML page) or json (JSON)."),
                      ("map", "csv (CSV keyed for Datawrapper's world choropleth), json (JSON), geojson (GeoJSON (RFC 7946)), years (a jurisdiction × year matrix of models, CSV) or svg (a world choropleth, SVG).")])
    func theHelpListsTheFormats(command: String, listing: String) throws {
        let run = try EndToEndTests.run([command, "--help"])
        #expect(run.status == 0)
        let flattened = run.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flattened.contains(listing), "\(run.stdout)")
    }

    /// The REPL reaches the formats that share an extension by their name:
    /// `years` writes what `cap map --format years` prints.
    @Test func theReplWritesTheYearsMatrixByName() throws {
        let folder = TemporaryFolder()
        let target = folder.path + "/matrix.csv"
        let session = try EndToEndTests.run(["repl", "Examples"], environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch],
                                            input: ":map 2016-12-31 years > \(target)\n")
        #expect(session.stdout.contains("wrote \(target)\n"), "\(session.stdout)\n\(session.stderr)")
        let written = try String(contentsOfFile: target, encoding: .utf8)
        let printed = try EndToEndTests.run(["map", "--format", "years", "--as-of", "2016-12-31", "Examples"],
                                            environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(printed.status == 0)
        #expect(written == printed.stdout)
        #expect(written.hasPrefix("code,"), "\(written.prefix(80))")
    }
}
