import CapBase
import CapValues

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
        var out = TextBuffer(capacity: entries.count * 300)
        render(TimelineSelection(entries), title: title, into: &out)
        return out.text
    }

    /// What `render` returns, as the bytes `cap build` writes.
    /// `language`: the display dates' month names; TimelineJS itself spells
    /// English ones, so in another language every entry says its date.
    static func render(_ entries: TimelineSelection, title: String, language: PublishLanguage = .en, into out: inout TextBuffer) {
        out.append(literal: "{\"title\":{\"text\":{\"headline\":\"")
        out.appendJSONHTML(title, breaks: false)
        out.append(literal: "\"}},\n\"events\":[\n")
        var first = true
        entries.forEach { e in
            if !first { out.append(literal: ",\n") }
            first = false
            event(e, language: language, into: &out)
            out.flushIfLarge()
        }
        out.append(literal: "\n]}\n")
    }

    private static func event(_ e: borrowing TimelineEntry, language: PublishLanguage, into out: inout TextBuffer) {
        let end = e.endDate.flatMap { $0 == (e.dateTime?.date ?? e.date) ? nil : $0 }
        out.append(literal: "{\"start_date\":")
        if let dt = e.dateTime {
            timeParts(dt, into: &out)
        } else {
            dateParts(e.date, into: &out, closed: true)
        }
        // An end time on the start's day is an end too: 19:00 to 21:30.
        if let endTime = e.endDateTime {
            out.append(literal: ",\"end_date\":")
            timeParts(endTime, into: &out)
        } else if let end {
            out.append(literal: ",\"end_date\":")
            dateParts(end, into: &out, closed: true)
        }
        displayDate(e, end: end, language: language, into: &out)
        out.append(literal: ",\"text\":{\"headline\":\"")
        out.appendJSONHTML(e.title, breaks: false)
        out.append(byte: 34)
        let description = e.description.flatMap { $0.isEmpty ? nil : $0 }
        let url = e.url.flatMap { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? $0 : nil }
        if description != nil || url != nil {
            out.append(literal: ",\"text\":\"")
            if let description {
                out.append(literal: "<p>")
                out.appendJSONHTML(description, breaks: true)
                out.append(literal: "</p>")
            }
            if let url {
                out.append(literal: "<p><a href=\\\"")
                out.appendJSONHTML(url, breaks: false)
                out.append(literal: "\\\">")
                out.appendJSONHTML(url, breaks: false)
                out.append(literal: "</a></p>")
            }
            out.append(byte: 34)
        }
        out.append(literal: "},\"group\":\"")
        out.append(e.kind.rawValue)
        out.append(literal: "\",\"unique_id\":")
        out.appendJSON(e.id)
        out.append(byte: 125)
    }

    /// `{"year":"2018","month":"11","day":"23","hour":"19","minute":"0"}`.
    private static func timeParts(_ dt: CapDateTime, into out: inout TextBuffer) {
        dateParts(dt.date, into: &out, closed: false)
        out.append(literal: ",\"hour\":\"")
        out.append(dt.hour)
        out.append(literal: "\",\"minute\":\"")
        out.append(dt.minute)
        if dt.second != 0 {
            out.append(literal: "\",\"second\":\"")
            out.append(dt.second)
        }
        out.append(literal: "\"}")
    }

    /// `{"year":"2017","month":"3","day":"14"}`, the known parts only;
    /// left open when a time follows.
    private static func dateParts(_ d: CapDate, into out: inout TextBuffer, closed: Bool) {
        out.append(literal: "{\"year\":\"")
        out.append(d.year)
        if d.precision >= .month {
            out.append(literal: "\",\"month\":\"")
            out.append(d.month)
        }
        if d.precision == .day {
            out.append(literal: "\",\"day\":\"")
            out.append(d.day)
        }
        out.append(closed ? "\"}" : "\"")
    }

    /// `"display_date"`, only where TimelineJS's own rendering would hide
    /// something: a month it would spell differently from cap, or a zone it
    /// would drop. Written part by part, as `Timeline.display` words it.
    private static func displayDate(_ e: borrowing TimelineEntry, end: CapDate?, language: PublishLanguage,
                                    into out: inout TextBuffer) {
        guard language != .en || e.dateTime != nil || e.endDateTime != nil || e.date.precision == .month
                || end?.precision == .month
        else { return }
        out.append(literal: ",\"display_date\":\"")
        out.appendDisplay(e, language: language) { $0.appendJSONContent($1) }
        out.append(byte: 34)
    }
}

extension TextBuffer {
    /// Plain text as HTML inside a JSON string: what `JSON.quote` gives for
    /// `TimelineJS.html`, less the quotes. After the HTML escape only a
    /// backslash and U+2028/U+2029 (kept when not breaks) need JSON's.
    static let jsonHTMLSpecial = ByteSet(controls: true, "&<>\"'\\", bytes: [0xC2, 0xE2])

    mutating func appendJSONHTML(_ s: String, breaks: Bool) {
        append(s, special: TextBuffer.jsonHTMLSpecial) { out, u, i in
            let b = u[i]
            switch b {
            case 38: out.append(literal: "&amp;")
            case 60: out.append(literal: "&lt;")
            case 62: out.append(literal: "&gt;")
            case 34: out.append(literal: "&quot;")
            case 39: out.append(literal: "&#39;")
            case 92: out.append(literal: "\\\\")
            case 10 where breaks: if i == 0 || u[i - 1] != 13 { out.append(literal: "<br>") }
            case 13 where breaks: out.append(literal: "<br>")
            case 9, 10, 13: out.append(byte: 32)
            case 0xC2, 0xE2:
                guard let c = TextBuffer.control(u, i) else { out.append(byte: b); i += 1; return }
                if c.value == 0x2028 || c.value == 0x2029 {
                    if breaks { out.append(literal: "<br>") } else { out.append(c.value == 0x2028 ? "\\u2028" : "\\u2029") }
                }
                i += c.length
                return
            // Other controls: nothing a browser would show; a NUL can even
            // truncate text in some viewers.
            default: break
            }
            i += 1
        }
    }
}
