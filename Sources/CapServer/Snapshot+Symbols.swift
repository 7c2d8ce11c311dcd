import Foundation
import CapBase
import CapSyntax
import CapSchema
import CapTooling

/// The outline of a file (document symbols), the symbols of the whole
/// workspace, and folding ranges.
extension Snapshot {
    // SymbolKind values of the protocol.
    static func symbolKind(_ kind: EntityKindName?) -> Int {
        switch kind {
        case .event?: 24          // Event
        case .person?: 13         // Variable (no Person kind)
        case .law?: 23            // Struct
        case .tag?: 14            // Constant
        case .publication?, .statement?: 1  // File
        default: 5                // Class: organisations, campaigns, outputs
        }
    }

    func documentSymbols(_ params: JSONObject) throws(InvalidParams) -> Any {
        let uri = try params.object("textDocument").string("uri")
        guard let file = file(uri) else { return [Any]() }
        let tree = workspace.tree(file)
        var out: [JSONObject] = []
        for item in tree.items {
            switch item {
            case .entity(let i):
                let entity = tree.entities[i]
                let idRange = tree.range(entity.idStart, entity.idEnd)
                let whole = tree.range(entity.kindStart, max(entity.end, entity.idEnd))
                var name = workspace.text(idRange)
                if name.isEmpty { name = workspace.text(tree.range(entity.kindStart, entity.kindEnd)) }
                var symbol: JSONObject = ["name": name, "kind": Self.symbolKind(workspace.schema.kind(of: entity)),
                                          "range": range(whole), "selectionRange": range(idRange.start == idRange.end ? whole : idRange)]
                var detail = workspace.text(tree.range(entity.kindStart, entity.kindEnd))
                if entity.hasName {
                    detail += " " + StringLiteral.decode(workspace.sources[file].bytes[Int(entity.nameStart)..<Int(entity.nameEnd)])
                }
                symbol["detail"] = detail
                out.append(symbol)
            case .statement(let i):
                let statement = tree.statements[i]
                guard case .binding(let name, let nameRange, let parameters, _) = statement.kind else { continue }
                out.append(["name": name, "kind": parameters.isEmpty ? 13 : 12, "detail": "let",
                            "range": range(statement.range), "selectionRange": range(nameRange)])
            case .include(let i):
                let include = tree.includes[i]
                let whole = tree.range(include.keywordStart, include.pathEnd)
                out.append(["name": workspace.text(tree.range(include.pathStart, include.pathEnd)), "kind": 2, "detail": "include",
                            "range": range(whole), "selectionRange": range(whole)])
            }
        }
        return out
    }

    func workspaceSymbols(_ params: JSONObject) throws(InvalidParams) -> Any {
        let query = (params["query"] as? String ?? "").lowercased()
        var out: [JSONObject] = []
        let table = workspace.entities
        for i in 0..<table.count {
            let id = workspace.interner[table.ids[i]]
            guard Self.fuzzyMatches(query, id.lowercased()) else { continue }
            let ref = table.refs[i]
            let entity = workspace.tree(ref.file).entities[Int(ref.index)]
            out.append(["name": id, "kind": Self.symbolKind(table.kinds[i]), "containerName": table.kinds[i].rawValue,
                        "location": location(SourceRange(file: ref.file, start: entity.idStart, end: entity.idEnd))])
            if out.count >= 500 { break }
        }
        for (name, range) in locator.bindingNames.sorted(by: { $0.key < $1.key }) where Self.fuzzyMatches(query, name.lowercased()) {
            out.append(["name": name, "kind": 13, "containerName": "let", "location": location(range)])
        }
        return out
    }

    /// The query's characters appear in the name in order, as most
    /// editors' symbol search matches.
    static func fuzzyMatches(_ query: String, _ name: String) -> Bool {
        var rest = Substring(name)
        for c in query {
            guard let found = rest.firstIndex(of: c) else { return false }
            rest = rest[rest.index(after: found)...]
        }
        return true
    }

    func foldingRanges(_ params: JSONObject) throws(InvalidParams) -> Any {
        let uri = try params.object("textDocument").string("uri")
        guard let file = file(uri) else { return [Any]() }
        let tree = workspace.tree(file)
        var out: [JSONObject] = []
        func fold(_ start: UInt32, _ end: UInt32, kind: String? = nil) {
            let a = workspace.sources.position(file, start).line
            let b = workspace.sources.position(file, end).line
            guard b > a else { return }
            var range: JSONObject = ["startLine": a, "endLine": b]
            if let kind { range["kind"] = kind }
            out.append(range)
        }
        for block in tree.blocks { fold(block.start, block.end > 0 ? block.end - 1 : 0) }
        for statement in tree.statements { fold(statement.range.start, statement.range.end) }
        // Runs of line comments, each run one range.
        var runStart: UInt32? = nil, runEnd: UInt32 = 0, lastLine = -2
        for comment in tree.comments {
            let line = workspace.sources.position(file, comment.lowerBound).line
            if line == lastLine + 1, runStart != nil {
                runEnd = comment.upperBound
            } else {
                if let s = runStart { fold(s, runEnd, kind: "comment") }
                runStart = comment.lowerBound
                runEnd = comment.upperBound
            }
            lastLine = line
        }
        if let s = runStart { fold(s, runEnd, kind: "comment") }
        let includes = tree.includes
        if let first = includes.first, let last = includes.last { fold(first.keywordStart, last.pathEnd, kind: "imports") }
        return out
    }
}
