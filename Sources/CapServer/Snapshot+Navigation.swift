import Foundation
import CapBase
import CapSchema
import CapTooling

/// Go to definition, find references and document highlights.
extension Snapshot {
    func definition(_ params: JSONObject, prelude: PreludeSource? = nil) throws(InvalidParams) -> Any {
        guard let (file, offset) = try place(params), let node = locator.node(in: file, at: offset) else { return NSNull() }
        switch node.target {
        case .entity(let d)?: return location(d.idRange)
        case .binding(_, let declaration)?: return location(declaration)
        case .file(let included, _)?:
            let start = SourceRange(file: included, start: 0, end: 0)
            return location(start)
        default:
            if let fields = scriptFieldDefinitions(node, prelude: prelude) { return fields }
            return schemaDefinition(node, prelude: prelude) ?? NSNull()
        }
    }

    /// A field named in a script (`where country == SE`, `x.country`) →
    /// its declaration in each kind the item may be (the script checker
    /// typed it): one place for `laws | map passed`, several for a list
    /// of members and partners. Nil when the name is not such a field.
    func scriptFieldDefinitions(_ node: LocatedNode, prelude: PreludeSource?) -> [JSONObject]? {
        guard node.kind == .name || node.kind == .member,
              case .field(let name, let kinds)? = locator.scriptNames?.target(of: node.range), !kinds.isEmpty
        else { return nil }
        let schema = workspace.schema
        let places = kinds.compactMap { kind in
            schema[kind].field(named: name).flatMap { fieldDefinition($0, of: kind.rawValue, prelude: prelude) }
        }
        return places.isEmpty ? nil : places
    }

    /// A kind's header word or a field's name → where the schema declares
    /// it: the data's own `kind`/`record`/`extend`, or the prelude.
    func schemaDefinition(_ node: LocatedNode, prelude: PreludeSource?) -> JSONObject? {
        let schema = workspace.schema
        switch node.kind {
        case .entityKindWord:
            guard let name = node.entity?.kind else { return nil }
            if let at = schema[name].declaredAt { return location(at) }
            return prelude?.location("kind \(name.rawValue)")
        case .fieldName:
            guard let field = node.field, let spec = field.spec else { return nil }
            if let at = spec.declaredAt { return location(at) }
            // A built-in field: of the entity's kind at the top of its
            // block, else of the built-in record that has it.
            if field.path.isEmpty, let name = node.entity?.kind, schema[name].isBuiltIn, schema[name].fields.contains(spec) {
                return fieldDefinition(spec, of: name.rawValue, prelude: prelude)
            }
            guard let record = schema.records.first(where: { $0.declaredAt == nil && $0.fields.contains(spec) }) else { return nil }
            return fieldDefinition(spec, of: record.name, prelude: prelude)
        default:
            return nil
        }
    }

    /// Where a field is declared: in the data (`kind`, `record`, `extend`),
    /// or in the prelude under `owner`, the built-in kind or record that has it.
    func fieldDefinition(_ spec: FieldSpec, of owner: String, prelude: PreludeSource?) -> JSONObject? {
        if let at = spec.declaredAt { return location(at) }
        return prelude?.location("\(owner).\(spec.name)")
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
