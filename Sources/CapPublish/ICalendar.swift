import CapBase
import CapEval
import CapValues
import CapSchema

/// A timeline as an iCalendar file (RFC 5545), for subscribing to the
/// coalition's activities in Google, Apple or Outlook calendars.
///
/// Calendars cannot say everything a timeline says, so some choices:
///
/// - Times in a zone with a fixed offset (CEST, +02:00) are written in UTC
///   (`20210622T100000Z`): every client reads that the same way.
/// - Times in an IANA zone keep their zone (`DTSTART;TZID=Europe/Paris:…`),
///   and the calendar carries the VTIMEZONE that RFC 5545 3.2.19 requires
///   for every TZID, made from the tz database cap embeds (ZoneRules): one
///   observance per change of offset from the one in effect at the zone's
///   first instant to its last, so it agrees with the clients' own
///   database wherever the calendar has an event.
/// - A local time that does not exist (in the gap when clocks go forward)
///   is read as RFC 5545 3.3.5 reads it, with the offset before the gap,
///   and written as the time it then is on the clock (02:30 on the night
///   Paris goes from 02:00 to 03:00 is written 03:30): clients that do not
///   apply 3.3.5 read the same instant.
/// - Times written without a zone are floating (no `Z`, no TZID): the record
///   says "12:00" and nothing about where.
/// - Nothing is invented: a timed entry with no end has no DTEND (it is an
///   instant, as RFC 5545 3.6.1 reads a DTSTART alone); a timed range ends
///   at its end time, and one whose end is a day (a dateTime..date) ends at
///   midnight after that day, in the start's zone.
/// - Month- and year-only dates become all-day events spanning the whole
///   month or year, marked `X-CAP-PRECISION:month` / `year`. Calendars have
///   no partial dates: picking a day would assert one the records do not
///   have, while the span keeps the entry visible whenever someone browses
///   that month, and the marker lets a program tell "some time in March
///   2017" from "all of March 2017". The summary stays as written so that
///   it matches the other outputs.
/// - Every event is `TRANSP:TRANSPARENT`: these are things that happened
///   or will happen, not the subscriber's appointments, and a month-long
///   entry must not show them busy for a month.
public enum ICalendar {
    public static func render(_ entries: [TimelineEntry], calendarName: String, stamp: CapDateTime) -> String {
        var out = TextBuffer(capacity: entries.count * 300)
        render(TimelineSelection(entries), calendarName: calendarName, stamp: stamp, into: &out)
        return out.text
    }

    /// What `render` returns, as the bytes `cap build` writes.
    static func render(_ entries: TimelineSelection, calendarName: String, stamp: CapDateTime, into text: inout TextBuffer) {
        // The buffer moves into the lines and back: it has one owner.
        var out = ContentLines(text.take())
        out.add("BEGIN:VCALENDAR")
        out.add("VERSION:2.0")
        out.add("PRODID:-//cap//timeline//EN")
        out.add("CALSCALE:GREGORIAN")
        out.text.append(literal: "X-WR-CALNAME:")
        out.text.appendICalText(calendarName)
        out.end()
        let dtstamp = utcStamp(stamp)
        for zone in zonesUsed(entries) { timeZone(zone, into: &out) }
        entries.forEach { entry in
            event(entry, dtstamp: dtstamp, into: &out)
            out.flushIfLarge()
        }
        out.add("END:VCALENDAR")
        text = out.finish()
    }

    private static func event(_ e: borrowing TimelineEntry, dtstamp: String, into out: inout ContentLines) {
        out.add("BEGIN:VEVENT")
        out.text.append(literal: "UID:")
        out.text.appendICalText(e.id)
        out.text.append(literal: "@cap")
        out.end()
        out.text.append(literal: "DTSTAMP:")
        out.text.append(dtstamp)
        out.end()
        if e.dateTime != nil || e.endDateTime != nil {
            timed(e, into: &out)
        } else {
            let start = e.date.firstDay
            // `max` keeps DTEND after DTSTART even if a range is backwards,
            // which RFC 5545 requires and the checker reports separately.
            let end = max((e.endDate ?? e.date).lastDay, start) + 1
            out.text.append(literal: "DTSTART;VALUE=DATE:")
            out.text.appendICalDate(start)
            out.end()
            out.text.append(literal: "DTEND;VALUE=DATE:")
            out.text.appendICalDate(end)
            out.end()
        }
        out.text.append(literal: "SUMMARY:")
        out.text.appendICalText(e.title)
        out.end()
        // The description, then the details and the link, a line each:
        // clients that show no URL property (Google's) still show the link.
        let description = e.description.flatMap { $0.isEmpty ? nil : $0 }
        let link = e.url.flatMap { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? $0 : nil }
        if description != nil || !e.details.isEmpty || link != nil {
            out.text.append(literal: "DESCRIPTION:")
            var lines = 0
            for line in [description].compactMap({ $0 }) + e.details + [link].compactMap({ $0 }) {
                if lines > 0 { out.text.append(literal: lines == 1 && description != nil ? "\\n\\n" : "\\n") }
                out.text.appendICalText(line)
                lines += 1
            }
            out.end()
        }
        if e.hasPlace {
            // The parts joined by an escaped ", ", escaped one by one: joining
            // them first made an array and two strings for every event.
            out.text.append(literal: "LOCATION:")
            var parts = 0
            e.forEachPlacePart { part in
                if parts > 0 { out.text.append(literal: "\\, ") }
                out.text.appendICalText(part)
                parts += 1
            }
            if e.online { out.text.append(parts == 0 ? "Online" : " and online") }
            out.end()
        }
        if let url = e.url, !url.isEmpty {
            out.text.append(literal: "URL:")
            out.text.appendURI(url)
            out.end()
        }
        out.add("TRANSP:TRANSPARENT")
        if e.dateTime == nil && e.endDateTime == nil {
            let coarsest = min(e.date.precision, e.endDate?.precision ?? .day)
            if coarsest != .day { out.add(coarsest == .month ? "X-CAP-PRECISION:month" : "X-CAP-PRECISION:year") }
        }
        out.add("END:VEVENT")
    }

    /// A time as the calendar writes it: `wall` (seconds since day 0 of
    /// `CapDate.dayNumber`) on the clock of `zone` (an IANA name, whose
    /// VTIMEZONE the calendar carries), in UTC (`utc`), or floating.
    struct Written {
        var wall: Int
        var utc: Bool
        var zone: ZoneRules?
        /// The instant, in Unix seconds, when the zone fixes one.
        var instant: Int?
    }

    /// `dt` as written: a fixed offset in UTC, an IANA zone on its clock,
    /// with a time in a clock-change gap moved to the clock time that
    /// RFC 5545 3.3.5 gives it; no zone floating. `midnightAfter` writes
    /// the midnight that ends that day instead of the time itself.
    static func written(_ dt: CapDateTime, midnightAfter day: CapDate? = nil) -> Written {
        let wall: Int
        if let day { wall = (day.lastDay + 1) * 86_400 } else {
            wall = ((dt.date.firstDay * 24 + dt.hour) * 60 + dt.minute) * 60 + dt.second
        }
        guard let zone = dt.zone else { return Written(wall: wall, utc: false, zone: nil, instant: nil) }
        let epoch = CapDate.unixEpochDay * 86_400
        if let offset = dt.utcOffsetMinutes {
            return Written(wall: wall - offset * 60, utc: true, zone: nil, instant: wall - offset * 60 - epoch)
        }
        guard let rules = ZoneRules.named(zone) else { return Written(wall: wall, utc: false, zone: nil, instant: nil) }
        let instant = rules.instant(ofLocal: wall - epoch).instant
        return Written(wall: instant + rules.kind(at: instant).offset + epoch, utc: false, zone: rules, instant: instant)
    }

    /// The start and end an entry with a time writes; the end is nil when
    /// the data gives none.
    static func times(_ e: borrowing TimelineEntry) -> (start: Written, end: Written?) {
        let startTime = e.dateTime ?? CapDateTime(midnightOf: e.date, zoneOf: e.endDateTime!)
        let start = written(startTime)
        var end: Written? = nil
        if let endTime = e.endDateTime {
            end = written(endTime)
        } else if let endDate = e.endDate, endDate.lastDay > startTime.date.firstDay {
            end = written(startTime, midnightAfter: endDate)
        }
        // DTEND may not precede DTSTART (RFC 5545 3.8.2.2); a backwards
        // range is reported by the checker.
        if var e = end, let a = start.instant, let b = e.instant, b < a {
            e.wall += a - b
            end = e
        }
        return (start, end)
    }

    private static func timed(_ e: borrowing TimelineEntry, into out: inout ContentLines) {
        let (start, end) = times(e)
        func line(_ name: StaticString, _ t: Written) {
            out.text.append(literal: name)
            if let zone = t.zone {
                out.text.append(literal: ";TZID=")
                out.text.append(paramValue(zone.name))
            }
            out.text.append(byte: 58)
            out.text.appendICalDateTime(t.wall)
            if t.utc { out.text.append(byte: 90) }
            out.end()
        }
        line("DTSTART", start)
        if let end { line("DTEND", end) }
    }

    // MARK: Time zones

    /// The IANA zones the entries' times use, each with the first and last
    /// instant written in it, by name.
    static func zonesUsed(_ entries: TimelineSelection) -> [(rules: ZoneRules, first: Int, last: Int)] {
        var used: [String: (rules: ZoneRules, first: Int, last: Int)] = [:]
        entries.forEach { e in
            guard e.dateTime?.utcOffsetMinutes == nil && e.dateTime?.zone != nil
                || e.endDateTime?.utcOffsetMinutes == nil && e.endDateTime?.zone != nil else { return }
            let (start, end) = times(e)
            for t in [start, end] {
                guard let t, let zone = t.zone, let instant = t.instant else { continue }
                let old = used[zone.name]
                used[zone.name] = (zone, min(old?.first ?? instant, instant), max(old?.last ?? instant, instant))
            }
        }
        return used.keys.sorted().map { used[$0]! }
    }

    /// A VTIMEZONE: the observance in effect at `first`, from the change
    /// that began it, and one for each change up to `last`.
    private static func timeZone(_ zone: (rules: ZoneRules, first: Int, last: Int), into out: inout ContentLines) {
        let epoch = CapDate.unixEpochDay * 86_400
        out.add("BEGIN:VTIMEZONE")
        out.text.append(literal: "TZID:")
        out.text.append(paramValue(zone.rules.name))
        out.end()
        // Changes to the same offset, from the same, under the same name
        // are one observance: its DTSTART is the first, and an RDATE lists
        // them all (the first included, which RFC 5545 allows and which
        // readers that take an observance's onsets from its RRULE and
        // RDATE alone need).
        var onsets: [(from: ZoneRules.Kind, to: ZoneRules.Kind, walls: [Int])] = []
        func onset(_ wall: Int, _ from: ZoneRules.Kind, _ to: ZoneRules.Kind) {
            if let i = onsets.firstIndex(where: { $0.from == from && $0.to == to }) {
                onsets[i].walls.append(wall)
            } else {
                onsets.append((from, to, [wall]))
            }
        }
        // The change that began the offset in effect at the first instant,
        // looked for over the two years before it; a zone unchanged for
        // longer gets an observance from the first of January.
        let current = zone.rules.kind(at: zone.first)
        if let began = zone.rules.transitions(after: zone.first - 2 * 366 * 86_400, through: zone.first).last {
            onset(began.instant + began.before.offset + epoch, began.before, began.after)
        } else {
            let local = zone.first + current.offset + epoch
            let (y, _, _) = CapDate.civil(ICalendar.floorDiv(local, 86_400))
            onset(CapDate.dayNumber(y, 1, 1) * 86_400, current, current)
        }
        for t in zone.rules.transitions(after: zone.first, through: zone.last) {
            onset(t.instant + t.before.offset + epoch, t.before, t.after)
        }
        for o in onsets {
            out.add(o.to.isDaylight ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD")
            out.text.append(literal: "DTSTART:")
            out.text.appendICalDateTime(o.walls[0])
            out.end()
            out.text.append(literal: "RDATE:")
            for (i, wall) in o.walls.enumerated() {
                if i > 0 { out.text.append(byte: 44) }
                out.text.appendICalDateTime(wall)
            }
            out.end()
            out.text.append(literal: "TZOFFSETFROM:")
            out.text.appendUTCOffset(o.from.offset)
            out.end()
            out.text.append(literal: "TZOFFSETTO:")
            out.text.appendUTCOffset(o.to.offset)
            out.end()
            out.text.append(literal: "TZNAME:")
            out.text.appendICalText(o.to.abbreviation)
            out.end()
            out.add(o.to.isDaylight ? "END:DAYLIGHT" : "END:STANDARD")
        }
        out.add("END:VTIMEZONE")
    }

    /// The first entry whose start or end, as written to the calendar (in
    /// UTC for a fixed offset, the all-day end the day after), falls outside
    /// the years 1 to 9999, which are all RFC 5545's four-digit years can
    /// say: 0001-01-01 00:30 +01:00 is 0000-12-31 in UTC, and an all-day
    /// event on 9999-12-31 ends on 10000-01-01. Its id and the year.
    static func firstOutOfRange(_ entries: TimelineSelection) -> (id: String, year: Int)? {
        var found: (id: String, year: Int)? = nil
        entries.forEach { e in
            guard found == nil else { return }
            var days: (Int, Int)
            if e.dateTime != nil || e.endDateTime != nil {
                let (start, end) = times(e)
                days = (floorDiv(start.wall, 86_400), floorDiv((end ?? start).wall, 86_400))
            } else {
                let start = e.date.firstDay
                days = (start, max((e.endDate ?? e.date).lastDay, start) + 1)
            }
            for day in [days.0, days.1] {
                let year = CapDate.civil(day).year
                if !(1...9999).contains(year) { found = (e.id, year); return }
            }
        }
        return found
    }

    /// E0404 when an entry cannot be written in iCalendar's years; nil when
    /// all can. At the entry's entity when it is found in `model`.
    static func rangeDiagnostic(_ entries: TimelineSelection, model: Model, output: SourceRange?) -> Diagnostic? {
        guard let (id, year) = firstOutOfRange(entries) else { return nil }
        let at = model.entity(named: id).map { model.location($0) } ?? output
        return .error(.calendarYearOutOfRange,
                      "'\(Excerpt.of(id))' falls in the year \(year) once written in UTC; iCalendar holds the years 1 to 9999 only",
                      at: at, help: "correct the date, or leave the entry out of the calendar with a narrower from/to")
    }

    public static func rangeDiagnostic(_ entries: [TimelineEntry], model: Model) -> Diagnostic? {
        rangeDiagnostic(TimelineSelection(entries), model: model, output: nil)
    }

    /// DTSTAMP must be UTC; a stamp without a zone is taken as UTC.
    private static func utcStamp(_ stamp: CapDateTime) -> String {
        let w = written(stamp)
        return dateTimeText(w.instant.map { $0 + CapDate.unixEpochDay * 86_400 } ?? w.wall) + "Z"
    }

    // MARK: Values

    /// `YYYYMMDD` for a day number as `CapDate.dayNumber` counts them.
    static func dateText(_ dayNumber: Int) -> String {
        var out = TextBuffer()
        out.appendICalDate(dayNumber)
        return out.text
    }

    /// `YYYYMMDDTHHMMSS` for seconds since day 0 of `CapDate.dayNumber`.
    static func dateTimeText(_ seconds: Int) -> String {
        var out = TextBuffer()
        out.appendICalDateTime(seconds)
        return out.text
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// TEXT escaping (RFC 5545 3.3.11). Line breaks of every kind become
    /// `\n`, since a raw one would end the content line; other control
    /// characters are dropped (a tab becomes a space) because the grammar
    /// allows none but HTAB and consumers differ even on that.
    static func escape(_ text: String) -> String {
        var out = TextBuffer(capacity: text.utf8.count)
        out.appendICalText(text)
        return out.text
    }

    /// IANA names never contain `;:,"`, but a parameter value that did would
    /// need quoting, and a double quote cannot appear at all.
    private static func paramValue(_ text: String) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }))
        return clean.unicodeScalars.contains { $0 == ";" || $0 == ":" || $0 == "," } ? "\"" + clean + "\"" : clean
    }
}

/// Content lines with CRLF ends, folded at 75 octets (RFC 5545 3.1). A
/// line is written straight into `text` and `end()` folds it there if it
/// is long; most are not.
private struct ContentLines: ~Copyable {
    var text: TextBuffer
    private var lineStart = 0

    init(_ text: consuming TextBuffer) {
        lineStart = text.count
        self.text = text
    }

    consuming func finish() -> TextBuffer { text }

    /// Between events, where no line is open.
    mutating func flushIfLarge() {
        text.flushIfLarge()
        lineStart = text.count
    }

    mutating func add(_ whole: StaticString) {
        text.append(literal: whole)
        end()
    }

    mutating func end() {
        // Scalars' octets add up to the line's, so a short line has no fold.
        if text.count - lineStart > 75 { text.insert(literal: "\r\n ", at: folds()) }
        text.append(literal: "\r\n")
        lineStart = text.count
    }

    /// Where the open line must be folded: before the scalar that would
    /// take it past 75 octets. The line is folded in place: copying it out
    /// and back scalar by scalar was a third of the time of the calendar.
    private func folds() -> [Int] {
        var folds: [Int] = []
        text.withBytes { u in
            var width = 0
            var pendingBackslash = false
            var i = lineStart
            while i < u.count {
                let octets = TextBuffer.scalarLength(u[i])
                // A fold between `\` and the escaped character is legal, but
                // naive readers that unescape per physical line would misread
                // it, so an escape pair stays together.
                if !pendingBackslash && u[i] == 92 {
                    pendingBackslash = true
                    i += 1
                    continue
                }
                let unit = pendingBackslash ? octets + 1 : octets
                if width + unit > 75 {
                    folds.append(pendingBackslash ? i - 1 : i)
                    width = 1
                }
                i += octets
                width += unit
                pendingBackslash = false
            }
        }
        return folds
    }
}

extension TextBuffer {
    /// TEXT escaping, as `ICalendar.escape` describes.
    static let icalSpecial = ByteSet(controls: true, "\\;,", bytes: [0xC2, 0xE2])

    mutating func appendICalText(_ s: String) {
        append(s, special: TextBuffer.icalSpecial) { out, u, i in
            let b = u[i]
            switch b {
            case 92: out.append(literal: "\\\\")
            case 59: out.append(literal: "\\;")
            case 44: out.append(literal: "\\,")
            case 10: if i == 0 || u[i - 1] != 13 { out.append(literal: "\\n") }
            case 13: out.append(literal: "\\n")
            case 9: out.append(byte: 32)
            case 0xC2, 0xE2:
                guard let c = TextBuffer.control(u, i) else { out.append(byte: b); i += 1; return }
                if c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029 { out.append(literal: "\\n") }
                i += c.length
                return
            default: break
            }
            i += 1
        }
    }

    /// Controls, space, and the lead byte of the C1 controls.
    static let uriSpecial = ByteSet(controls: true, " ", bytes: [0xC2])

    /// URI values are not TEXT, so no backslash escaping; only what could
    /// break the line or the URI is removed.
    mutating func appendURI(_ s: String) {
        append(s, special: TextBuffer.uriSpecial) { out, u, i in
            let b = u[i]
            if b == 32 { out.append(literal: "%20") }
            if b == 0xC2 {
                guard let c = TextBuffer.control(u, i) else { out.append(byte: b); i += 1; return }
                i += c.length
                return
            }
            i += 1
        }
    }

    /// A UTC offset, `+0200` or, with seconds, `+000921` (RFC 5545 3.3.14).
    mutating func appendUTCOffset(_ seconds: Int) {
        append(byte: seconds < 0 ? 45 : 43)
        let s = abs(seconds)
        append(s / 3600, width: 2)
        append(s / 60 % 60, width: 2)
        if s % 60 != 0 { append(s % 60, width: 2) }
    }

    /// `YYYYMMDD` for a day number as `CapDate.dayNumber` counts them.
    mutating func appendICalDate(_ dayNumber: Int) {
        let (y, m, d) = CapDate.civil(dayNumber)
        append(y, width: 4)
        append(m, width: 2)
        append(d, width: 2)
    }

    /// `YYYYMMDDTHHMMSS` for seconds since day 0 of `CapDate.dayNumber`.
    mutating func appendICalDateTime(_ seconds: Int) {
        let day = ICalendar.floorDiv(seconds, 86_400), inDay = seconds - day * 86_400
        appendICalDate(day)
        append(byte: 84)
        append(inDay / 3600, width: 2)
        append(inDay / 60 % 60, width: 2)
        append(inDay % 60, width: 2)
    }
}

extension TimelineEntry {
    /// Whether the entry says where it is: "Geneva, Switzerland"; a
    /// subdivision is followed by its country ("Belfast, Northern Ireland,
    /// United Kingdom"), and an online entry says so ("Online", "Geneva,
    /// Switzerland and online").
    var hasPlace: Bool {
        online || !(city ?? "").isEmpty || !(country ?? "").isEmpty
    }

    /// The named places of `hasPlace`, in order.
    func forEachPlacePart(_ part: (String) -> Void) {
        if let city, !city.isEmpty { part(city) }
        guard let country, !country.isEmpty else { return }
        guard let name = Jurisdictions.name(code: country) else { return part(country) }
        part(name)
        // Only ISO 3166-2 codes have a hyphen: the rest need no record.
        if country.utf8.contains(UInt8(ascii: "-")), let j = Jurisdictions.lookup(code: country), j.isSubdivision,
           let top = Jurisdictions.name(code: j.countryCode) { part(top) }
    }
}
