/// A timeline as Knight Lab TimelineJS3 JSON
/// (https://timeline.knightlab.com/docs/json-format.html).
///
/// - A date carries only its known parts: TimelineJS accepts a year alone or
///   a year and month, so partial dates need no invented day. Month-level
///   dates also get a `display_date` ("Mar 2017") so the slide shows the
///   month in the same short form as cap's other outputs.
/// - TimelineJS inserts `headline` and `text` as HTML, while cap's titles and
///   descriptions are plain text, so both are HTML-escaped; line breaks in a
///   description become `<br>` and other control characters are dropped.
///   Links are added only for http(s) URLs, so a `javascript:` URL in the
///   data cannot run in the reader's browser.
/// - TimelineJS has no time zones and shows clock times as given, so timed
///   entries keep their wall-clock time and state the zone in `display_date`
///   ("22 Jun 2021 12:00 CEST", as `Timeline.display` writes it).
/// - One event per line, so published files diff well.
public enum TimelineJS {
    public static func render(_ entries: [TimelineEntry], title: String) -> String {
        let titleSlide = JSON.object([("text", JSON.object([("headline", JSON.quote(html(title)))]))])
        let events = entries.map(event)
        return "{" + JSON.quote("title") + ":" + titleSlide + ",\n" + JSON.quote("events") + ":[\n"
            + events.joined(separator: ",\n") + "\n]}\n"
    }

    private static func event(_ e: TimelineEntry) -> String {
        let end = e.endDate.flatMap { $0 == (e.dateTime?.date ?? e.date) ? nil : $0 }
        var members: [(String, String)] = []
        if let dt = e.dateTime {
            var parts = dateParts(dt.date)
            parts.append(("hour", JSON.quote(String(dt.hour))))
            parts.append(("minute", JSON.quote(String(dt.minute))))
            if dt.second != 0 { parts.append(("second", JSON.quote(String(dt.second)))) }
            members.append(("start_date", JSON.object(parts)))
        } else {
            members.append(("start_date", JSON.object(dateParts(e.date))))
        }
        if let end { members.append(("end_date", JSON.object(dateParts(end)))) }
        if let display = displayDate(e, end: end) { members.append(("display_date", JSON.quote(display))) }

        var text: [(String, String)] = [("headline", JSON.quote(html(e.title)))]
        var body = ""
        if let d = e.description, !d.isEmpty { body = "<p>" + html(d, breaks: true) + "</p>" }
        if let url = e.url, url.hasPrefix("https://") || url.hasPrefix("http://") {
            body += "<p><a href=\"" + html(url) + "\">" + html(url) + "</a></p>"
        }
        if !body.isEmpty { text.append(("text", JSON.quote(body))) }
        members.append(("text", JSON.object(text)))
        members.append(("group", JSON.quote(e.kind.rawValue)))
        members.append(("unique_id", JSON.quote(e.id)))
        return JSON.object(members)
    }

    private static func dateParts(_ d: CapDate) -> [(String, String)] {
        var parts = [("year", JSON.quote(String(d.year)))]
        if d.precision >= .month { parts.append(("month", JSON.quote(String(d.month)))) }
        if d.precision == .day { parts.append(("day", JSON.quote(String(d.day)))) }
        return parts
    }

    /// Only where TimelineJS's own rendering would hide something: a month
    /// it would spell differently from cap, or a zone it would drop.
    private static func displayDate(_ e: TimelineEntry, end: CapDate?) -> String? {
        let tail = end.map { " – " + Timeline.display($0) } ?? ""
        if let dt = e.dateTime {
            var s = Timeline.display(dt.date) + " " + String(dt.hour).leftPadded(2) + ":" + String(dt.minute).leftPadded(2)
            if let zone = dt.zone { s += " " + zone }
            return s + tail
        }
        guard e.date.precision == .month || end?.precision == .month else { return nil }
        return Timeline.display(e.date) + tail
    }

    private static func html(_ text: String, breaks: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var afterCR = false
        for s in text.unicodeScalars {
            defer { afterCR = s == "\r" }
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n" where breaks: if !afterCR { out += "<br>" }
            case "\r" where breaks, "\u{2028}" where breaks, "\u{2029}" where breaks: out += "<br>"
            case "\t", "\n", "\r": out += " "
            // Nothing a browser would show; a NUL can even truncate text in
            // some viewers.
            case _ where s.value < 0x20 || (0x7F...0x9F).contains(s.value): break
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }
}
