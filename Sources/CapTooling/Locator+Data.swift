import CapBase
import CapSyntax
import CapSchema
import CapAnalysis

/// Declarations, blocks, fields and values.
extension Locator {
    func locateInEntity(_ tree: SyntaxTree, _ index: Int, _ offset: UInt32) -> LocatedNode {
        let entity = tree.entities[index]
        let context = EntityContext(
            kind: workspace.schema.kind(of: entity), kindWord: workspace.text(tree.file, entity.kindStart, entity.kindEnd),
            id: entity.id == .max ? nil : workspace.interner[entity.id],
            idRange: tree.range(entity.idStart, entity.idEnd),
            range: tree.range(entity.kindStart, entity.end), index: index)
        func leaf(_ kind: NodeKind, _ start: UInt32, _ end: UInt32, target: NodeTarget? = nil) -> LocatedNode {
            let range = tree.range(start, end)
            return LocatedNode(kind: kind, range: range, text: workspace.text(range), entity: context, target: target)
        }
        if offset < entity.kindEnd {
            return leaf(.entityKindWord, entity.kindStart, entity.kindEnd)
        }
        if entity.idStart <= offset && offset < entity.idEnd {
            // The id's own declaration, or the first one when it is a duplicate.
            return leaf(.entityID, entity.idStart, entity.idEnd, target: declaration(of: entity.id).map(NodeTarget.entity))
        }
        if entity.nameStart <= offset && offset < entity.nameEnd {
            return leaf(.entityName, entity.nameStart, entity.nameEnd)
        }
        let block = tree.blocks[Int(entity.block)]
        if block.start <= offset && offset < block.end {
            let fields = workspace.schema.kind(of: entity).map { workspace.schema[$0].fields }
            if var found = locateInBlock(tree, block, fields: fields, path: [], offset) {
                found.entity = context
                return found
            }
        }
        return LocatedNode(kind: .entity, range: context.range, text: workspace.text(context.range), entity: context)
    }

    /// The field (and within it the value or nested field) at `offset`, or
    /// nil when the offset is on the block's braces or blank lines.
    /// `fields` is the block's schema; nil when its kind is unknown.
    func locateInBlock(_ tree: SyntaxTree, _ block: BlockNode, fields specs: [FieldSpec]?, path: [String],
                       _ offset: UInt32) -> LocatedNode? {
        for field in tree.fields(of: block) {
            let values = tree.values(of: field)
            let end = max(field.nameEnd, values.last?.end ?? 0)
            guard field.nameStart <= offset && offset < end else { continue }
            let name = workspace.interner[field.name]
            let spec = specs?.first { $0.name == name }
            let context = FieldContext(name: name, nameRange: tree.range(field.nameStart, field.nameEnd),
                                       range: tree.range(field.nameStart, end), spec: spec, path: path)
            func node(_ kind: NodeKind, _ range: SourceRange, target: NodeTarget? = nil) -> LocatedNode {
                LocatedNode(kind: kind, range: range, text: workspace.text(range), field: context, target: target)
            }
            if offset < field.nameEnd { return node(.fieldName, context.nameRange) }
            for value in values where value.start <= offset && offset < value.end {
                let range = tree.range(value.start, value.end)
                if value.kind == .block {
                    let nested = tree.blocks[Int(value.payload)]
                    var record: [FieldSpec]? = nil
                    if case .record(let schema)? = spec?.type { record = workspace.schema.record(schema).fields }
                    if let inner = locateInBlock(tree, nested, fields: record, path: path + [name], offset) { return inner }
                    return node(.block, range)
                }
                let kind = literalKind(tree, value, spec)
                return node(.value(kind), range, target: target(of: kind, tree, value, spec))
            }
            return node(.field, context.range)
        }
        return nil
    }

    /// What a value is, given its field's type: the parser only knows its shape.
    func literalKind(_ tree: SyntaxTree, _ value: ValueNode, _ spec: FieldSpec?) -> LiteralKind {
        let type = spec?.type
        switch value.kind {
        case .string, .longString:
            switch type {
            case .url?: return .url
            case .email?: return .email
            case .jurisdiction?, .referenceOrJurisdiction?: return .countryName
            case .language?: return .languageName
            default: return .string
            }
        case .decimal: return .integer
        case .integer:
            // A bare year is a date where a date is expected.
            if case .date? = type { return .date }
            if case .when? = type { return .date }
            return .integer
        case .date: return .date
        case .dateTime: return .dateTime
        case .range: return .dateRange
        case .boolean: return .boolean
        case .identifier:
            switch type {
            case .reference?: return .reference
            case .referenceOrJurisdiction?:
                // An id first, as the checker tries it.
                return workspace.entities.lookup(value.payload) != nil ? .reference : .countryCode
            case .jurisdiction?: return .countryCode
            case .language?: return .languageCode
            case .enumeration?: return .enumerationWord
            case .binding?: return .bindingName
            default: return .word
            }
        case .block, .error: return .error
        }
    }

    /// What a value refers to, when it refers to something that exists.
    func target(of kind: LiteralKind, _ tree: SyntaxTree, _ value: ValueNode, _ spec: FieldSpec?) -> NodeTarget? {
        let text = workspace.text(tree.file, value.start, value.end)
        switch kind {
        case .reference:
            // The checker's answer when it kept one; a reference it did not
            // resolve (a recovered tree, a wrong kind) by its id.
            if let entity = workspace.references.target(in: tree.file, at: value.start) {
                return declaration(ofEntity: entity).map(NodeTarget.entity)
            }
            return declaration(of: value.payload).map(NodeTarget.entity)
        case .countryCode:
            return Jurisdictions.lookup(code: text).map(NodeTarget.jurisdiction)
        case .countryName:
            return Jurisdictions.lookup(StringLiteral.decode(Array(text.utf8))).map(NodeTarget.jurisdiction)
        case .languageCode:
            return Languages.lookup(code: text).map(NodeTarget.language)
        case .languageName:
            let written = StringLiteral.decode(Array(text.utf8))
            return (Languages.lookup(name: written) ?? Languages.lookup(code: written)).map(NodeTarget.language)
        case .enumerationWord:
            guard case .enumeration(let type)? = spec?.type, let word = type.cases.first(where: { $0.name == text }) else { return nil }
            return .enumerationCase(enumeration: type.name, word: word.name, doc: word.doc)
        case .bindingName:
            return bindings[text].map { .binding(name: text, declaration: $0) }
        default:
            return nil
        }
    }

    /// The declaration of the entity with this id, looked up in the
    /// checker's table when asked.
    func declaration(of symbol: Symbol) -> EntityDeclaration? {
        workspace.entities.lookup(symbol).flatMap(declaration(ofEntity:))
    }

    /// The declaration of the entity at `index` in the entity table.
    func declaration(ofEntity index: Int) -> EntityDeclaration? {
        guard index < workspace.entities.count else { return nil }
        let symbol = workspace.entities.ids[index]
        let ref = workspace.entities.refs[index]
        let tree = workspace.tree(ref.file)
        let node = tree.entities[Int(ref.index)]
        let name = node.hasName ? StringLiteral.decode(workspace.sources[ref.file].bytes[Int(node.nameStart)..<Int(node.nameEnd)]) : nil
        return EntityDeclaration(kind: workspace.entities.kinds[index], id: workspace.interner[symbol], name: name,
                                 file: ref.file, path: workspace.sources[ref.file].path,
                                 idRange: tree.range(node.idStart, node.idEnd),
                                 range: tree.range(node.kindStart, node.end))
    }
}
