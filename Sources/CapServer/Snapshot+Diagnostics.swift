import CapBase

/// The analysis's diagnostics as the protocol's `Diagnostic`s.
extension Snapshot {
    /// Every diagnostic that has a place in a file, by the file's URI. A
    /// diagnostic with no place (a folder that cannot be read) has nowhere
    /// to be shown in an editor and is left out.
    func diagnostics(linkingTo docsURL: String?) -> [String: [JSONObject]] {
        var out: [String: [JSONObject]] = [:]
        for diagnostic in workspace.diagnostics.diagnostics {
            guard let range = diagnostic.range else { continue }
            out[uri(range.file), default: []].append(lspDiagnostic(diagnostic, range, docsURL: docsURL))
        }
        return out
    }

    func lspDiagnostic(_ d: Diagnostic, _ range: SourceRange, docsURL: String?) -> JSONObject {
        var message = d.message
        if let label = d.label, !label.isEmpty, !message.contains(label) { message += " (\(label))" }
        if let help = d.help { message += "\nhelp: \(help)" }
        var out: JSONObject = [
            "range": self.range(range),
            "severity": d.severity == .error ? 1 : d.severity == .warning ? 2 : 3,
            "code": d.code.id,
            "source": "cap",
            "message": message,
        ]
        if let docsURL {
            // docs/diagnostics.md has a heading per code: its anchor is the lowercased id.
            out["codeDescription"] = ["href": docsURL + "#" + d.code.id.lowercased()]
        }
        let related: [JSONObject] = d.notes.compactMap { note in
            guard let at = note.range else { return nil }
            return ["location": location(at), "message": note.message]
        }
        if !related.isEmpty { out["relatedInformation"] = related }
        return out
    }
}
