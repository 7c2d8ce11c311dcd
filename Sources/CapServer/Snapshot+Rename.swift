import Foundation
import CapBase
import CapSchema
import CapEval
import CapTooling

/// Rename of entity ids and `let` names across every file, with
/// prepareRename saying beforehand what cannot be renamed.
extension Snapshot {
    func prepareRename(_ params: JSONObject) throws -> Any {
        guard let (file, offset) = try place(params) else { return NSNull() }
        let (node, _) = try renamable(file, offset)
        return ["range": range(node.range), "placeholder": node.text] as JSONObject
    }

    func rename(_ params: JSONObject) throws -> Any {
        guard let (file, offset) = try place(params) else { return NSNull() }
        let newName = try params.string("newName")
        let (node, target) = try renamable(file, offset)
        if newName == node.text { return ["changes": JSONObject()] as JSONObject }
        try check(newName, for: target)
        var changes: [String: [JSONObject]] = [:]
        for range in locator.references(to: target) {
            changes[uri(range.file), default: []].append(["range": self.range(range), "newText": newName])
        }
        return ["changes": changes] as JSONObject
    }

    /// The node and what it names, when it can be renamed; otherwise a
    /// failure that says why, for the editor to show.
    func renamable(_ file: FileID, _ offset: UInt32) throws(RequestFailure) -> (LocatedNode, NodeTarget) {
        guard let node = locator.node(in: file, at: offset) else { throw RequestFailure(message: "there is nothing to rename here") }
        if let (found, target) = referable(file, offset) {
            switch found.kind {
            case .entityID, .value(.reference), .value(.bindingName), .name, .letName, .call, .stage:
                return (found, target)
            default: break
            }
        }
        switch node.kind {
        case .entityKindWord: throw RequestFailure(message: "'\(node.text)' is a kind of entity, part of the schema: it cannot be renamed")
        case .fieldName: throw RequestFailure(message: "'\(node.text)' is a field of the schema: it cannot be renamed")
        case .statement: throw RequestFailure(message: "a keyword cannot be renamed")
        case .value(.countryCode), .value(.languageCode), .value(.countryName), .value(.languageName):
            throw RequestFailure(message: "'\(node.text)' is an ISO code or name: it cannot be renamed")
        case .value(.enumerationWord): throw RequestFailure(message: "'\(node.text)' is a word of the schema: it cannot be renamed")
        case .stage, .call: throw RequestFailure(message: "'\(node.text)' is built in: it cannot be renamed")
        case .value(.reference), .name: throw RequestFailure(message: "'\(node.text)' names nothing that is declared")
        default: throw RequestFailure(message: "only an entity's id and a let name can be renamed")
        }
    }

    /// Refuses a new name that is not an identifier, is a word of the
    /// language or the schema, or is already taken.
    func check(_ name: String, for target: NodeTarget) throws(RequestFailure) {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "_") || Self.isLetter(first),
              bytes.allSatisfy({ $0 == UInt8(ascii: "_") || Self.isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }) else {
            throw RequestFailure(message: "'\(name)' is not an id: use letters, digits and '_', starting with a letter")
        }
        if Self.reservedWords.contains(name) { throw RequestFailure(message: "'\(name)' is a word of the language") }
        if workspace.schema.kind(named: name) != nil || ["report", "timeline", "map"].contains(name) {
            throw RequestFailure(message: "'\(name)' is a kind of entity")
        }
        if let symbol = workspace.interner.lookup(name), workspace.entities.lookup(symbol) != nil {
            throw RequestFailure(message: "'\(name)' is already the id of another entity")
        }
        if locator.bindingNames[name] != nil { throw RequestFailure(message: "'\(name)' is already a let name") }
        if case .binding = target {
            if analysis.model.collectionNames[name] != nil || name == "entities" || name == "today" {
                throw RequestFailure(message: "'\(name)' is a built-in name of the scripts")
            }
            if Evaluator.stages[name] != nil || Evaluator.builtins[name] != nil {
                throw RequestFailure(message: "'\(name)' is a built-in stage or function")
            }
        }
    }

    static let reservedWords: Set<String> = ["include", "true", "false", "let", "assert", "print", "and", "or", "not", "in",
                                             "none", "it", "desc", "asc"]

    static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
}
