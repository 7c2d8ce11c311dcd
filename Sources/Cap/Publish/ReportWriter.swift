/// A report as Markdown, as one self-contained HTML page (no external
/// resources; readable on a phone, clean when printed), or as JSON.
public enum ReportWriter {
    public enum Format: String, CaseIterable, Sendable { case md, html, json }

    static func monthTitle(_ d: CapDate) -> String {
        guard d.month > 0 else { return "\(d.year) (month not recorded)" }
        let names = ["January", "February", "March", "April", "May", "June", "July", "August",
                     "September", "October", "November", "December"]
        return "\(names[d.month - 1]) \(d.year)"
    }

    static func place(_ e: TimelineEntry) -> String {
        var parts = [e.city, e.country.flatMap { Jurisdictions.lookup(code: $0)?.name }].compactMap { $0 }
        if e.online { parts.append("online") }
        return parts.joined(separator: ", ")
    }

    static func statisticLine(_ s: Report.Statistic) -> String {
        let shown = s.value ?? s.declared ?? 0
        var line = "\(shown) \(s.name)"
        if s.value == nil { line += " (declared)" } else if let d = s.declared, d != s.value { line += " (declared: \(d))" }
        return line
    }

    public static func markdown(_ r: Report) -> String {
        var out = "# \(Markdown.escape(r.title))\n\n## Activities\n"
        for month in r.months {
            out += "\n### \(monthTitle(month.date))\n\n"
            for e in month.entries {
                let where_ = place(e)
                out += "- " + (where_.isEmpty ? "" : "**\(Markdown.escape(where_))**: ") + Markdown.escape(e.title)
                if !e.tags.isEmpty { out += " · " + e.tags.map { Markdown.escape($0.replacingUnderscores) }.joined(separator: " / ") }
                out += "\n"
            }
        }
        out += "\n## Statistics\n\n"
        for s in r.statistics {
            out += "- **\(Markdown.escape(statisticLine(s)))**"
            if !s.items.isEmpty { out += ": " + Markdown.escape(s.items.joined(separator: ", ")) }
            out += "\n"
        }
        if !r.campaigns.isEmpty { out += "\n## Campaigns\n\n" + r.campaigns.map { "- \(Markdown.escape($0))\n" }.joined() }
        if !r.laws.isEmpty {
            out += "\n## Laws\n\n" + r.laws.map { "- \(Markdown.escape(Timeline.display($0))): \(Markdown.escape($0.title))\n" }.joined()
        }
        if !r.publications.isEmpty {
            out += "\n## Publications\n\n" + r.publications.map { "- \(Markdown.escape(Timeline.display($0))): \(Markdown.escape($0.title))\n" }.joined()
        }
        return out
    }

    public static func html(_ r: Report) -> String {
        func h(_ s: String) -> String { HTML.escape(s) }
        var body = "<h1>\(h(r.title))</h1>\n<h2>Activities</h2>\n"
        for month in r.months {
            body += "<h3>\(h(monthTitle(month.date)))</h3>\n<ul>\n"
            for e in month.entries {
                let where_ = place(e)
                body += "<li>" + (where_.isEmpty ? "" : "<strong>\(h(where_))</strong>: ") + h(e.title)
                if !e.tags.isEmpty { body += " <span class=\"tags\">" + h(e.tags.map { $0.replacingUnderscores }.joined(separator: " / ")) + "</span>" }
                body += "</li>\n"
            }
            body += "</ul>\n"
        }
        body += "<h2>Statistics</h2>\n<dl class=\"stats\">\n"
        for s in r.statistics {
            body += "<dt>\(h(statisticLine(s)))</dt><dd>\(h(s.items.joined(separator: ", ")))</dd>\n"
        }
        body += "</dl>\n"
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            body += "<h2>\(h(title))</h2>\n<ul>\n" + items.map { "<li>\(h($0))</li>\n" }.joined() + "</ul>\n"
        }
        section("Campaigns", r.campaigns)
        section("Laws", r.laws.map { "\(Timeline.display($0)): \($0.title)" })
        section("Publications", r.publications.map { "\(Timeline.display($0)): \($0.title)" })
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(r.title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;max-width:46rem;margin:0 auto;padding:1rem;color:#1a1a1a}
            h1{color:#6b1d5c}h2{border-bottom:2px solid #6b1d5c;padding-bottom:.2rem;margin-top:2rem}
            .tags{color:#666;font-size:.9em}.stats dt{font-weight:bold;margin-top:.6rem}.stats dd{margin-left:1rem;color:#444}
            @media print{body{max-width:none;font-size:11pt}h2{break-after:avoid}li,dt,dd{break-inside:avoid}}
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    public static func json(_ r: Report) -> String {
        func entry(_ e: TimelineEntry) -> String {
            JSON.object([("id", JSON.quote(e.id)), ("date", JSON.quote(e.date.description)), ("title", JSON.quote(e.title)),
                         ("place", JSON.quote(place(e))), ("tags", JSON.array(e.tags.map(JSON.quote)))])
        }
        func int(_ n: Int?) -> String { n.map(String.init) ?? "null" }
        return JSON.object([
            ("title", JSON.quote(r.title)), ("from", JSON.quote(r.from.description)), ("to", JSON.quote(r.to.description)),
            ("months", JSON.array(r.months.map { m in
                JSON.object([("month", JSON.quote(m.date.description)), ("activities", JSON.array(m.entries.map(entry)))])
            })),
            ("statistics", JSON.array(r.statistics.map { s in
                JSON.object([("name", JSON.quote(s.name)), ("value", int(s.value)), ("declared", int(s.declared)),
                             ("items", JSON.array(s.items.map(JSON.quote)))])
            })),
            ("campaigns", JSON.array(r.campaigns.map(JSON.quote))),
            ("laws", JSON.array(r.laws.map(entry))),
            ("publications", JSON.array(r.publications.map(entry))),
        ]) + "\n"
    }
}

/// HTML escaping for text and attribute values.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in Excerpt.visible(text) {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
