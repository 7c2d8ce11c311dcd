import ArgumentParser
import CapPublish

/// `--format` of the publishing commands: a format of one product, from the
/// one list of formats (`OutputFormat.all`), so that the choices, the help
/// and shell completion name exactly what can be written.
protocol FormatOption: ExpressibleByArgument, CustomStringConvertible {
    static var product: OutputFormat.Product { get }
    var format: OutputFormat { get }
    init(format: OutputFormat)
}

extension FormatOption {
    init?(argument: String) {
        guard let format = OutputFormat.named(argument, for: Self.product) else { return nil }
        self.init(format: format)
    }

    static var allValueStrings: [String] { OutputFormat.formats(of: product).map(\.name) }

    /// Tab completion offers the same names.
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }

    /// The product's first format.
    static var standard: Self { Self(format: OutputFormat.formats(of: product)[0]) }

    /// "md (Markdown), html (one self-contained HTML page) or json (JSON)."
    static var help: ArgumentHelp {
        ArgumentHelp(OutputFormat.formats(of: product).map { "\($0.name) (\($0.summary))" }.orList + ".")
    }

    var description: String { format.name }
    var defaultValueDescription: String { format.name }
}

struct ReportFormat: FormatOption {
    static let product = OutputFormat.Product.report
    let format: OutputFormat
}

struct TimelineFormat: FormatOption {
    static let product = OutputFormat.Product.timeline
    let format: OutputFormat
}

struct MapFormat: FormatOption {
    static let product = OutputFormat.Product.map
    let format: OutputFormat
}
