import CapBase

/// A `DataDiff` as text (a terminal), Markdown (a pull-request comment),
/// JSON (a program) or GitHub workflow commands (annotations on the
/// changed lines of a pull request).
package struct DiffRenderer {
    package enum Format: String, CaseIterable, Sendable { case text, markdown, json, github }

    package let diff: DataDiff
    package let oldLabel: String
    package let newLabel: String

    package init(diff: DataDiff, oldLabel: String, newLabel: String) {
        self.diff = diff
        self.oldLabel = oldLabel
        self.newLabel = newLabel
    }

    package func render(_ format: Format) -> String {
        switch format {
        case .text: text()
        case .markdown: markdown()
        case .json: json()
        case .github: github()
        }
    }

    /// "2 added, 1 changed; 1 law map change".
    var summary: String {
        var parts: [String] = []
        if !diff.added.isEmpty { parts.append("\(diff.added.count) added") }
        if !diff.removed.isEmpty { parts.append("\(diff.removed.count) removed") }
        if !diff.renamed.isEmpty { parts.append("\(diff.renamed.count) renamed") }
        if !diff.changed.isEmpty { parts.append("\(diff.changed.count) changed") }
        var out = parts.isEmpty ? "no entity changed" : parts.joined(separator: ", ")
        if !diff.lawMap.isEmpty { out += "; \(diff.lawMap.count) law map change\(diff.lawMap.count == 1 ? "" : "s")" }
        if !diff.figures.isEmpty { out += "; \(diff.figures.count) figure change\(diff.figures.count == 1 ? "" : "s")" }
        return out
    }

    static func fieldText(_ change: DataDiff.FieldChange) -> String {
        if change.reordered { return "\(change.field): reordered" }
        if change.list {
            return "\(change.field): " + (change.removed.map { "- " + $0 } + change.added.map { "+ " + $0 }).joined(separator: ", ")
        }
        return "\(change.field): \(change.old ?? "(absent)") → \(change.new ?? "(absent)")"
    }

    func text() -> String {
        guard !diff.isEmpty else { return "no changes between \(oldLabel) and \(newLabel)\n" }
        var out = "\(oldLabel) → \(newLabel): \(summary)\n"
        if !diff.added.isEmpty {
            out += "\nadded:\n"
            for e in diff.added { out += "  + \(e.kind) \(e.id) \(EntityContent.quoted(e.label))\n" }
        }
        if !diff.removed.isEmpty {
            out += "\nremoved:\n"
            for e in diff.removed { out += "  - \(e.kind) \(e.id) \(EntityContent.quoted(e.label))\n" }
        }
        if !diff.renamed.isEmpty {
            out += "\nrenamed:\n"
            for r in diff.renamed {
                out += "  ~ \(r.kind) \(r.oldID) → \(r.newID) \(EntityContent.quoted(r.label))\n"
                for f in r.fields { out += "      \(Self.fieldText(f))\n" }
            }
        }
        if !diff.changed.isEmpty {
            out += "\nchanged:\n"
            for c in diff.changed {
                out += "  \(c.kind) \(c.id) \(EntityContent.quoted(c.label))\n"
                for f in c.fields { out += "      \(Self.fieldText(f))\n" }
            }
        }
        if !diff.lawMap.isEmpty {
            out += "\nlaw map (as of \(diff.today)):\n"
            for l in diff.lawMap { out += "  \(l.code) (\(l.name)): \(l.old) → \(l.new)\n" }
        }
        if !diff.figures.isEmpty {
            out += "\nfigures:\n"
            for f in diff.figures { out += "  \(f.report): \(f.figure): \(f.old ?? "(none)") → \(f.new ?? "(none)")\n" }
        }
        return out
    }

    /// Everything from the data is escaped: a pull request must not be
    /// able to put links, images or HTML into the comment that reviews it.
    /// Controls are spelled out (`\\u{1B}`), as the other outputs do, and a
    /// line break is a space, which keeps a table row on its line.
    static func md(_ s: String) -> String {
        let flat = String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
        var out = TextBuffer(capacity: flat.utf8.count)
        out.appendGitHubMarkdown(flat)
        return out.text
    }

    func markdown() -> String {
        var out = "### cap diff: \(Self.md(oldLabel)) → \(Self.md(newLabel))\n\n"
        guard !diff.isEmpty else { return out + "No changes.\n" }
        out += "**\(summary)**\n"
        func entities(_ title: String, _ list: [DataDiff.Entity]) {
            guard !list.isEmpty else { return }
            out += "\n#### \(title)\n\n| kind | id | name or title |\n|---|---|---|\n"
            for e in list { out += "| \(Self.md(e.kind)) | \(Self.md(e.id)) | \(Self.md(e.label)) |\n" }
        }
        entities("Added", diff.added)
        entities("Removed", diff.removed)
        if !diff.renamed.isEmpty {
            out += "\n#### Renamed\n\n| kind | old id | new id | name or title | also changed |\n|---|---|---|---|---|\n"
            for r in diff.renamed {
                let also = r.fields.map { Self.md(Self.fieldText($0)) }.joined(separator: "; ")
                out += "| \(Self.md(r.kind)) | \(Self.md(r.oldID)) | \(Self.md(r.newID)) | \(Self.md(r.label)) | \(also) |\n"
            }
        }
        if !diff.changed.isEmpty {
            out += "\n#### Changed\n\n"
            for c in diff.changed {
                out += "- **\(Self.md(c.kind)) \(Self.md(c.id))** \(Self.md(c.label))\n"
                for f in c.fields { out += "  - \(Self.md(Self.fieldText(f)))\n" }
            }
        }
        if !diff.lawMap.isEmpty {
            out += "\n#### Law map (as of \(diff.today))\n\n| country | before | after |\n|---|---|---|\n"
            for l in diff.lawMap { out += "| \(Self.md(l.code)) \(Self.md(l.name)) | \(Self.md(l.old)) | \(Self.md(l.new)) |\n" }
        }
        if !diff.figures.isEmpty {
            out += "\n#### Figures of the declared reports\n\n| report | figure | before | after |\n|---|---|---|---|\n"
            for f in diff.figures {
                out += "| \(Self.md(f.report)) | \(Self.md(f.figure)) | \(Self.md(f.old ?? "(none)")) | \(Self.md(f.new ?? "(none)")) |\n"
            }
        }
        return out
    }

    func json() -> String {
        let q = JSON.quote
        func opt(_ s: String?) -> String { s.map(q) ?? "null" }
        func entity(_ e: DataDiff.Entity) -> String {
            "{\"kind\": \(q(e.kind)), \"id\": \(q(e.id)), \"label\": \(q(e.label)), \"file\": \(q(e.file)), \"line\": \(e.line)}"
        }
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        var parts = [
            "\"old\": \(q(oldLabel))", "\"new\": \(q(newLabel))", "\"identical\": \(diff.isEmpty)",
            "\"today\": \(q(diff.today.description))",
            "\"added\": " + list(diff.added.map(entity)),
            "\"removed\": " + list(diff.removed.map(entity)),
        ]
        func fieldList(_ changes: [DataDiff.FieldChange]) -> String {
            list(changes.map { f in
                f.list ? "{\"field\": \(q(f.field)), \"removed\": \(list(f.removed.map(q))), \"added\": \(list(f.added.map(q))), \"reordered\": \(f.reordered)}"
                       : "{\"field\": \(q(f.field)), \"old\": \(opt(f.old)), \"new\": \(opt(f.new))}"
            })
        }
        parts.append("\"renamed\": " + list(diff.renamed.map {
            "{\"kind\": \(q($0.kind)), \"old_id\": \(q($0.oldID)), \"new_id\": \(q($0.newID)), \"label\": \(q($0.label)), \"fields\": \(fieldList($0.fields))}"
        }))
        parts.append("\"changed\": " + list(diff.changed.map { c in
            let fields = fieldList(c.fields)
            return "{\"kind\": \(q(c.kind)), \"id\": \(q(c.id)), \"label\": \(q(c.label)), \"file\": \(q(c.file)), \"line\": \(c.line), \"fields\": \(fields)}"
        }))
        parts.append("\"law_map\": " + list(diff.lawMap.map {
            "{\"code\": \(q($0.code)), \"name\": \(q($0.name)), \"old\": \(q($0.old)), \"new\": \(q($0.new))}"
        }))
        parts.append("\"figures\": " + list(diff.figures.map {
            "{\"report\": \(q($0.report)), \"figure\": \(q($0.figure)), \"old\": \(opt($0.old)), \"new\": \(opt($0.new))}"
        }))
        return "{\n  " + parts.joined(separator: ",\n  ") + "\n}\n"
    }

    /// Workflow commands: each change a notice on its entity's line.
    func github() -> String {
        func notice(_ file: String, _ line: Int, _ title: String, _ message: String) -> String {
            let place = file.isEmpty ? "" : "file=\(GitHubRenderer.escapeProperty(file)),line=\(line),"
            return "::notice \(place)title=\(GitHubRenderer.escapeProperty(title))::\(GitHubRenderer.escapeData(message))\n"
        }
        var out = ""
        for e in diff.added { out += notice(e.file, e.line, "added", "\(e.kind) \(e.id) \(EntityContent.quoted(e.label))") }
        for e in diff.removed { out += notice("", 0, "removed", "\(e.kind) \(e.id) \(EntityContent.quoted(e.label)) (was \(e.file):\(e.line))") }
        for r in diff.renamed {
            out += notice(r.file, r.line, "renamed", "\(r.kind) \(r.oldID) → \(r.newID)" + r.fields.map { "; " + Self.fieldText($0) }.joined())
        }
        for c in diff.changed {
            out += notice(c.file, c.line, "changed", "\(c.kind) \(c.id): " + c.fields.map(Self.fieldText).joined(separator: "; "))
        }
        for l in diff.lawMap { out += notice("", 0, "law map", "\(l.code) (\(l.name)): \(l.old) → \(l.new)") }
        for f in diff.figures { out += notice("", 0, "figure", "\(f.report): \(f.figure): \(f.old ?? "(none)") → \(f.new ?? "(none)")") }
        return out + "cap diff \(GitHubRenderer.escapeData(oldLabel)) → \(GitHubRenderer.escapeData(newLabel)): \(diff.isEmpty ? "no changes" : summary)\n"
    }
}
