import ArgumentParser
import CapPublish

/// `--lang`, which report, timeline and map take: the language of their
/// words, month and country names, and of the data's names where it
/// translates them (docs/publishing.md).
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: "The language to write in: en, fr or es (default: en).")
    var language: PublishLanguage = .en
}

extension PublishLanguage: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
