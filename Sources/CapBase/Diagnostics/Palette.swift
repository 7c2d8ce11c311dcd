/// Colours for rendered diagnostics, as a swappable decorator: renderers ask
/// the palette to paint a piece of text, so tests compare plain output and a
/// terminal gets ANSI colours from the same code.
public struct Palette: Sendable {
    public enum Style: Sendable { case error, warning, note, help, emphasis, gutter }

    private let codes: [Style: String]
    private let reset: String

    public static let plain = Palette(codes: [:], reset: "")
    public static let ansi = Palette(codes: [
        .error: "\u{1B}[1;31m", .warning: "\u{1B}[1;33m", .note: "\u{1B}[1;36m",
        .help: "\u{1B}[1;32m", .emphasis: "\u{1B}[1m", .gutter: "\u{1B}[1;34m",
    ], reset: "\u{1B}[0m")

    public func paint(_ text: String, _ style: Style) -> String {
        guard let code = codes[style], !text.isEmpty else { return text }
        return code + text + reset
    }

    public func style(for severity: Severity) -> Style {
        switch severity {
        case .error: .error
        case .warning: .warning
        case .note: .note
        }
    }
}
