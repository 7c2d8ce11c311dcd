/// A country (ISO 3166-1) or one of its subdivisions (ISO 3166-2), as a .cap
/// file names it. Values come only from `Jurisdictions`, which reads the
/// tables embedded in ISOData.swift.
public struct Jurisdiction: Sendable, Hashable {
    /// "SE", or an ISO 3166-2 code such as "GB-NIR".
    public let code: String
    /// "SWE"; nil for subdivisions.
    public let alpha3: String?
    /// "752", always three digits; nil for subdivisions (and for Kosovo).
    public let numeric: String?
    /// The English short name, preferring iso-codes' common name
    /// ("Bolivia", not "Bolivia, Plurinational State of").
    public let name: String
    public let officialName: String?
    /// The code of the jurisdiction directly above: "GB" for GB-NIR,
    /// "GB-NIR" for GB-ABC. Nil for countries.
    public let parent: String?
    /// "Province", "Country", "Council area", …; nil for countries.
    public let subdivisionType: String?

    public var isSubdivision: Bool { parent != nil }

    /// The alpha-2 code of the country this is, or is in: "GB" for GB-ABC.
    public var countryCode: String { isSubdivision ? String(code.prefix(2)) : code }

    /// Whether the code is one ISO leaves to private use (AA, QM–QZ, XA–XZ,
    /// ZZ), like Kosovo's XK: other datasets may not read it the same way.
    public var isUserAssigned: Bool {
        guard !isSubdivision else { return false }
        let u = Array(code.utf8)
        guard u.count == 2 else { return false }
        switch (u[0], u[1]) {
        case (UInt8(ascii: "A"), UInt8(ascii: "A")), (UInt8(ascii: "Z"), UInt8(ascii: "Z")): return true
        case (UInt8(ascii: "Q"), UInt8(ascii: "M")...UInt8(ascii: "Z")): return true
        case (UInt8(ascii: "X"), _): return true
        default: return false
        }
    }

    // Codes are unique, so identity is the code; comparing every field would
    // only slow down sets and dictionaries keyed by jurisdiction.
    public static func == (a: Jurisdiction, b: Jurisdiction) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension Jurisdiction: CustomStringConvertible {
    /// "GB-NIR (Northern Ireland)", the form diagnostics use.
    public var description: String { "\(code) (\(name))" }
}
