/// A UN M49 region ("Europe", "Northern Europe", "Western Africa"), as
/// embedded from CLDR's copy of the M49 hierarchy in M49Data.swift.
public struct Region: Sendable, Hashable {
    /// Three digits: "150".
    public let code: String
    /// The M49 English name: "Northern Europe".
    public let name: String
}

/// Where a country sits in UN M49: its region (Africa, Americas, Asia,
/// Europe, Oceania), sub-region (Northern Europe, Sub-Saharan Africa, Latin
/// America and the Caribbean, …) and, in Africa and Latin America, its
/// intermediate region (Western Africa, Caribbean, …). A subdivision sits
/// where its country does. Antarctica is in no region.
public enum Regions {
    public struct Placement: Sendable {
        public let region: Region
        public let subregion: Region
        public let intermediate: Region?
    }

    /// The placement of a country or subdivision by its canonical code
    /// ("GB", "GB-NIR"); nil for Antarctica and unknown codes.
    public static func placement(of code: String) -> Placement? {
        let table = RegionTable.shared
        let country = code.utf8.count > 3 ? String(code.prefix(2)) : code
        return table.placements[country]
    }

    /// Every region, sub-region and intermediate region, by code.
    public static var all: [Region] { RegionTable.shared.regions }

    /// A region by its M49 name exactly as `region` and `subregion` give
    /// it: "Northern Europe".
    public static func lookup(name: String) -> Region? {
        RegionTable.shared.regions.first { $0.name == name }
    }
}

final class RegionTable: Sendable {
    static let shared = RegionTable()

    let regions: [Region]
    let placements: [String: Regions.Placement]

    private init() {
        var byCode: [String: (region: Region, parent: String)] = [:]
        var regions: [Region] = []
        for f in ISOData.rows(M49Data.regions) {
            let r = Region(code: f[0], name: f[1])
            regions.append(r)
            byCode[f[0]] = (r, f[2])
        }
        var placements: [String: Regions.Placement] = [:]
        for f in ISOData.rows(M49Data.countries) {
            // Innermost first, up to (not including) the world.
            var chain: [Region] = [], code = f[1]
            while let entry = byCode[code], !entry.parent.isEmpty {
                chain.append(entry.region)
                code = entry.parent
            }
            chain.reverse()
            guard chain.count >= 2 else { continue }
            placements[f[0]] = Regions.Placement(region: chain[0], subregion: chain[1], intermediate: chain.count > 2 ? chain[2] : nil)
        }
        self.regions = regions.filter { $0.code != "001" }
        self.placements = placements
    }
}
