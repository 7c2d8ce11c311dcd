import CapBase
import CapValues
import CapSchema

/// A report as Markdown, as one self-contained HTML page (no external
/// resources; readable on a phone, clean when printed), or as JSON.
public enum ReportWriter {

    static func monthTitle(_ d: CapDate, _ language: PublishLanguage = .en) -> String {
        guard d.month > 0 else { return "\(d.year) (\(language.labels.monthNotRecorded))" }
        // A heading starts with a capital: "Janvier 2017", "Enero 2017".
        let month = language.longDate(d)
        return month.prefix(1).uppercased() + month.dropFirst()
    }

    /// Where `e` took place, "City, Country, online" as far as known, each
    /// part escaped by `escape`, between `open` and `close`; nothing when
    /// the entry has no place. The escapes go scalar by scalar, so the
    /// parts escaped one by one read as their joined string would; joining
    /// them first made a string for every activity of a report.
    static func appendPlace(_ e: borrowing TimelineEntry, to out: inout TextBuffer, open: StaticString = "",
                            close: StaticString = "", language: PublishLanguage = .en,
                            escape: (inout TextBuffer, String) -> Void) {
        let hasCity = !(e.city ?? "").isEmpty
        let countryName = e.country.flatMap { language.countryName(code: $0) }
        guard hasCity || countryName != nil || e.online else { return }
        out.append(literal: open)
        if hasCity, let city = e.city { escape(&out, city) }
        if let countryName {
            if hasCity { out.append(literal: ", ") }
            escape(&out, countryName)
        }
        if e.online {
            if hasCity || countryName != nil { out.append(literal: ", ") }
            out.append(language.labels.online)
        }
        out.append(literal: close)
    }

    /// Tags by the labels their `tag` entities give them ("UN advocacy"),
    /// or, for a tag the data does not declare, as words ("street_outreach"
    /// as "street outreach"), each worked out once: a report names the same
    /// few dozen tags thousands of times, and splitting and joining them by
    /// Characters each time was about a third of the HTML report's
    /// instructions.
    struct TagWords {
        private var known: [String: String]

        init(_ names: [String: String] = [:]) { known = names }

        mutating func callAsFunction(_ tag: String) -> String {
            if let words = known[tag] { return words }
            let words = tag.replacingUnderscores
            known[tag] = words
            return words
        }
    }

    /// "12 country visits": the published figure when there is one (a
    /// difference from the data is listed for the editors), else the count.
    static func statisticLine(_ s: Report.Statistic, _ language: PublishLanguage = .en) -> String {
        language == .en ? Report.counted(s.shown, s.name) : "\(s.shown) \(language.labels.statisticName(s.name, count: s.shown))"
    }

    /// What a statistic counts, in the report's language.
    static func counts(_ s: Report.Statistic, _ language: PublishLanguage) -> String? {
        s.counts.map { s.builtIn ? language.labels.statisticCounts(s.name) ?? $0 : $0 }
    }

    /// What the editors should know about a published figure the data
    /// does not bear out, with advice that fits the direction.
    static func differenceLine(_ s: Report.Statistic, _ language: PublishLanguage = .en) -> String? {
        guard let (published, counted) = s.difference else { return nil }
        let labels = language.labels
        let gap = abs(counted - published)
        let name = language == .en ? s.name : labels.statisticName(s.name, count: 2)
        let items = s.items.isEmpty ? "" : " \(labels.counted)\(language == .fr ? " : " : ": ")" + s.items.joined(separator: ", ") + "."
        return (counted > published ? labels.moreCounted : labels.fewerCounted)(name, published, counted, gap) + items
    }

    /// The report in Markdown, written as bytes: a report of 10,000
    /// activities made as a String was only taken apart again.
    static func markdown(_ r: Report, into out: inout TextBuffer) {
        out.append(literal: "# ")
        out.appendMarkdown(r.title)
        out.append(literal: "\n")
        if let o = r.organisation {
            out.append(literal: "\n**")
            out.appendMarkdown(o.name)
            out.append(literal: "**")
            if let full = o.fullName {
                out.append(literal: " — ")
                out.appendMarkdown(full)
            }
            out.append(literal: "\n")
            if let intro = o.introduction {
                out.append(literal: "\n")
                out.appendMarkdown(intro)
                out.append(literal: "\n")
            }
            let links = [o.website, o.email.map { "mailto:" + $0 }].compactMap { $0 }
            if !links.isEmpty {
                out.append(literal: "\n")
                for (i, link) in links.enumerated() {
                    if i > 0 { out.append(literal: " · ") }
                    out.append(literal: "<")
                    out.appendMarkdown(link)
                    out.append(literal: ">")
                }
                out.append(literal: "\n")
            }
        }
        let labels = r.language.labels
        out.append("\n## \(labels.activities)\n")
        if r.months.isEmpty { out.append("\n\(labels.noActivities)\n") }
        var words = TagWords(r.tagNames)
        for month in r.months {
            out.append(literal: "\n### ")
            out.append(monthTitle(month.date, r.language))
            out.append(literal: "\n\n")
            TimelineSelection(month.entries).forEach { e in
                out.append(literal: "- ")
                appendPlace(e, to: &out, open: "**", close: "**: ", language: r.language) { $0.appendMarkdown($1) }
                out.appendMarkdown(e.title)
                for (i, tag) in e.tags.enumerated() {
                    out.append(i == 0 ? " · " : " / ")
                    out.appendMarkdown(words(tag))
                }
                out.append(literal: "\n")
                out.flushIfLarge()
            }
        }
        out.append("\n## \(labels.statistics)\n\n")
        for s in r.statistics {
            out.append(literal: "- **")
            out.appendMarkdown(statisticLine(s, r.language))
            out.append(literal: "**")
            // The items bear out the data's count; when the published figure
            // differs they go to the editors' list instead.
            if !s.items.isEmpty && s.difference == nil {
                out.append(literal: ": ")
                out.appendMarkdown(s.items.joined(separator: ", "))
            }
            if let counts = counts(s, r.language) {
                out.append(literal: " — *")
                out.appendMarkdown(counts)
                out.append(literal: "*")
            }
            out.append(literal: "\n")
        }
        if !r.campaigns.isEmpty {
            out.append("\n## \(labels.campaigns)\n\n")
            for c in r.campaigns {
                out.append(literal: "- ")
                out.appendMarkdown(c)
                out.append(literal: "\n")
            }
        }
        for (title, entries) in [(labels.laws, r.laws), (labels.publications, r.publications)] where !entries.isEmpty {
            out.append("\n## \(title)\n\n")
            for e in entries {
                out.append(literal: "- ")
                out.appendDisplay(e, language: r.language) { $0.appendMarkdown($1) }
                out.append(literal: ": ")
                out.appendMarkdown(e.title)
                out.append(literal: "\n")
            }
        }
        let differences = r.statistics.compactMap { differenceLine($0, r.language) }
        if !differences.isEmpty && !r.differencesApart {
            out.append("\n## \(labels.editors)\n\n")
            for d in differences {
                out.append(literal: "- ")
                out.appendMarkdown(d)
                out.append(literal: "\n")
            }
        }
    }

    /// The report as one self-contained HTML page, written as bytes.
    static func html(_ r: Report, into body: inout TextBuffer) {
        HTMLPage.open(title: r.title, language: r.language, into: &body)
        let labels = r.language.labels
        body.append(literal: """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;max-width:46rem;margin:0 auto;padding:1rem;color:#1a1a1a;overflow-wrap:anywhere}
            h1{color:#6b1d5c;margin-bottom:.2rem}h2{border-bottom:2px solid #6b1d5c;padding-bottom:.2rem;margin-top:2rem}
            .org{margin-top:0;color:#444}.links a{color:#6b1d5c}
            .tags{color:#666;font-size:.9em}.stats dt{font-weight:bold;margin-top:.6rem}.stats dd{margin-left:1rem;color:#444}
            .stats dd.counts{font-size:.85em;color:#666;font-style:italic}.editors{border:1px solid #c9a227;padding:0 1rem;background:#fffbea}
            @page{margin:16mm 14mm}
            @media print{body{max-width:none;font-size:10.5pt;padding:0}h2,h3,dt{break-after:avoid}li,.stat{break-inside:avoid}
            section{break-before:auto}p,ul,dl{orphans:3;widows:3}.editors{display:none}a{color:inherit;text-decoration:none}}
            </style>
            </head>
            <body>

            """)
        body.append(literal: "<h1>")
        body.appendHTML(r.title)
        body.append(literal: "</h1>\n")
        if let o = r.organisation {
            body.append(literal: "<p class=\"org\"><strong>")
            body.appendHTML(o.name)
            body.append(literal: "</strong>")
            if let full = o.fullName {
                body.append(literal: " — ")
                body.appendHTML(full)
            }
            body.append(literal: "</p>\n")
            if let intro = o.introduction {
                body.append(literal: "<p class=\"intro\">")
                body.appendHTML(intro)
                body.append(literal: "</p>\n")
            }
            let links = [o.website.map { ($0, $0) }, o.email.map { ("mailto:" + $0, $0) }].compactMap { $0 }
            if !links.isEmpty {
                body.append(literal: "<p class=\"links\">")
                for (i, (href, text)) in links.enumerated() {
                    if i > 0 { body.append(literal: " · ") }
                    body.append(literal: "<a href=\"")
                    body.appendHTML(href)
                    body.append(literal: "\">")
                    body.appendHTML(text)
                    body.append(literal: "</a>")
                }
                body.append(literal: "</p>\n")
            }
        }
        body.append("<h2>\(labels.activities)</h2>\n")
        if r.months.isEmpty { body.append("<p>\(labels.noActivities)</p>\n") }
        var words = TagWords(r.tagNames)
        for month in r.months {
            body.append(literal: "<h3>")
            body.appendHTML(monthTitle(month.date, r.language))
            body.append(literal: "</h3>\n<ul>\n")
            TimelineSelection(month.entries).forEach { e in
                body.append(literal: "<li>")
                appendPlace(e, to: &body, open: "<strong>", close: "</strong>: ", language: r.language) { $0.appendHTML($1) }
                body.appendHTML(e.title)
                if !e.tags.isEmpty {
                    body.append(literal: " <span class=\"tags\">")
                    // Escaped scalar by scalar, the tags one by one read
                    // as the joined tags would.
                    for (i, tag) in e.tags.enumerated() {
                        if i > 0 { body.append(literal: " / ") }
                        body.appendHTML(words(tag))
                    }
                    body.append(literal: "</span>")
                }
                body.append(literal: "</li>\n")
                body.flushIfLarge()
            }
            body.append(literal: "</ul>\n")
        }
        body.append("<h2>\(labels.statistics)</h2>\n<dl class=\"stats\">\n")
        for s in r.statistics {
            body.append(literal: "<div class=\"stat\"><dt>")
            body.appendHTML(statisticLine(s, r.language))
            body.append(literal: "</dt>")
            if !s.items.isEmpty && s.difference == nil {
                body.append(literal: "<dd>")
                body.appendHTML(s.items.joined(separator: ", "))
                body.append(literal: "</dd>")
            }
            if let counts = counts(s, r.language) {
                body.append(literal: "<dd class=\"counts\">")
                body.appendHTML(labels.counts(counts))
                body.append(literal: "</dd>")
            }
            body.append(literal: "</div>\n")
        }
        body.append(literal: "</dl>\n")
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            body.append(literal: "<h2>")
            body.appendHTML(title)
            body.append(literal: "</h2>\n<ul>\n")
            for item in items {
                body.append(literal: "<li>")
                body.appendHTML(item)
                body.append(literal: "</li>\n")
                body.flushIfLarge()
            }
            body.append(literal: "</ul>\n")
        }
        section(labels.campaigns, r.campaigns)
        section(labels.laws, r.laws.map { "\(Timeline.display($0, language: r.language)): \($0.title)" })
        section(labels.publications, r.publications.map { "\(Timeline.display($0, language: r.language)): \($0.title)" })
        let differences = r.statistics.compactMap { differenceLine($0, r.language) }
        if !differences.isEmpty && !r.differencesApart {
            body.append(literal: "<div class=\"editors\">\n")
            section(labels.editors, differences)
            body.append(literal: "</div>\n")
        }
        body.append(literal: "</body>\n</html>\n")
    }

    /// The editors' companion file (a report entity's `differences`), in
    /// Markdown: the report's title, then each published figure the data
    /// does not bear out, with advice that fits its direction, or a line
    /// saying every one agrees, so that the file an editor opens is never
    /// stale.
    static func differences(_ r: Report, into out: inout TextBuffer) {
        let labels = r.language.labels
        out.append("# \(labels.editors)\n\n")
        out.appendMarkdown(r.title)
        out.append(literal: "\n\n")
        let lines = r.statistics.compactMap { differenceLine($0, r.language) }
        if lines.isEmpty { out.append("\(labels.noDifferences)\n") }
        for d in lines {
            out.append(literal: "- ")
            out.appendMarkdown(d)
            out.append(literal: "\n")
        }
    }

    /// The report in JSON, written as bytes.
    static func json(_ r: Report, into out: inout TextBuffer) {
        func entry(_ e: borrowing TimelineEntry) {
            out.append(literal: "{\"id\":")
            out.appendJSON(e.id)
            out.append(literal: ",\"date\":\"")
            out.appendDate(e.date)
            out.append(literal: "\",\"title\":")
            out.appendJSON(e.title)
            out.append(literal: ",\"place\":\"")
            appendPlace(e, to: &out, language: r.language) { $0.appendJSONContent($1) }
            out.append(byte: 34)
            out.append(literal: ",\"tags\":")
            strings(e.tags)
            out.append(literal: "}")
        }
        func strings(_ items: [String]) {
            out.append(literal: "[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(literal: ",") }
                out.appendJSON(item)
            }
            out.append(literal: "]")
        }
        func entries(_ items: [TimelineEntry]) {
            out.append(literal: "[")
            var first = true
            TimelineSelection(items).forEach { e in
                if !first { out.append(literal: ",") }
                first = false
                entry(e)
                out.flushIfLarge()
            }
            out.append(literal: "]")
        }
        func int(_ n: Int?) -> String { n.map(String.init) ?? "null" }
        out.append(literal: "{\"title\":")
        out.appendJSON(r.title)
        out.append(literal: ",\"lang\":")
        out.appendJSON(r.language.rawValue)
        out.append(literal: ",\"from\":")
        out.appendJSON(r.from.description)
        out.append(literal: ",\"to\":")
        out.appendJSON(r.to.description)
        out.append(literal: ",\"months\":[")
        for (i, m) in r.months.enumerated() {
            out.append(i == 0 ? "{\"month\":" : ",{\"month\":")
            out.appendJSON(m.date.description)
            out.append(literal: ",\"activities\":")
            entries(m.entries)
            out.append(literal: "}")
        }
        out.append(literal: "],\"statistics\":[")
        for (i, s) in r.statistics.enumerated() {
            out.append(i == 0 ? "{\"name\":" : ",{\"name\":")
            out.appendJSON(s.name)
            out.append(literal: ",\"label\":")
            out.appendJSON(statisticLine(s, r.language))
            out.append(",\"value\":\(int(s.value)),\"declared\":\(int(s.declared)),\"shown\":\(s.shown),\"counts\":")
            out.appendJSON(counts(s, r.language))
            out.append(literal: ",\"items\":")
            strings(s.items)
            out.append(literal: "}")
        }
        out.append(literal: "],\"campaigns\":")
        strings(r.campaigns)
        out.append(literal: ",\"laws\":")
        entries(r.laws)
        out.append(literal: ",\"publications\":")
        entries(r.publications)
        out.append(literal: "}\n")
    }
}

/// HTML escaping for text and attribute values.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = TextBuffer(capacity: text.utf8.count)
        out.appendHTML(text)
        return out.text
    }
}
