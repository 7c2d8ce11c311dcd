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
        var out = ContentLines()
        out.append("BEGIN:VCALENDAR")
        out.append("VERSION:2.0")
        out.append("PRODID:-//cap//timeline//EN")
        out.append("CALSCALE:GREGORIAN")
        out.append("X-WR-CALNAME:" + escape(calendarName))
        let dtstamp = utcStamp(stamp)
        for entry in entries { event(entry, dtstamp: dtstamp, into: &out) }
        out.append("END:VCALENDAR")
        return out.text
    }

    private static func event(_ e: TimelineEntry, dtstamp: String, into out: inout ContentLines) {
        out.append("BEGIN:VEVENT")
        out.append("UID:" + escape(e.id + "@cap"))
        out.append("DTSTAMP:" + dtstamp)
        if let dt = e.dateTime {
            timed(dt, until: e.endDate, into: &out)
        } else {
            let start = e.date.firstDay
            // `max` keeps DTEND after DTSTART even if a range is backwards,
            // which RFC 5545 requires and the checker reports separately.
            let end = max((e.endDate ?? e.date).lastDay, start) + 1
            out.append("DTSTART;VALUE=DATE:" + dateText(start))
            out.append("DTEND;VALUE=DATE:" + dateText(end))
        }
        out.append("SUMMARY:" + escape(e.title))
        if let d = e.description, !d.isEmpty { out.append("DESCRIPTION:" + escape(d)) }
        if let place = e.placeText { out.append("LOCATION:" + escape(place)) }
        if let url = e.url, !url.isEmpty { out.append("URL:" + uri(url)) }
        out.append("TRANSP:TRANSPARENT")
        if e.dateTime == nil {
            let coarsest = min(e.date.precision, e.endDate?.precision ?? .day)
            if coarsest != .day { out.append("X-CAP-PRECISION:" + (coarsest == .month ? "month" : "year")) }
        }
        out.append("END:VEVENT")
    }

    private static func timed(_ dt: CapDateTime, until endDate: CapDate?, into out: inout ContentLines) {
        let day = dt.date.firstDay
        let start = ((day * 24 + dt.hour) * 60 + dt.minute) * 60 + dt.second
        var end = start + 3600
        if let endDate, endDate.lastDay > day { end = (endDate.lastDay + 1) * 86_400 }

        if dt.zone == nil {
            out.append("DTSTART:" + dateTimeText(start))
            out.append("DTEND:" + dateTimeText(end))
        } else if let offset = dt.utcOffsetMinutes {
            out.append("DTSTART:" + dateTimeText(start - offset * 60) + "Z")
            out.append("DTEND:" + dateTimeText(end - offset * 60) + "Z")
        } else {
            // Wall-clock arithmetic: across a DST change the event is an
            // hour long on the clock, which is what the organisers meant.
            let tzid = paramValue(dt.zone!)
            out.append("DTSTART;TZID=\(tzid):" + dateTimeText(start))
            out.append("DTEND;TZID=\(tzid):" + dateTimeText(end))
        }
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
        let (y, m, d) = civil(dayNumber)
        return String(y).leftPadded(4) + String(m).leftPadded(2) + String(d).leftPadded(2)
    }

    /// `YYYYMMDDTHHMMSS` for seconds since day 0 of `CapDate.dayNumber`.
    static func dateTimeText(_ seconds: Int) -> String {
        let day = floorDiv(seconds, 86_400), inDay = seconds - day * 86_400
        return dateText(day) + "T" + String(inDay / 3600).leftPadded(2)
            + String(inDay / 60 % 60).leftPadded(2) + String(inDay % 60).leftPadded(2)
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

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
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var afterCR = false
        for s in text.unicodeScalars {
            defer { afterCR = s == "\r" }
            switch s {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": if !afterCR { out += "\\n" }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": out += "\\n"
            case "\t": out += " "
            case _ where s.value < 0x20 || (0x7F...0x9F).contains(s.value): break
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// URI values are not TEXT, so no backslash escaping; only what could
    /// break the line or the URI is removed.
    private static func uri(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars {
            if s == " " { out += "%20" } else if s.value > 0x20 && !(0x7F...0x9F).contains(s.value) {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// IANA names never contain `;:,"`, but a parameter value that did would
    /// need quoting, and a double quote cannot appear at all.
    private static func paramValue(_ text: String) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }))
        return clean.unicodeScalars.contains { $0 == ";" || $0 == ":" || $0 == "," } ? "\"" + clean + "\"" : clean
    }
}

/// Content lines with CRLF ends, folded at 75 octets (RFC 5545 3.1).
private struct ContentLines {
    private(set) var text = ""

    mutating func append(_ line: String) {
        var width = 0
        var pendingBackslash = false
        for s in line.unicodeScalars {
            let octets = UTF8.width(s)
            // A fold between `\` and the escaped character is legal, but
            // naive readers that unescape per physical line would misread
            // it, so an escape pair stays together.
            let unit = pendingBackslash ? octets + 1 : octets
            if !pendingBackslash && s == "\\" {
                pendingBackslash = true
                continue
            }
            if width + unit > 75 {
                text += "\r\n "
                width = 1
            }
            if pendingBackslash { text += "\\" }
            text.unicodeScalars.append(s)
            width += unit
            pendingBackslash = false
        }
        if pendingBackslash { text += "\\" }
        text += "\r\n"
    }
}

extension TimelineEntry {
    /// "Geneva, Switzerland"; a subdivision is followed by its country
    /// ("Belfast, Northern Ireland, United Kingdom"), and an online entry
    /// says so. Nil when nothing is known.
    var placeText: String? {
        var parts: [String] = []
        if let city, !city.isEmpty { parts.append(city) }
        if let country, !country.isEmpty {
            if let j = Jurisdictions.lookup(code: country) {
                parts.append(j.name)
                if j.isSubdivision, let top = Jurisdictions.lookup(code: j.countryCode) { parts.append(top.name) }
            } else {
                parts.append(country)
            }
        }
        if online { return parts.isEmpty ? "Online" : parts.joined(separator: ", ") + " and online" }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
