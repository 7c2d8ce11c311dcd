import CapBase
import CapValues
import CapEval

/// One way to write a report, a timeline or a law map. The formats are
/// listed once, in `OutputFormat.all`: the publishing commands' `--format`
/// choices and help, the REPL's `> FILE`, `cap build` and the outputs'
/// `format` field all read this list, so a format added here is a format
/// everywhere. Public for the packages built on cap (its fuzz targets);
/// how a format renders (`render`, `refuse`) stays inside the package.
public struct OutputFormat: Sendable {
    /// What a format writes.
    public enum Product: String, Sendable, CaseIterable {
        case report, timeline, map
    }

    /// What a format is made from, and how it is written.
    package enum Renderer: Sendable {
        case report(@Sendable (Report, inout TextBuffer) -> Void)
        case timeline(@Sendable (_ entries: TimelineSelection, _ title: String, _ stamp: CapDateTime, _ language: PublishLanguage,
                                 inout TextBuffer) -> Void)
        case map(@Sendable (_ rows: [LawMapRow], _ laws: [LawMap.Law], _ asOf: CapDate, _ heading: MapSVG.Heading, inout TextBuffer) -> Void)
    }

    public let product: Product
    /// The word `--format` and the data's `format` field take.
    public let name: String
    /// The file extension it is written with; the REPL's `> FILE` picks the
    /// first format of a product with the extension it is given.
    public let fileExtension: String
    /// For `--help` and the docs.
    public let summary: String
    /// Roughly the time `render` takes per item (entries, countries), in
    /// tenths of a microsecond as measured on 100,000 events: `cap build`
    /// starts the costliest outputs first. A report's entry costs two to
    /// seven times a timeline's, a map's country five to twenty times;
    /// counted as items alone, both large reports went to the worker with
    /// the lighter timelines, which then finished 90 ms after the other.
    public let costPerItem: Int
    package let render: Renderer
    /// What would make a timeline's file unreadable to its consumers, found
    /// before it is written (a calendar's years outside 1–9999 in UTC):
    /// the output is then not made, with this diagnostic.
    package var refuse: (@Sendable (_ entries: TimelineSelection, _ model: Model, _ output: SourceRange?) -> Diagnostic?)? = nil
}

extension OutputFormat {
    /// Every format, by product; the first of each product is its default.
    public static let all: [OutputFormat] = [
        OutputFormat(product: .report, name: "md", fileExtension: "md", summary: "Markdown", costPerItem: 33,
                     render: .report { ReportWriter.markdown($0, into: &$1) }),
        OutputFormat(product: .report, name: "html", fileExtension: "html", summary: "one self-contained HTML page",
                     costPerItem: 50, render: .report { ReportWriter.html($0, into: &$1) }),
        OutputFormat(product: .report, name: "json", fileExtension: "json", summary: "JSON", costPerItem: 18,
                     render: .report { ReportWriter.json($0, into: &$1) }),

        OutputFormat(product: .timeline, name: "md", fileExtension: "md", summary: "Markdown", costPerItem: 7,
                     render: .timeline { entries, title, _, language, out in
                         TimelineWriter.markdown(entries, title: title, language: language, into: &out)
                     }),
        OutputFormat(product: .timeline, name: "csv", fileExtension: "csv", summary: "CSV", costPerItem: 9,
                     render: .timeline { entries, _, _, _, out in TimelineWriter.csv(entries, into: &out) }),
        OutputFormat(product: .timeline, name: "json", fileExtension: "json", summary: "JSON", costPerItem: 9,
                     render: .timeline { entries, _, _, _, out in TimelineWriter.json(entries, into: &out) }),
        OutputFormat(product: .timeline, name: "timelinejs", fileExtension: "json", summary: "Knight Lab TimelineJS JSON",
                     costPerItem: 9, render: .timeline { entries, title, _, language, out in
                         TimelineJS.render(entries, title: title, language: language, into: &out)
                     }),
        OutputFormat(product: .timeline, name: "ics", fileExtension: "ics", summary: "iCalendar", costPerItem: 11,
                     render: .timeline { entries, title, stamp, _, out in
                         ICalendar.render(entries, calendarName: title, stamp: stamp, into: &out)
                     },
                     refuse: { entries, model, output in ICalendar.rangeDiagnostic(entries, model: model, output: output) }),

        OutputFormat(product: .map, name: "csv", fileExtension: "csv",
                     summary: "CSV keyed for Datawrapper's world choropleth", costPerItem: 40,
                     render: .map { rows, _, _, _, out in out.append(LawMapWriter.csv(rows)) }),
        OutputFormat(product: .map, name: "json", fileExtension: "json", summary: "JSON", costPerItem: 40,
                     render: .map { rows, _, asOf, _, out in out.append(LawMapWriter.json(rows, asOf: asOf)) }),
        OutputFormat(product: .map, name: "geojson", fileExtension: "geojson", summary: "GeoJSON (RFC 7946)", costPerItem: 60,
                     render: .map { rows, _, asOf, _, out in out.append(LawMapWriter.geoJSON(rows, asOf: asOf)) }),
        OutputFormat(product: .map, name: "years", fileExtension: "csv", summary: "a jurisdiction × year matrix of models, CSV",
                     costPerItem: 120, render: .map { _, laws, asOf, heading, out in
                         out.append(LawMapWriter.years(laws, asOf: asOf, by: heading.yearsBy, language: heading.language))
                     }),
        OutputFormat(product: .map, name: "svg", fileExtension: "svg", summary: "a world choropleth, SVG", costPerItem: 200,
                     render: .map { rows, _, asOf, heading, out in out.append(MapSVG.render(rows: rows, asOf: asOf, heading: heading)) }),
        OutputFormat(product: .map, name: "html", fileExtension: "html",
                     summary: "one self-contained interactive page: the map, a slider over the years, a table", costPerItem: 400,
                     render: .map { rows, laws, asOf, heading, out in
                         out.append(MapHTML.render(rows: rows, laws: laws, asOf: asOf, heading: heading))
                     }),
    ]

    /// The formats of one product, its default first.
    public static func formats(of product: Product) -> [OutputFormat] { all.filter { $0.product == product } }

    public static func named(_ name: String, for product: Product) -> OutputFormat? {
        all.first { $0.product == product && $0.name == name }
    }

    /// The format a file name asks for: by its extension, the first format
    /// of the product written with it.
    public static func forFile(_ path: String, product: Product) -> OutputFormat? {
        guard let name = path.split(separator: "/").last, name.contains("."), let ext = name.split(separator: ".").last else { return nil }
        return all.first { $0.product == product && $0.fileExtension == ext }
    }

    /// A format's whole output as text, for the commands that print or write one.
    public func text(report: Report) -> String {
        guard case .report(let render) = self.render else { preconditionFailure("\(name) is not a report format") }
        var out = TextBuffer()
        render(report, &out)
        return out.text
    }

    /// `model` translates the entries' names into `language` (not needed
    /// for English).
    public func text(timeline entries: [TimelineEntry], title: String, stamp: CapDateTime,
                     language: PublishLanguage = .en, model: Model? = nil) -> String {
        guard case .timeline(let render) = self.render else { preconditionFailure("\(name) is not a timeline format") }
        var out = TextBuffer(capacity: entries.count * 128)
        let translated = language == .en || model == nil ? entries : entries.map(EntityTranslations(model!, language).translate)
        render(TimelineSelection(translated), title, stamp, language, &out)
        return out.text
    }

    public func text(map model: Model, asOf: CapDate, title: String? = nil, language: PublishLanguage = .en,
                     yearsBy: LawMap.YearsBy = .inForce) -> String {
        guard case .map(let render) = self.render else { preconditionFailure("\(name) is not a map format") }
        let laws = LawMap.laws(model)
        var out = TextBuffer()
        var heading = LawMap.heading(model, map: nil, title: title, language: language)
        heading.yearsBy = yearsBy
        render(LawMap.rows(laws, asOf: asOf, language: language), laws, asOf, heading, &out)
        return out.text
    }
}
