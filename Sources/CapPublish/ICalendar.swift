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
/// - Times in an IANA zone keep their zone (`DTSTART;TZID=Europe/Paris:…`)
///   and no VTIMEZONE is emitted. cap embeds the names of zones but not their
///   rules, and a hand-made VTIMEZONE would take precedence over the client's
///   own tz database and could shift events by an hour. Google, Apple,
///   Outlook and python-icalendar resolve IANA TZIDs by name; a strict
///   validator will warn that RFC 5545 3.2.19 asks for the VTIMEZONE.
/// - Times written without a zone are floating (no `Z`, no TZID): the record
///   says "12:00" and nothing about where.
/// - Records give a start time but not an end, so a timed entry lasts one
///   hour; a timed range (a dateTime plus a later endDate) ends at midnight
///   after its last day, in the same zone.
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
        if let dt = e.dateTime {
            timed(dt, until: e.endDate, into: &out)
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
        if let d = e.description, !d.isEmpty {
            out.text.append(literal: "DESCRIPTION:")
            out.text.appendICalText(d)
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
        if e.dateTime == nil {
            let coarsest = min(e.date.precision, e.endDate?.precision ?? .day)
            if coarsest != .day { out.add(coarsest == .month ? "X-CAP-PRECISION:month" : "X-CAP-PRECISION:year") }
        }
        out.add("END:VEVENT")
    }

    private static func timed(_ dt: CapDateTime, until endDate: CapDate?, into out: inout ContentLines) {
        let day = dt.date.firstDay
        let start = ((day * 24 + dt.hour) * 60 + dt.minute) * 60 + dt.second
        var end = start + 3600
        if let endDate, endDate.lastDay > day { end = (endDate.lastDay + 1) * 86_400 }

        // A fixed offset is written in UTC, an IANA zone as a TZID, no zone
        // as floating time.
        let offset = dt.zone == nil ? nil : dt.utcOffsetMinutes
        let prefix = dt.zone == nil || offset != nil ? "" : ";TZID=" + paramValue(dt.zone!)
        // Two calls, not a loop over an array of the two: that array was
        // made and freed for every timed event.
        func line(_ name: StaticString, _ seconds: Int) {
            out.text.append(literal: name)
            out.text.append(prefix)
            out.text.append(byte: 58)
            out.text.appendICalDateTime(seconds - (offset ?? 0) * 60)
            if offset != nil { out.text.append(byte: 90) }
            out.end()
        }
        line("DTSTART", start)
        // A one-hour event in local time (an IANA zone, or floating) ends
        // after a DURATION, not at a DTEND written one hour later on the
        // clock: in a clock-change gap (02:30 on the night clocks go from
        // 02:00 to 03:00) a client takes the start with the offset before
        // the gap (RFC 5545 3.3.5), 03:30 in the new time, and a DTEND of
        // 03:30 made a zero-length event. An exact hour is an hour either
        // way. cap embeds no zone rules to compute the end itself.
        if offset == nil && end == start + 3600 {
            out.add("DURATION:PT1H")
        } else {
            line("DTEND", end)
        }
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
            if let dt = e.dateTime {
                let day = dt.date.firstDay
                let start = ((day * 24 + dt.hour) * 60 + dt.minute) * 60 + dt.second
                var end = start + 3600
                if let endDate = e.endDate, endDate.lastDay > day { end = (endDate.lastDay + 1) * 86_400 }
                let shift = (dt.zone == nil ? nil : dt.utcOffsetMinutes).map { $0 * 60 } ?? 0
                days = (floorDiv(start - shift, 86_400), floorDiv(end - shift, 86_400))
            } else {
                let start = e.date.firstDay
                days = (start, max((e.endDate ?? e.date).lastDay, start) + 1)
            }
            for day in [days.0, days.1] {
                let year = civil(day).0
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

    /// DTSTAMP must be UTC. A stamp in a fixed-offset zone is converted; one
    /// in an IANA zone cannot be without tz rules and is taken as UTC.
    private static func utcStamp(_ stamp: CapDateTime) -> String {
        let wall = ((stamp.date.firstDay * 24 + stamp.hour) * 60 + stamp.minute) * 60 + stamp.second
        return dateTimeText(wall - (stamp.utcOffsetMinutes ?? 0) * 60) + "Z"
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

    /// The inverse of `CapDate.dayNumber` (Hinnant's civil_from_days, with
    /// the same epoch shift).
    static func civil(_ n: Int) -> (Int, Int, Int) {
        let era = (n >= 0 ? n : n - 146_096) / 146_097
        let doe = n - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

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

    /// `YYYYMMDD` for a day number as `CapDate.dayNumber` counts them.
    mutating func appendICalDate(_ dayNumber: Int) {
        let (y, m, d) = ICalendar.civil(dayNumber)
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
