import Foundation
import CapBase
import CapTooling

/// Go to definition, find references and document highlights.
extension Snapshot {
    func definition(_ params: JSONObject) throws(InvalidParams) -> Any {
        guard let (file, offset) = try place(params), let node = locator.node(in: file, at: offset),
              let target = node.target else { return NSNull() }
        switch target {
        case .entity(let d): return location(d.idRange)
        case .binding(_, let declaration): return location(declaration)
        case .file(let included, _):
            let start = SourceRange(file: included, start: 0, end: 0)
            return location(start)
        default: return NSNull()
        }
    }

    /// What rename and references act on at a place: an entity or a `let`.
    func referable(_ file: FileID, _ offset: UInt32) -> (node: LocatedNode, target: NodeTarget)? {
        guard let node = locator.node(in: file, at: offset), let target = node.target else { return nil }
        switch target {
        case .entity, .binding: return (node, target)
        default: return nil
        }
    }

    func references(_ params: JSONObject) throws(InvalidParams) -> Any {
        guard let (file, offset) = try place(params), let (_, target) = referable(file, offset) else { return [Any]() }
        let includeDeclaration = (params["context"] as? JSONObject)?["includeDeclaration"] as? Bool ?? true
        var ranges = locator.references(to: target)
        if !includeDeclaration { ranges.removeFirst() }
        return ranges.map(location)
    }

    func highlights(_ params: JSONObject) throws(InvalidParams) -> Any {
        guard let (file, offset) = try place(params), let (_, target) = referable(file, offset) else { return [Any]() }
        let ranges = locator.references(to: target)
        return ranges.enumerated().filter { $0.element.file == file }.map { index, range -> JSONObject in
            // 3 = Write (the declaration), 2 = Read.
            ["range": self.range(range), "kind": index == 0 ? 3 : 2]
        }
    }
}
