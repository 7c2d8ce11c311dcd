import CapBase


/// Looking up countries and subdivisions by code or English name, and
/// suggesting near misses. Everything comes from ISOData.swift plus the
/// hand-kept aliases below; nothing is read at run time.
public enum Jurisdictions {
    /// Exact code: alpha-2 ("SE"), alpha-3 ("SWE") or ISO 3166-2 ("GB-NIR").
    /// Uppercase only: "se" is not a code. This is the checker's hot path, so
    /// it is one hash-table probe, with no Foundation and no allocation.
    public static func lookup(code: String) -> Jurisdiction? {
        let table = JurisdictionTable.shared
        guard let i = table.byCode[code] else { return nil }
        return table.all[i]
    }

    /// `lookup(code:)?.name`, without copying the rest of the record out:
    /// publishers ask it for every entry.
    public static func name(code: String) -> String? {
        let table = JurisdictionTable.shared
        guard let i = table.byCode[code] else { return nil }
        return table.all[i].name
    }

    /// Whether `lookup(code:)` would succeed, without copying the result out:
    /// the cheapest way to validate a field.
    public static func contains(code: String) -> Bool {
        JurisdictionCodes.shared[code] != nil
    }

    /// English names, ignoring case, accents and punctuation: the ISO name,
    /// common and official names, and usual aliases ("UK", "Ivory Coast").
    /// A subdivision name ("Northern Ireland") resolves only when no country
    /// has that name and no other subdivision shares it; ambiguous names
    /// ("Korea", "Punjab") give nil, and `suggestions` lists the candidates.
    public static func lookup(name: String) -> Jurisdiction? {
        let table = JurisdictionTable.shared
        guard let hits = JurisdictionNames.shared.index.candidates(ISONameKey.make(name)) else { return nil }
        let winners = table.outermost(hits)
        return winners.count == 1 ? table.all[winners[0]] : nil
    }

    /// Code first, then name.
    public static func lookup(_ text: String) -> Jurisdiction? {
        lookup(code: text) ?? lookup(name: text)
    }

    /// Nearest jurisdictions by edit distance over codes, names and aliases,
    /// best first; countries before subdivisions on ties. Meant for error
    /// messages, so it scans every name.
    public static func suggestions(for text: String, limit: Int = 3) -> [Jurisdiction] {
        let table = JurisdictionTable.shared
        let scored = JurisdictionNames.shared.index.nearest(to: ISONameKey.make(text))
        return scored
            .sorted { a, b in
                let (x, y) = (table.all[a.index], table.all[b.index])
                if a.score != b.score { return a.score < b.score }
                if x.isSubdivision != y.isSubdivision { return !x.isSubdivision }
                return x.code < y.code
            }
            .prefix(limit)
            .map { table.all[$0.index] }
    }

    /// Whether the place `inner` lies within `outer`, both canonical codes:
    /// a place lies within itself, a subdivision within its country and
    /// every subdivision above it (GB-ABC within GB-NIR and GB), a country
    /// within nothing else. This is what `==` and `in` ask of places in
    /// queries, so a country code costs one comparison and no lookup.
    public static func isWithin(_ inner: String, _ outer: String) -> Bool {
        if inner == outer { return true }
        let bytes = inner.utf8
        guard bytes.count > 3 else { return false }
        // ISO 3166-2 codes start with their country's alpha-2 and a hyphen.
        if outer.utf8.count == 2 {
            return bytes.starts(with: outer.utf8) && bytes[bytes.index(bytes.startIndex, offsetBy: 2)] == UInt8(ascii: "-")
                && contains(code: inner)
        }
        let table = JurisdictionTable.shared
        guard var i = table.byCode[inner] else { return false }
        while let p = table.all[i].parent {
            if p == outer { return true }
            guard let next = table.byCode[p] else { return false }
            i = next
        }
        return false
    }

    /// All ISO 3166-1 countries, ordered by alpha-2 code. Kosovo (XK) is
    /// not among them, since ISO has not assigned it a code.
    public static var countries: [Jurisdiction] { JurisdictionTable.shared.countries }

    /// Everything beneath a jurisdiction, ordered by code: for a country
    /// ("GB" or "GBR") every level of its subdivisions, for a subdivision
    /// ("GB-NIR") the ones inside it. Empty for unknown codes.
    public static func subdivisions(of countryCode: String) -> [Jurisdiction] {
        let table = JurisdictionTable.shared
        guard let top = lookup(code: countryCode)?.code else { return [] }
        return table.all.indices
            .filter { i in table.ancestors(of: i).contains { table.all[$0].code == top } }
            .map { table.all[$0] }
    }
}

/// The parsed tables, built once on first use (a `static let` is lazy and
/// thread-safe). A class, so that reaching it costs one retain rather than
/// one per array.
final class JurisdictionTable: Sendable {
    static let shared = JurisdictionTable()

    /// Countries in alpha-2 order, then Kosovo, then subdivisions in code order.
    let all: [Jurisdiction]
    let countries: [Jurisdiction]
    /// Alpha-2, alpha-3 and ISO 3166-2 codes to positions in `all`.
    let byCode: ISOCodeTable
    /// Names ISO gives besides `name`, by position in `all`: the ISO short
    /// name when `name` is the common one, and bracketed alternates
    /// ("Cymru" for Wales).
    let otherNames: [[String]]

    /// XK is user-assigned, not ISO, but the EU, the World Bank, Natural Earth
    /// and CLDR all use it, so analysts will write it.
    static let kosovo = Jurisdiction(
        code: "XK", alpha3: "XKX", numeric: nil, name: "Kosovo",
        officialName: "Republic of Kosovo", parent: nil, subdivisionType: nil)

    private init() {
        var all: [Jurisdiction] = [], other: [[String]] = []
        for f in ISOData.rows(ISOData.countries) {
            let common = f[4].isEmpty ? nil : f[4]
            all.append(Jurisdiction(
                code: f[0], alpha3: f[1], numeric: f[2], name: common ?? f[3],
                officialName: f[5].isEmpty ? nil : f[5], parent: nil, subdivisionType: nil))
            other.append(common == nil ? [] : [f[3]])
        }
        countries = all
        all.append(Self.kosovo)
        other.append([])
        for f in ISOData.rows(ISOData.subdivisions) {
            all.append(Jurisdiction(
                code: f[0], alpha3: nil, numeric: nil, name: f[1], officialName: nil,
                parent: f[3].isEmpty ? String(f[0].prefix(2)) : f[3], subdivisionType: f[2]))
            other.append(f[4].split(separator: ";").map(String.init))
        }
        let codes = all.enumerated().flatMap { i, j in [(j.code, i)] + (j.alpha3.map { [($0, i)] } ?? []) }
        (self.all, self.byCode, self.otherNames) = (all, ISOCodeTable(codes), other)
    }

    /// Positions of the jurisdictions containing `i`, innermost first.
    func ancestors(of i: Int) -> [Int] {
        var out: [Int] = [], current = all[i].parent
        while let code = current, let p = byCode[code] {
            out.append(p)
            current = all[p].parent
        }
        return out
    }

    /// Drops candidates inside another candidate: "Illes Balears" names both
    /// the community ES-IB and its province ES-PM, and means the community.
    func outermost(_ candidates: [Int]) -> [Int] {
        let set = Set(candidates)
        return candidates.filter { ancestors(of: $0).allSatisfy { !set.contains($0) } }
    }
}

/// Just the codes, for validating a field: built straight from the bytes
/// of the tables, with no `Jurisdiction` values and no strings, so checking
/// one small file does not pay for parsing 5,000 subdivisions (that was two
/// thirds of `cap check`'s start-up).
enum JurisdictionCodes {
    static let shared: ISOCodeTable = {
        var pairs: [(UInt64, Int)] = []
        pairs.reserveCapacity(5_700)
        // countries: alpha-2|alpha-3|…; subdivisions: code|…
        ISOData.leadingFields(ISOData.countries, count: 2) { key in pairs.append((key, pairs.count)) }
        pairs.append((ISOCodeTable.key("XK")!, pairs.count))
        pairs.append((ISOCodeTable.key("XKX")!, pairs.count))
        ISOData.leadingFields(ISOData.subdivisions, count: 1) { key in pairs.append((key, pairs.count)) }
        return ISOCodeTable(packed: pairs)
    }()
}

/// The name index, built on the first name lookup so that code lookups never
/// pay for it.
struct JurisdictionNames: Sendable {
    static let shared = JurisdictionNames()

    let index: ISONameIndex

    /// Tier 0: names people write that iso-codes lacks.
    static let aliases: [(String, String)] = [
        ("UK", "GB"), ("U.K.", "GB"), ("Great Britain", "GB"), ("Britain", "GB"),
        ("USA", "US"), ("U.S.", "US"), ("U.S.A.", "US"), ("United States of America", "US"),
        ("Holy See", "VA"), ("Vatican", "VA"), ("Vatican City", "VA"),
        ("Russia", "RU"), ("South Korea", "KR"), ("North Korea", "KP"), ("DPRK", "KP"),
        ("Iran", "IR"), ("Syria", "SY"), ("Vietnam", "VN"), ("Laos", "LA"), ("Lao PDR", "LA"),
        ("Czech Republic", "CZ"), ("Ivory Coast", "CI"),
        ("Palestine", "PS"), ("Palestinian Territories", "PS"), ("Occupied Palestinian Territory", "PS"),
        ("Taiwan", "TW"), ("Macedonia", "MK"), ("Republic of Macedonia", "MK"),
        ("Former Yugoslav Republic of Macedonia", "MK"), ("FYROM", "MK"),
        ("Turkey", "TR"), ("Swaziland", "SZ"), ("Burma", "MM"), ("Cape Verde", "CV"),
        ("Moldova", "MD"), ("Tanzania", "TZ"), ("Bolivia", "BO"), ("Venezuela", "VE"),
        ("Brunei", "BN"), ("East Timor", "TL"), ("Micronesia", "FM"),
        ("Democratic Republic of the Congo", "CD"), ("DR Congo", "CD"), ("DRC", "CD"),
        ("Congo-Kinshasa", "CD"), ("Congo-Brazzaville", "CG"),
        ("UAE", "AE"), ("Emirates", "AE"), ("Republic of Ireland", "IE"), ("Eire", "IE"),
        ("Macau", "MO"), ("Bosnia", "BA"), ("Kyrgyz Republic", "KG"), ("Slovak Republic", "SK"),
        ("Falklands", "FK"), ("Sao Tome", "ST"),
        ("Kosovo", "XK"),
    ]

    /// Never accepted, only suggested: too loose to take silently.
    static let suggestOnly: [(String, String)] = [
        ("America", "US"), ("Holland", "NL"),
    ]

    private init() {
        let table = JurisdictionTable.shared
        // Tiers are tried in order, so a country name (tiers 0–2) always hides
        // a subdivision of the same name (tiers 3–4): "Georgia" is GE.
        var index = ISONameIndex(tiers: 5)
        for (alias, code) in Self.aliases { index.add(alias, table.byCode[code]!, tier: 0) }
        for (i, j) in table.all.enumerated() {
            let names = [j.name] + [j.officialName].compactMap { $0 } + table.otherNames[i]
            let (exact, derived) = j.isSubdivision ? (3, 4) : (1, 2)
            for name in names {
                index.add(name, i, tier: exact)
                for variant in ISONameKey.variants(of: name) { index.add(variant, i, tier: derived) }
            }
            index.addSuggestionOnly(j.code, i)
            if let a3 = j.alpha3 { index.addSuggestionOnly(a3, i) }
        }
        for (name, code) in Self.suggestOnly { index.addSuggestionOnly(name, table.byCode[code]!) }
        self.index = index
    }
}

/// Codes to positions, for the hot path. A code (at most 8 ASCII bytes) is
/// packed into a UInt64 and found in an open-addressed table: hashing a String
/// with SipHash took longer than the rest of a `[String: Int]` lookup.
struct ISOCodeTable: Sendable {
    private struct Slot { var key: UInt64 = 0, value: Int32 = 0 }  // key 0: empty
    private var slots: [Slot]
    private let shift: UInt64

    init(_ pairs: [(String, Int)]) {
        self.init(packed: pairs.map { code, value in
            guard let key = Self.pack(code) else { preconditionFailure("not a packable code: \(code)") }
            return (key, value)
        })
    }

    init(packed pairs: [(UInt64, Int)]) {
        var bits: UInt64 = 4
        while 1 << bits < pairs.count * 3 { bits += 1 }
        shift = 64 - bits
        slots = Array(repeating: Slot(), count: 1 << bits)
        for (key, value) in pairs {
            var i = slot(key)
            while slots[i].key != 0, slots[i].key != key { i = (i + 1) & (slots.count - 1) }
            slots[i] = Slot(key: key, value: Int32(value))
        }
    }

    /// How many codes it holds.
    var count: Int { slots.lazy.filter { $0.key != 0 }.count }

    subscript(code: String) -> Int? {
        guard let key = Self.pack(code) else { return nil }
        var i = slot(key)
        while true {
            let s = slots[i]
            if s.key == key { return Int(s.value) }
            if s.key == 0 { return nil }
            i = (i + 1) & (slots.count - 1)
        }
    }

    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)  // Fibonacci hashing
    }

    static func key(_ code: String) -> UInt64? { pack(code) }

    /// Big-endian bytes; nil for anything that cannot be a code.
    private static func pack(_ code: String) -> UInt64? {
        // Native strings are contiguous; bridged ones (macOS) may not be.
        code.utf8.withContiguousStorageIfAvailable(pack(bytes:)) ?? pack(bytes: code.utf8)
    }

    static func pack<Bytes: Collection<UInt8>>(bytes: Bytes) -> UInt64? {
        guard (1...8).contains(bytes.count) else { return nil }
        var key: UInt64 = 0
        for byte in bytes {
            guard byte != 0 else { return nil }
            key = key << 8 | UInt64(byte)
        }
        return key
    }
}

extension ISOData {
    /// The fields of each line, in one pass over the bytes: `split` on the
    /// String (grapheme breaking) or on its UTF-8 view (nested arrays) made
    /// the first lookup several milliseconds slower.
    /// The first `count` fields of each line, packed as code keys, without
    /// building a string.
    static func leadingFields(_ table: String, count: Int, _ body: (UInt64) -> Void) {
        var table = table
        table.withUTF8 { bytes in
            var start = 0, field = 0
            for i in 0...bytes.count {
                let byte = i < bytes.count ? bytes[i] : UInt8(ascii: "\n")
                guard byte == UInt8(ascii: "|") || byte == UInt8(ascii: "\n") else { continue }
                // Lines are indented in the literal's source but not in its value.
                if field < count, i > start, let key = ISOCodeTable.pack(bytes: UnsafeBufferPointer(rebasing: bytes[start..<i])) {
                    body(key)
                }
                field = byte == UInt8(ascii: "\n") ? 0 : field + 1
                start = i + 1
            }
        }
    }

    static func rows(_ table: String) -> [[String]] {
        var table = table, rows: [[String]] = [], fields: [String] = []
        table.withUTF8 { bytes in
            var start = 0
            for i in 0...bytes.count {
                let byte = i < bytes.count ? bytes[i] : UInt8(ascii: "\n")
                guard byte == UInt8(ascii: "|") || byte == UInt8(ascii: "\n") else { continue }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                start = i + 1
                if byte == UInt8(ascii: "\n") {
                    if fields != [""] { rows.append(fields) }
                    fields.removeAll(keepingCapacity: true)
                }
            }
        }
        return rows
    }
}

/// Normalised names: "Côte d’Ivoire", "cote d'ivoire" and "COTE DIVOIRE" are
/// one key. Shared with `Languages`.
enum ISONameKey {
    private static let dropped: Set<Unicode.Scalar> = ["'", "’", "‘", "ʻ", "ʼ", "`", "´", "."]

    static func make(_ text: String) -> String {
        asciiKey(text) ?? key(LatinFold.fold(text))
    }

    /// The key of any text, folded first.
    static func key(_ folded: String) -> String {
        var words: [String] = [], word = ""
        func flush() { if !word.isEmpty { words.append(word); word = "" } }
        for s in folded.unicodeScalars {
            if dropped.contains(s) { continue }  // "d'Ivoire" = "dIvoire", "U.K." = "UK"
            if s.properties.isAlphabetic || s.properties.numericType != nil {
                word.unicodeScalars.append(s)
            } else {
                flush()
                if s == "&" { words.append("and") }
            }
        }
        flush()
        return joined(words)
    }

    /// The same key for ASCII text, byte by byte, without folding or Unicode
    /// properties: most names are ASCII, and the name index makes keys for
    /// some 20,000 names the first time a name is looked up, which took a
    /// hundred milliseconds the general way.
    static func asciiKey(_ text: String) -> String? {
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count + 8)
        var wordStart = 0
        // Ends the word being written: "st" becomes "saint", a first "the"
        // is dropped once a second word follows.
        func endWord() {
            guard key.count > wordStart else { return }
            if key.count - wordStart == 2, key[wordStart] == UInt8(ascii: "s"), key[wordStart + 1] == UInt8(ascii: "t") {
                key.replaceSubrange(wordStart..., with: "saint".utf8)
            }
            key.append(UInt8(ascii: " "))
            wordStart = key.count
        }
        for b in text.utf8 {
            switch b {
            case 0x80...: return nil
            case UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "."): continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): key.append(b)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): key.append(b | 0x20)
            default:
                endWord()
                if b == UInt8(ascii: "&") { key += "and ".utf8; wordStart = key.count }
            }
        }
        endWord()
        if key.last == UInt8(ascii: " ") { key.removeLast() }
        if key.count > 4, key.starts(with: "the ".utf8) { key.removeFirst(4) }
        return String(decoding: key, as: UTF8.self)
    }

    private static func joined(_ words: [String]) -> String {
        var words = words.map { $0 == "st" ? "saint" : $0 }
        if words.count > 1, words[0] == "the" { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// Looser spellings of an ISO name: "Holy See (Vatican City State)" gives
    /// "Holy See" and "Vatican City State"; "Korea, Republic of" gives
    /// "Republic of Korea" and "Korea".
    static func variants(of name: String) -> [String] {
        var out: [String] = []
        var bases = [name]
        // Searched in UTF-8, not by Character: the index builds variants of
        // some 20,000 names on first use. Brackets and commas are ASCII, so
        // the indexes found fall on Character boundaries.
        if let open = name.utf8.firstIndex(of: UInt8(ascii: "(")),
           let close = name.utf8[open...].firstIndex(of: UInt8(ascii: ")")) {
            let outside = (name[..<open] + name[name.index(after: close)...]).trimmedSpaces
            out += [outside, String(name[name.index(after: open)..<close])]
            bases.append(outside)
        }
        for base in bases {
            if let comma = base.utf8.firstIndex(of: UInt8(ascii: ",")) {
                let head = base[..<comma].trimmedSpaces
                let tail = base[base.index(after: comma)...].trimmedSpaces
                out += ["\(tail) \(head)", head]
            }
        }
        // A bracketed year ("Greek, Modern (1453-)") is no name.
        return out.filter { $0.contains(where: \.isLetter) && $0 != name }
    }
}

/// Normalised names to table positions, in tiers: a key found in one tier
/// hides the same key in later ones. Also the pool `nearest` searches.
struct ISONameIndex: Sendable {
    private var tiers: [[String: [Int]]]
    /// The pool: each key once, as scalars (what the distance compares), with
    /// the positions it names. `slot` finds a key's entry while adding.
    private var slot: [String: Int] = [:]
    private var pool: [(key: [Unicode.Scalar], positions: [Int])] = []

    init(tiers count: Int) { tiers = Array(repeating: [:], count: count) }

    mutating func add(_ name: String, _ i: Int, tier: Int) {
        let key = ISONameKey.make(name)
        guard !key.isEmpty else { return }
        if !tiers[tier][key, default: []].contains(i) { tiers[tier][key, default: []].append(i) }
        addKey(key, i)
    }

    mutating func addSuggestionOnly(_ name: String, _ i: Int) { addKey(ISONameKey.make(name), i) }

    private mutating func addKey(_ key: String, _ i: Int) {
        guard !key.isEmpty else { return }
        if let n = slot[key] {
            if !pool[n].positions.contains(i) { pool[n].positions.append(i) }
        } else {
            slot[key] = pool.count
            pool.append((Array(key.unicodeScalars), [i]))
        }
    }

    /// The positions named by `key` in the first tier that has it.
    func candidates(_ key: String) -> [Int]? {
        for tier in tiers { if let hits = tier[key] { return hits } }
        return nil
    }

    /// Positions with a key within `EditDistance.suggestions`' threshold of
    /// `key`, each scored by its best (distance, length gap); the length gap
    /// ranks "SWE" before "SD" for "SWD".
    func nearest(to key: String) -> [(index: Int, score: (distance: Int, gap: Int))] {
        guard !key.isEmpty else { return [] }
        let scalars = Array(key.unicodeScalars)
        let threshold = max(1, min(3, scalars.count / 3))
        var best: [Int: (distance: Int, gap: Int)] = [:]
        for (candidate, positions) in pool {
            let gap = abs(candidate.count - scalars.count)
            guard gap <= threshold else { continue }
            let d = EditDistance.distance(scalars, candidate, bound: threshold)
            guard d <= threshold else { continue }
            for i in positions where best[i].map({ (d, gap) < $0 }) ?? true {
                best[i] = (d, gap)
            }
        }
        return best.map { (index: $0.key, score: $0.value) }
    }
}
