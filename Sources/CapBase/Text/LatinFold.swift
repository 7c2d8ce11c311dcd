/// Folds case and Latin diacritics: "Côte d’Ivoire" → "cote d’ivoire".
/// Enough for country, language and zone names, and it keeps Foundation
/// (and its ICU data) out of the binary.
package enum LatinFold {
    private static let table: [Unicode.Scalar: Unicode.Scalar] = {
        var t: [Unicode.Scalar: Unicode.Scalar] = [:]
        for pair in pairs.split(separator: " ") {
            let scalars = Array(pair.unicodeScalars)
            if scalars.count == 2 { t[scalars[0]] = scalars[1] }
        }
        return t
    }()

    package static func fold(_ text: String) -> String {
        var out = ""
        for c in text {
            if let s = special[c] { out += s.lowercased(); continue }
            for scalar in c.unicodeScalars {
                // Combining marks (a decomposed "é") disappear with their accent.
                if (0x300...0x36F).contains(scalar.value) { continue }
                out.unicodeScalars.append(table[scalar] ?? scalar)
            }
        }
        return out.lowercased()
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    package var trimmedSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
