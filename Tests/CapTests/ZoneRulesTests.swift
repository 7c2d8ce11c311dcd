import Testing
@testable import CapValues

/// The tz database cap embeds (Scripts/generate-time-zones.py) and the
/// instants it gives local times, checked against instants known from the
/// zones' published history.
@Suite struct ZoneRulesTests {
    /// Unix seconds of a UTC time.
    static func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> Int {
        ((CapDate.dayNumber(y, m, d) - CapDate.unixEpochDay) * 24 + h) * 3600 + min * 60
    }

    static func paris() throws -> ZoneRules { try #require(ZoneRules.named("Europe/Paris")) }

    @Test func offsetsOfParisInWinterSummerAndLongAgo() throws {
        let paris = try Self.paris()
        #expect(paris.kind(at: Self.utc(2021, 1, 15, 12)) == ZoneRules.Kind(offset: 3600, isDaylight: false, abbreviation: "CET"))
        #expect(paris.kind(at: Self.utc(2021, 7, 15, 12)) == ZoneRules.Kind(offset: 7200, isDaylight: true, abbreviation: "CEST"))
        // 1975: France had no summer time between 1945 and 1976.
        #expect(paris.kind(at: Self.utc(1975, 7, 1, 12)).offset == 3600)
        // Past the listed years the POSIX rule (last Sunday of March and October) decides.
        #expect(paris.kind(at: Self.utc(2050, 3, 27, 0, 59)).offset == 3600)
        #expect(paris.kind(at: Self.utc(2050, 3, 27, 1, 0)).offset == 7200)
    }

    @Test func aLocalTimeInTheGapTakesTheOffsetBeforeIt() throws {
        let paris = try Self.paris()
        // 28 March 2021, 02:30 local does not exist (02:00 became 03:00).
        let local = Self.utc(2021, 3, 28, 2, 30)
        let (instant, skipped) = paris.instant(ofLocal: local)
        #expect(instant == Self.utc(2021, 3, 28, 1, 30))
        #expect(skipped == 3600)
    }

    @Test func aRepeatedLocalTimeIsItsFirstOccurrence() throws {
        let paris = try Self.paris()
        // 31 October 2021, 02:30 local happens at 00:30 and 01:30 UTC.
        let (instant, skipped) = paris.instant(ofLocal: Self.utc(2021, 10, 31, 2, 30))
        #expect(instant == Self.utc(2021, 10, 31, 0, 30))
        #expect(skipped == 0)
        #expect(paris.instant(ofLocal: Self.utc(2021, 10, 31, 12)).instant == Self.utc(2021, 10, 31, 11))
    }

    @Test func otherZonesAliasesAndHalfHours() throws {
        let ny = try #require(ZoneRules.named("America/New_York"))
        // The 2007 US rule: second Sunday of March, 02:00 local.
        #expect(ny.instant(ofLocal: Self.utc(2019, 3, 12, 13, 15)).instant == Self.utc(2019, 3, 12, 17, 15))
        let change = ny.transitions(after: Self.utc(2019, 1, 1, 0), through: Self.utc(2019, 6, 1, 0))
        #expect(change.map(\.instant) == [Self.utc(2019, 3, 10, 7)])
        // An alias answers with its own name and the rules it links to.
        let kolkata = try #require(ZoneRules.named("Asia/Kolkata"))
        #expect(kolkata.name == "Asia/Kolkata")
        #expect(kolkata.kind(at: Self.utc(2020, 1, 1, 0)) == ZoneRules.Kind(offset: 19800, isDaylight: false, abbreviation: "IST"))
        // Lord Howe moves its clocks by half an hour.
        let howe = try #require(ZoneRules.named("Australia/Lord_Howe"))
        #expect(howe.kind(at: Self.utc(2021, 1, 1, 0)).offset == 39600)
        #expect(howe.kind(at: Self.utc(2021, 7, 1, 0)).offset == 37800)
        #expect(ZoneRules.named("Europe/Atlantis") == nil)
    }

    @Test func everyZoneNameHasRules() {
        let names = TimeZones.ianaNames.split(separator: "\n")
        #expect(names.count > 400)
        #expect(names.filter { ZoneRules.named(String($0)) == nil }.isEmpty)
    }
}
