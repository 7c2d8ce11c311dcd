/// A day with a time of day and, usually, a zone: `2021-06-22 12:00 CEST`.
public struct CapDateTime: Hashable, Sendable, CustomStringConvertible {
    public let date: CapDate
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// The zone as written (CEST, Europe/Paris, +02:00, Z), if any.
    public let zone: String?
    /// Minutes east of UTC when the zone fixes it (an abbreviation or an
    /// offset); nil for IANA names, whose offset depends on the date.
    public let utcOffsetMinutes: Int?

    public enum Problem: Error, Equatable, Sendable {
        case date(CapDate.Problem)
        case time(String)
        case zone(String)
    }

    public static func parse(_ text: String) throws(Problem) -> CapDateTime {
        let utf8 = Array(text.utf8)
        let date: CapDate
        do { date = try CapDate.parse(utf8.prefix(10)) } catch { throw .date(error) }
        guard date.precision == .day, utf8.count >= 16 else { throw .time("expected a time HH:MM after the date") }
        func two(_ i: Int) -> Int { Int(utf8[i] - 48) * 10 + Int(utf8[i + 1] - 48) }
        let hour = two(11), minute = two(14)
        var index = 16, second = 0
        if utf8.count >= 19, utf8[16] == UInt8(ascii: ":") {
            second = two(17)
            index = 19
        }
        guard hour <= 23, minute <= 59, second <= 59 else {
            throw .time(String(decoding: utf8[11..<index], as: UTF8.self) + " is not a time of day")
        }
        var zoneText = String(decoding: utf8[index...], as: UTF8.self)
        if zoneText.hasPrefix(" ") { zoneText.removeFirst() }
        var zone: String? = nil, offset: Int? = nil
        if !zoneText.isEmpty {
            zone = zoneText
            switch TimeZones.resolve(zoneText) {
            case .fixed(let minutes): offset = minutes
            case .iana: offset = nil
            case .unknown: throw .zone(zoneText)
            }
        }
        return CapDateTime(date: date, hour: hour, minute: minute, second: second, zone: zone, utcOffsetMinutes: offset)
    }

    /// Minutes since 0001-01-01 00:00 UTC, when the zone fixes the offset.
    public var utcMinutes: Int? {
        guard let offset = utcOffsetMinutes ?? (zone == nil ? 0 : nil) else { return nil }
        return (date.firstDay * 24 + hour) * 60 + minute - offset
    }

    public var description: String {
        var s = "\(date) \(String(hour).leftPadded(2)):\(String(minute).leftPadded(2))"
        if second != 0 { s += ":" + String(second).leftPadded(2) }
        if let zone { s += zone.hasPrefix("+") || zone.hasPrefix("-") || zone == "Z" ? zone : " " + zone }
        return s
    }
}

extension CapDateTime {
    /// Midnight at the start of `date` in the zone of `other`: the start a
    /// range from a day to a time implies.
    package init(midnightOf date: CapDate, zoneOf other: CapDateTime) {
        self.init(date: date, hour: 0, minute: 0, second: 0, zone: other.zone, utcOffsetMinutes: other.utcOffsetMinutes)
    }
}
