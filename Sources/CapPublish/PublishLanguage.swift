import CapValues
import CapSchema

/// The language a report, timeline or map is written in: `--lang` on the
/// publishing commands, `lang` on the output entities. English is the
/// default and what every output was before; French and Spanish take their
/// country, language and month names from tables generated from Debian's
/// iso-codes and glibc's locales (TranslationData.swift), their own words
/// from `Labels`, and the data's names from its `translation` records.
public enum PublishLanguage: String, Sendable, CaseIterable {
    case en, fr, es

    /// Its name in English, for warnings: "French".
    public var englishName: String {
        switch self {
        case .en: "English"
        case .fr: "French"
        case .es: "Spanish"
        }
    }

    /// The report's and map's own words in this language.
    public var labels: Labels {
        switch self {
        case .en: .en
        case .fr: .fr
        case .es: .es
        }
    }

    /// A country's or subdivision's name: iso-codes' translation, or the
    /// English name where it has none (subdivisions, and names that read
    /// the same).
    public func countryName(code: String) -> String? {
        if self != .en, let name = TranslationTable.shared.countries[self]?[code] { return name }
        return Jurisdictions.name(code: code)
    }

    /// A language's name by its ISO 639-1 code: iso-codes' translation,
    /// else the English one.
    public func languageName(code: String) -> String? {
        if self != .en, let name = TranslationTable.shared.languages[self]?[code] { return name }
        return Languages.lookup(code: code)?.name
    }

    /// "January", "janvier", "enero" (1-based).
    public func monthName(_ month: Int) -> String {
        self == .en ? PublishLanguage.englishMonths[month - 1] : TranslationTable.shared.months[self]![month - 1]
    }

    /// "Jan", "janv.", "ene" (1-based).
    public func monthAbbreviation(_ month: Int) -> String {
        self == .en ? Timeline.monthAbbreviations[month - 1] : TranslationTable.shared.abbreviations[self]![month - 1]
    }

    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December"]

    /// "14 March 2017", "March 2017", "2017"; Spanish puts "de" between
    /// the parts ("14 de marzo de 2017"), as its locale's long date does.
    public func longDate(_ d: CapDate) -> String {
        let of = self == .es ? " de " : " "
        switch d.precision {
        case .year: return String(d.year)
        case .month: return "\(monthName(d.month))\(of)\(d.year)"
        case .day: return "\(d.day)\(of)\(monthName(d.month))\(of)\(d.year)"
        }
    }

    /// "14 Mar 2017", "Mar 2017", "2017": a date at its own precision.
    public func shortDate(_ d: CapDate) -> String {
        switch d.precision {
        case .year: return String(d.year)
        case .month: return "\(monthAbbreviation(d.month)) \(d.year)"
        case .day: return "\(d.day) \(monthAbbreviation(d.month)) \(d.year)"
        }
    }
}

/// TranslationData's rows, parsed once on first use.
struct TranslationTable: Sendable {
    var countries: [PublishLanguage: [String: String]] = [:]
    var languages: [PublishLanguage: [String: String]] = [:]
    var months: [PublishLanguage: [String]] = [:]
    var abbreviations: [PublishLanguage: [String]] = [:]

    static let shared = TranslationTable()

    /// The languages of the tables' columns, after the code.
    private static let columns: [PublishLanguage] = [.fr, .es]

    private init() {
        func read(_ text: String, into table: inout [PublishLanguage: [String: String]]) {
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                for (i, language) in TranslationTable.columns.enumerated() where fields.count > i + 1 && !fields[i + 1].isEmpty {
                    table[language, default: [:]][fields[0]] = fields[i + 1]
                }
            }
        }
        read(TranslationData.countries, into: &countries)
        read(TranslationData.languages, into: &languages)
        for line in TranslationData.months.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let key = fields[0].split(separator: "-").first.map(String.init) ?? ""
            guard let language = PublishLanguage(rawValue: key), fields.count == 13 else { continue }
            if fields[0].hasSuffix("-abbreviated") { abbreviations[language] = Array(fields[1...]) }
            else { months[language] = Array(fields[1...]) }
        }
    }
}
