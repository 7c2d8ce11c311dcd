import CapBase

/// Time zones as data files write them. Abbreviations and offsets fix an
/// offset from UTC; IANA names are validated against an embedded list (the
/// binary needs no system tzdata to check a file).
public enum TimeZones {
    public enum Resolution: Equatable, Sendable {
        case fixed(minutes: Int)
        case iana(String)
        case unknown
    }

    /// Common abbreviations in the coalition's documents and their offsets.
    /// Ambiguous ones (IST, CST in Asia) take their most common English use.
    public static let abbreviations: [String: Int] = [
        "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "IST": 60,
        "CET": 60, "CEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
        "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
        "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
        "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
        "SAST": 120, "EAT": 180, "WAT": 60, "CAT": 120,
    ]

    private static let ianaSet: Set<Substring> = Set(ianaNames.split(separator: "\n"))

    public static func resolve(_ zone: String) -> Resolution {
        if let minutes = abbreviations[zone] { return .fixed(minutes: minutes) }
        if let minutes = offset(zone) { return .fixed(minutes: minutes) }
        if ianaSet.contains(Substring(zone)) { return .iana(zone) }
        return .unknown
    }

    /// `+02:00`, `-0530`, `+2`.
    static func offset(_ text: String) -> Int? {
        let utf8 = Array(text.utf8)
        guard let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = utf8.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }), [1, 2, 4].contains(digits.count) else { return nil }
        let values = digits.map { Int($0 - 48) }
        let hours = digits.count == 1 ? values[0] : values[0] * 10 + values[1]
        let minutes = digits.count == 4 ? values[2] * 10 + values[3] : 0
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
    }

    /// Names to suggest for a misspelt zone.
    public static func suggestions(for zone: String) -> [String] {
        EditDistance.suggestions(for: zone, among: Array(abbreviations.keys) + ianaSet.map(String.init), limit: 3)
    }
}
