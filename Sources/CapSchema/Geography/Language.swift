/// A language with an ISO 639-1 code, as a .cap file names it. Values come
/// only from `Languages`, which reads the table embedded in ISOData.swift.
public struct Language: Sendable, Hashable {
    /// "en": the two-letter ISO 639-1 code, lowercase.
    public let code: String
    /// "eng": the ISO 639-2/T (terminology) code.
    public let alpha3: String
    /// "English"; for languages iso-codes lists under several names, the
    /// ISO 639-3 one ("Spanish", not "Spanish; Castilian").
    public let name: String
    /// "fre" beside alpha3 "fra": the ISO 639-2/B code where it differs.
    public let bibliographicAlpha3: String?

    // Codes are unique; see Jurisdiction.
    public static func == (a: Language, b: Language) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension Language: CustomStringConvertible {
    /// "en (English)", the form diagnostics use.
    public var description: String { "\(code) (\(name))" }
}

public enum Languages {
    /// ISO 639-1 two-letter codes only, lowercase: "en", "ko", "ar". Not
    /// "eng" or "EN"; `suggestions` maps those. On the checker's hot path.
    public static func lookup(code: String) -> Language? {
        let table = LanguageTable.shared
        guard let i = table.byCode[code] else { return nil }
        return table.all[i]
    }

    /// Whether `lookup(code:)` would succeed, without copying the result out.
    public static func contains(code: String) -> Bool {
        LanguageTable.shared.byCode[code] != nil
    }

    /// English names, ignoring case and accents: "English", "french",
    /// "Castilian", "Greek" (from "Greek, Modern (1453-)"). Ambiguous
    /// names ("Ndebele") give nil.
    public static func lookup(name: String) -> Language? {
        let table = LanguageTable.shared
        guard let hits = LanguageTable.names.candidates(ISONameKey.make(name)), hits.count == 1 else { return nil }
        return table.all[hits[0]]
    }

    /// Nearest languages by edit distance over codes (two- and three-letter)
    /// and names, best first: "english" and "eng" give en, "fre" gives fr.
    public static func suggestions(for text: String, limit: Int = 3) -> [Language] {
        let table = LanguageTable.shared
        return LanguageTable.names.nearest(to: ISONameKey.make(text))
            .sorted { a, b in a.score != b.score ? a.score < b.score : table.all[a.index].code < table.all[b.index].code }
            .prefix(limit)
            .map { table.all[$0.index] }
    }

    /// Every language with an ISO 639-1 code, ordered by code.
    public static var all: [Language] { LanguageTable.shared.all }
}

/// The parsed table, built once on first use (a `static let` is lazy and
/// thread-safe). A class for the reason JurisdictionTable is one.
final class LanguageTable: Sendable {
    static let shared = LanguageTable()

    /// Built on the first name lookup so that code lookups never pay for it.
    static let names: ISONameIndex = {
        let table = shared
        var names = ISONameIndex(tiers: 2)
        for (i, language) in table.all.enumerated() {
            for name in [language.name] + table.otherNames[i] {
                names.add(name, i, tier: 0)
                for variant in ISONameKey.variants(of: name) { names.add(variant, i, tier: 1) }
            }
            for code in [language.code, language.alpha3, language.bibliographicAlpha3 ?? ""] {
                names.addSuggestionOnly(code, i)
            }
        }
        return names
    }()

    let all: [Language]
    let byCode: ISOCodeTable
    let otherNames: [[String]]

    private init() {
        var all: [Language] = [], other: [[String]] = []
        for f in ISOData.rows(ISOData.languages) {
            all.append(Language(code: f[0], alpha3: f[1], name: f[3],
                                bibliographicAlpha3: f[2].isEmpty ? nil : f[2]))
            other.append(f[4].split(separator: ";").map(String.init))
        }
        self.all = all
        self.otherNames = other
        self.byCode = ISOCodeTable(all.enumerated().map { ($1.code, $0) })
    }
}
