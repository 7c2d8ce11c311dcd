/// Diagnostics for programs: JSON for editors and scripts, GitHub workflow
/// commands for annotations on pull requests.
public struct JSONRenderer {
    public let sources: SourceManager
    public init(sources: SourceManager) { self.sources = sources }

    public func render(_ d: Diagnostic) -> String {
        var members: [(String, String)] = [
            ("severity", JSON.quote(d.severity.rawValue)),
            ("code", JSON.quote(d.code.id)),
            ("message", JSON.quote(d.message)),
        ]
        if let range = d.range { members += location(range) }
        if let label = d.label { members.append(("label", JSON.quote(label))) }
        if let help = d.help { members.append(("help", JSON.quote(help))) }
        members.append(("notes", JSON.array(d.notes.map { note in
            JSON.object([("message", JSON.quote(note.message))] + (note.range.map(location) ?? []))
        })))
        members.append(("fixIts", JSON.array(d.fixIts.map { fix in
            JSON.object(location(fix.range) + [("replacement", JSON.quote(fix.replacement))])
        })))
        return JSON.object(members)
    }

    private func location(_ range: SourceRange) -> [(String, String)] {
        let (line, column) = sources.lineColumn(range.file, range.start)
        let (endLine, endColumn) = sources.lineColumn(range.file, range.end)
        return [
            ("file", JSON.quote(sources[range.file].path)),
            ("line", String(line)), ("column", String(column)),
            ("endLine", String(endLine)), ("endColumn", String(endColumn)),
            ("offset", String(range.start)), ("length", String(range.length)),
        ]
    }
}

/// `::error file=…,line=…,col=…,endColumn=…,title=E0209::message`
public struct GitHubRenderer {
    public let sources: SourceManager
    public init(sources: SourceManager) { self.sources = sources }

    public func render(_ d: Diagnostic) -> String {
        let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
        var properties: [String] = []
        if let range = d.range {
            let (line, column) = sources.lineColumn(range.file, range.start)
            let (endLine, endColumn) = sources.lineColumn(range.file, range.end)
            properties += ["file=" + Self.escapeProperty(Excerpt.forTerminal(sources[range.file].path)), "line=\(line)", "col=\(column)"]
            if endLine == line { properties.append("endColumn=\(endColumn)") } else { properties.append("endLine=\(endLine)") }
        }
        properties.append("title=" + Self.escapeProperty("\(d.code.id)"))
        var message = Excerpt.forTerminal(d.message)
        if let help = d.help { message += "\nhelp: " + Excerpt.forTerminal(help) }
        return "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(message))"
    }

    /// Escaping per GitHub's toolkit (`escapeData`): %, CR and LF.
    package static func escapeData(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Properties also escape ':' and ','.
    package static func escapeProperty(_ s: String) -> String {
        escapeData(s).split(separator: ":", omittingEmptySubsequences: false).joined(separator: "%3A")
            .split(separator: ",", omittingEmptySubsequences: false).joined(separator: "%2C")
    }
}
