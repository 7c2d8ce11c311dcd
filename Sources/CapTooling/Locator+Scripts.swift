import CapBase
import CapSyntax
import CapSchema
import CapAnalysis
import CapEval

/// Statements and the expressions inside them.
extension Locator {
    /// What a name in an expression can mean depends on where it is: inside
    /// a stage it may be the current item's field, inside a `let` function
    /// a parameter.
    struct Scope {
        var parameters: [String] = []
        var inStage = false
    }

    func locateInStatement(_ tree: SyntaxTree, _ index: Int, _ offset: UInt32) -> LocatedNode {
        let statement = tree.statements[index]
        let kind: StatementKind
        var name: String? = nil
        var scope = Scope()
        let body: Expr
        switch statement.kind {
        case .binding(let n, _, let parameters, let value):
            kind = .let
            name = n
            scope.parameters = parameters
            body = value
        case .assertion(let e, _): kind = .assert; body = e
        case .print(let e): kind = .print; body = e
        case .expression(let e): kind = .expression; body = e
        }
        let context = StatementContext(kind: kind, range: statement.range, name: name, index: index)
        if case .binding(let n, let nameRange, _, _) = statement.kind, nameRange.start <= offset && offset < nameRange.end {
            return LocatedNode(kind: .letName, range: nameRange, text: workspace.text(nameRange), statement: context,
                               target: bindings[n].map { .binding(name: n, declaration: $0) })
        }
        if var found = locate(body, offset, scope) {
            found.statement = context
            return found
        }
        return LocatedNode(kind: .statement(kind), range: statement.range, text: workspace.text(statement.range), statement: context)
    }

    /// The innermost part of `e` at `offset`, or nil when `e` does not hold it.
    /// Expressions are at most `Parser.maxExpressionDepth` deep, so the
    /// recursion is bounded.
    func locate(_ e: Expr, _ offset: UInt32, _ scope: Scope) -> LocatedNode? {
        guard e.range.start <= offset && offset < e.range.end else { return nil }
        func node(_ kind: NodeKind, _ range: SourceRange, target: NodeTarget? = nil) -> LocatedNode {
            LocatedNode(kind: kind, range: range, text: workspace.text(range), target: target)
        }
        func contains(_ r: SourceRange) -> Bool { r.start <= offset && offset < r.end }
        func first(_ children: [Expr], _ scope: Scope) -> LocatedNode? {
            for child in children { if let found = locate(child, offset, scope) { return found } }
            return nil
        }
        switch e.kind {
        case .integer, .decimal: return node(.literal(.integer), e.range)
        case .string: return node(.literal(.string), e.range)
        case .boolean: return node(.literal(.boolean), e.range)
        case .none: return node(.literal(.none), e.range)
        case .date: return node(.literal(.date), e.range)
        case .dateTime: return node(.literal(.dateTime), e.range)
        case .dateRange: return node(.literal(.dateRange), e.range)
        case .it: return node(.it, e.range)
        case .error: return nil
        case .name(let name):
            return node(.name, e.range, target: resolved(e.range) ?? resolve(name, scope))
        case .interpolation(let parts):
            let inner = parts.compactMap { if case .expr(let x) = $0 { return x } else { return nil } }
            return first(inner, scope) ?? node(.literal(.string), e.range)
        case .member(let base, _, let nameRange):
            if contains(nameRange) { return node(.member, nameRange) }
            return locate(base, offset, scope) ?? node(.expression, e.range)
        case .call(let name, let arguments, let nameRange):
            if contains(nameRange) {
                // A `let` function comes before a built-in, as the evaluator calls them.
                return node(.call, nameRange, target: bindings[name].map { .binding(name: name, declaration: $0) })
            }
            return first(arguments, scope) ?? node(.expression, e.range)
        case .unary(_, let operand):
            return locate(operand, offset, scope) ?? node(.expression, e.range)
        case .binary(_, let left, let right):
            return first([left, right], scope) ?? node(.expression, e.range)
        case .list(let items):
            return first(items, scope) ?? node(.expression, e.range)
        case .record(let fields):
            return first(fields.map { $0.1 }, scope) ?? node(.expression, e.range)
        case .pipeline(let head, let stages):
            if let found = locate(head, offset, scope) { return found }
            var inner = scope
            inner.inStage = true
            for stage in stages where contains(stage.range) {
                if contains(stage.nameRange) {
                    // A built-in stage comes before a `let` function of the same name.
                    let target = Evaluator.stages[stage.name] == nil
                        ? bindings[stage.name].map { NodeTarget.binding(name: stage.name, declaration: $0) } : nil
                    return node(.stage, stage.nameRange, target: target)
                }
                return first(stage.arguments, inner) ?? node(.expression, e.range)
            }
            return node(.expression, e.range)
        }
    }

    /// What the script checker resolved the name at `range` to, when the
    /// locator was given its table: that answer knows the item's type in a
    /// stage, which the locator's own reading does not.
    func resolved(_ range: SourceRange) -> NodeTarget? {
        guard let target = scriptNames?.target(of: range) else { return nil }
        switch target {
        case .field(let name, _): return .itemField(name)
        case .parameter(let name): return .parameter(name)
        case .binding(let name, let declaration): return .binding(name: name, declaration: declaration)
        case .collection(let kind): return .collection(kind)
        case .allEntities: return .allEntities
        case .today: return .today
        case .entity(let index): return declaration(ofEntity: index).map(NodeTarget.entity)
        // Words and codes carry their documentation: the locator's own
        // reading finds it.
        case .word, .jurisdiction, .language, .builtin: return nil
        }
    }

    /// What a bare word means, in the evaluator's order (`Evaluator.resolve`):
    /// the current item's field, a parameter, a `let`, `today`, a
    /// collection, an entity id, an enumeration word, a country or language
    /// code. Nil for a word that means nothing (the checker reported it).
    func resolve(_ name: String, _ scope: Scope) -> NodeTarget? {
        if scope.inStage && fieldNames.contains(name) { return .itemField(name) }
        if scope.parameters.contains(name) { return .parameter(name) }
        if let declaration = bindings[name] { return .binding(name: name, declaration: declaration) }
        if name == "today" { return .today }
        if let kind = workspace.schema.kind(collection: name) { return .collection(kind) }
        if name == "entities" { return .allEntities }
        if let symbol = workspace.interner.lookup(name), let entity = declaration(of: symbol) { return .entity(entity) }
        if let (enumeration, word) = enumerationCase(name) {
            return .enumerationCase(enumeration: enumeration.name, word: word.name, doc: word.doc)
        }
        if let jurisdiction = Jurisdictions.lookup(code: name) { return .jurisdiction(jurisdiction) }
        if let language = Languages.lookup(code: name) { return .language(language) }
        return nil
    }

    /// Every field name an item in a pipeline may have: the schema's fields
    /// of every kind and record, the header names and the built-in ones.
    var fieldNames: Set<String> {
        let schema = workspace.schema
        var names = Set(Model.builtinFields)
        for kind in schema.kinds {
            names.insert(kind.headerName)
            for field in kind.fields { names.insert(field.name) }
        }
        for record in schema.records { names.formUnion(record.fields.map(\.name)) }
        return names
    }

    /// The first enumeration (in schema order) that has this word.
    func enumerationCase(_ word: String) -> (EnumType, (name: String, doc: String))? {
        for kind in workspace.schema.kinds {
            for field in kind.fields {
                guard case .enumeration(let type) = field.type, let found = type.cases.first(where: { $0.name == word }) else { continue }
                return (type, found)
            }
        }
        return nil
    }
}
