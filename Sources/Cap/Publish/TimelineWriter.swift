/// Timelines as Markdown, CSV and JSON (iCalendar and TimelineJS have
/// their own writers). Data text is escaped for each format.
public enum TimelineWriter {
    public enum Format: String, CaseIterable, Sendable { case md, csv, json, timelinejs, ics }

    public static func markdown(_ entries: [TimelineEntry], title: String) -> String {
        var out = "# \(Markdown.escape(title))\n"
        var year: Int? = nil
        for e in entries {
            if e.date.year != year {
                year = e.date.year
                out += "\n## \(e.date.year)\n\n"
            }
            var line = "- **\(Markdown.escape(Timeline.display(e)))** — \(Markdown.escape(e.title))"
            let place = [e.city, e.country.flatMap { Jurisdictions.lookup(code: $0)?.name }].compactMap { $0 }
            if !place.isEmpty { line += " (\(Markdown.escape(place.joined(separator: ", "))))" }
            if e.online { line += " · online" }
            if !e.tags.isEmpty { line += " · " + e.tags.map { "`\($0)`" }.joined(separator: " ") }
            out += line + "\n"
        }
        return out
    }

    public static let csvHeader = ["date", "end_date", "time", "zone", "kind", "title", "city", "country",
                                   "online", "url", "tags", "id"]

    public static func csv(_ entries: [TimelineEntry]) -> String {
        var out = LawMapWriter.csvLine(csvHeader)
        for e in entries {
            let time = e.dateTime.map { "\(String($0.hour).leftPadded(2)):\(String($0.minute).leftPadded(2))" } ?? ""
            out += LawMapWriter.csvLine([e.date.description, e.endDate?.description ?? "", time, e.dateTime?.zone ?? "",
                                         e.kind.rawValue, e.title, e.city ?? "", e.country ?? "", e.online ? "true" : "false",
                                         e.url ?? "", e.tags.joined(separator: " "), e.id])
        }
        return out
    }

    public static func json(_ entries: [TimelineEntry]) -> String {
        func string(_ s: String?) -> String { s.map(JSON.quote) ?? "null" }
        let items = entries.map { e in
            "  " + JSON.object([
                ("id", JSON.quote(e.id)), ("kind", JSON.quote(e.kind.rawValue)), ("title", JSON.quote(e.title)),
                ("date", JSON.quote(e.date.description)), ("end_date", string(e.endDate?.description)),
                ("date_time", string(e.dateTime?.description)), ("display", JSON.quote(Timeline.display(e))),
                ("city", string(e.city)), ("country", string(e.country)), ("online", e.online ? "true" : "false"),
                ("url", string(e.url)), ("tags", JSON.array(e.tags.map(JSON.quote))), ("description", string(e.description)),
            ])
        }
        return "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }
}

/// Markdown escaping for data text placed mid-line: characters that would
/// start emphasis, code, links, tables or raw HTML are backslash-escaped
/// (line-start markers such as # or - never begin data text here).
public enum Markdown {
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in Excerpt.visible(text) {
            if "\\`*_[]<>|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
