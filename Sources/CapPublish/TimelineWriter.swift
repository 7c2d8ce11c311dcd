import CapBase
import CapValues
import CapSchema

/// Timelines as Markdown, CSV and JSON (iCalendar and TimelineJS have
/// their own writers). Data text is escaped for each format.
public enum TimelineWriter {
    /// Whether an entry's title already names its country at an end: as a
    /// word before ": " or " ", or after " " or in parentheses.
    static func names(_ title: String, _ country: String) -> Bool {
        title.hasPrefix(country + ":") || title.hasPrefix(country + " ")
            || title.hasSuffix(" " + country) || title.hasSuffix("(" + country + ")")
    }


    public static func markdown(_ entries: [TimelineEntry], title: String) -> String {
        var out = TextBuffer(capacity: entries.count * 128)
        markdown(TimelineSelection(entries), title: title, into: &out)
        return out.text
    }

    /// What `markdown` returns, as the bytes `cap build` writes: a String
    /// made from them would be validated byte by byte only to be taken apart.
    static func markdown(_ entries: TimelineSelection, title: String, language: PublishLanguage = .en, into out: inout TextBuffer) {
        out.append(literal: "# ")
        out.appendMarkdown(title)
        out.append(literal: "\n")
        var year: Int? = nil
        entries.forEach { e in
            if e.date.year != year {
                year = e.date.year
                out.append(literal: "\n## ")
                out.append(e.date.year)
                out.append(literal: "\n\n")
            }
            out.append(literal: "- **")
            out.appendDisplay(e, language: language) { $0.appendMarkdown($1) }
            out.append(literal: "** — ")
            out.appendMarkdown(e.title)
            // "(City, Country)", appended part by part: joining them first
            // made two arrays and a string for every entry.
            // A law's title begins with its country ("Sweden: Sex Purchase
            // Act passed"), a ratification's with its State ("France
            // ratifies the …") or ends with it ("… enters into force for
            // France"): "(Sweden)" after it said it twice.
            let city = e.city
            let countryName = e.country.flatMap { language.countryName(code: $0) }.flatMap { name in
                city == nil && Self.names(e.title, name) ? nil : name
            }
            if city != nil || countryName != nil {
                out.append(literal: " (")
                if let city { out.appendMarkdown(city) }
                if city != nil && countryName != nil { out.append(literal: ", ") }
                if let countryName { out.appendMarkdown(countryName) }
                out.append(literal: ")")
            }
            if e.online {
                out.append(literal: " · ")
                out.append(language.labels.online)
            }
            for (i, tag) in e.tags.enumerated() {
                out.append(i == 0 ? " · `" : " `")
                out.append(tag)
                out.append(literal: "`")
            }
            out.append(literal: "\n")
            out.flushIfLarge()
        }
    }

    public static let csvHeader = ["date", "end_date", "time", "zone", "end_time", "end_zone", "kind", "title", "city",
                                   "country", "online", "url", "tags", "id"]

    static func csv(_ entries: TimelineSelection, into out: inout TextBuffer) {
        out.appendCSVLine(csvHeader)
        entries.forEach { e in
            out.appendCSVDate(e.date)
            out.append(byte: 44)
            if let end = e.endDate { out.appendCSVDate(end) }
            out.append(byte: 44)
            if let t = e.dateTime {
                out.append(t.hour, width: 2)
                out.append(byte: 58)
                out.append(t.minute, width: 2)
            }
            out.append(byte: 44)
            out.appendCSV(e.dateTime?.zone ?? "")
            out.append(byte: 44)
            if let t = e.endDateTime {
                out.append(t.hour, width: 2)
                out.append(byte: 58)
                out.append(t.minute, width: 2)
            }
            out.append(byte: 44)
            out.appendCSV(e.endDateTime?.zone ?? "")
            out.append(byte: 44)
            out.append(e.kind.rawValue)
            out.append(byte: 44)
            out.appendCSV(e.title)
            out.append(byte: 44)
            out.appendCSV(e.city ?? "")
            out.append(byte: 44)
            out.appendCSV(e.country ?? "")
            out.append(byte: 44)
            out.append(e.online ? "true," : "false,")
            out.appendCSV(e.url ?? "")
            out.append(byte: 44)
            out.appendCSV(joining: e.tags)
            out.append(byte: 44)
            out.appendCSV(e.id)
            out.append(literal: "\r\n")
            out.flushIfLarge()
        }
    }

    static func json(_ entries: TimelineSelection, into out: inout TextBuffer) {
        out.append(literal: "[\n")
        var first = true
        entries.forEach { e in
            out.append(first ? "  {\"id\":" : ",\n  {\"id\":")
            first = false
            out.appendJSON(e.id)
            out.append(literal: ",\"kind\":\"")
            out.append(e.kind.rawValue)
            out.append(literal: "\",\"title\":")
            out.appendJSON(e.title)
            out.append(literal: ",\"date\":\"")
            out.appendDate(e.date)
            out.append(literal: "\",\"end_date\":")
            if let end = e.endDate {
                out.append(byte: 34)
                out.appendDate(end)
                out.append(byte: 34)
            } else {
                out.append(literal: "null")
            }
            out.append(literal: ",\"date_time\":")
            out.appendJSON(e.dateTime?.description)
            out.append(literal: ",\"end_date_time\":")
            out.appendJSON(e.endDateTime?.description)
            out.append(literal: ",\"display\":\"")
            out.appendDisplay(e) { $0.appendJSONContent($1) }
            out.append(byte: 34)
            out.append(literal: ",\"city\":")
            out.appendJSON(e.city)
            out.append(literal: ",\"country\":")
            out.appendJSON(e.country)
            out.append(e.online ? ",\"online\":true,\"url\":" : ",\"online\":false,\"url\":")
            out.appendJSON(e.url)
            out.append(literal: ",\"tags\":[")
            for (j, tag) in e.tags.enumerated() {
                if j > 0 { out.append(byte: 44) }
                out.appendJSON(tag)
            }
            out.append(literal: "],\"description\":")
            out.appendJSON(e.description)
            out.append(literal: "}")
            out.flushIfLarge()
        }
        out.append(literal: "\n]\n")
    }
}

extension TextBuffer {
    /// `CapDate.description`: 2017, 2017-03, 2017-03-14.
    mutating func appendDate(_ d: CapDate) {
        append(d.year, width: 4)
        guard d.precision != .year else { return }
        append(byte: 45)
        append(d.month, width: 2)
        guard d.precision == .day else { return }
        append(byte: 45)
        append(d.day, width: 2)
    }

    /// A date as a CSV cell: only a negative year's minus sign needs the cell
    /// escape.
    mutating func appendCSVDate(_ d: CapDate) {
        if d.year < 0 { appendCSV(d.description) } else { appendDate(d) }
    }

    /// `Timeline.display` of an entry, part by part: only a zone can hold a
    /// character to escape, and `zone` appends it escaped for the format.
    ///
    /// A range shows what it holds and no more: a one-day range is that day
    /// ("24 May 2018", not "24 May 2018 – 24 May 2018"), times on the same
    /// day share it and their zone ("23 Nov 2018 19:00–21:30 CET"), and a
    /// range over days gives each end its day and time.
    mutating func appendDisplay(_ e: borrowing TimelineEntry, language: PublishLanguage = .en,
                                zone appendZone: (inout TextBuffer, String) -> Void) {
        func time(_ t: CapDateTime, zone: Bool) {
            append(t.hour, width: 2)
            append(byte: 58)
            append(t.minute, width: 2)
            if zone, let z = t.zone {
                append(byte: 32)
                appendZone(&self, z)
            }
        }
        appendDisplay(e.date, language: language)
        let start = e.dateTime, endTime = e.endDateTime
        let end = e.endDate.flatMap { $0 == e.date ? nil : $0 }
        if let end {
            if let start {
                append(byte: 32)
                time(start, zone: true)
            }
            append(literal: " – ")
            appendDisplay(end, language: language)
            if let endTime {
                append(byte: 32)
                time(endTime, zone: true)
            }
        } else if let start {
            append(byte: 32)
            if let endTime {
                let sameZone = start.zone == endTime.zone
                time(start, zone: !sameZone)
                append(literal: "–")
                time(endTime, zone: true)
            } else {
                time(start, zone: true)
            }
        } else if let endTime {
            append(literal: " – ")
            time(endTime, zone: true)
        }
    }

    /// `Timeline.display` of a date: 14 Mar 2017, Mar 2017, 2017.
    mutating func appendDisplay(_ d: CapDate, language: PublishLanguage = .en) {
        // "about 2019", "before Mar 2020": the qualifier as the data says it.
        if !d.isExact {
            append(d.qualifier.word)
            append(byte: 32)
        }
        if d.precision == .day {
            append(d.day)
            append(byte: 32)
        }
        if d.precision != .year {
            append(language == .en ? Timeline.monthAbbreviations[d.month - 1] : language.monthAbbreviation(d.month))
            append(byte: 32)
        }
        append(d.year)
    }
}

/// Markdown escaping for data text placed mid-line: characters that would
/// start emphasis, code, links, tables or raw HTML are backslash-escaped
/// (line-start markers such as # or - never begin data text here).
public enum Markdown {
    public static func escape(_ text: String) -> String {
        var out = TextBuffer(capacity: text.utf8.count)
        out.appendMarkdown(text)
        return out.text
    }
}
