import CapBase
import CapSyntax
import CapSchema
import CapAnalysis
import CapEval

/// Every place that means one entity or one `let`: what find-references,
/// document highlights and rename need.
///
/// The data's references come from the checker's `ReferenceTable` (wrong
/// kinds included: a rename must follow them too); the scripts' names are
/// walked, each resolved as `node(in:at:)` resolves it (the script
/// checker's answer first), since calls and stages that name a `let`
/// function are not in its table. A report's `statistic`, which names a
/// `let` in the data, is found by a pass over the value arrays.
extension Locator {
    /// The ranges that refer to `target`, its declaration first, then in
    /// file and source order. Empty for a target that cannot be referred to
    /// from elsewhere (a country, a field).
    public func references(to target: NodeTarget) -> [SourceRange] {
        switch target {
        case .entity(let declaration):
            guard let symbol = workspace.interner.lookup(declaration.id), let index = workspace.entities.lookup(symbol) else {
                return [declaration.idRange]
            }
            var out = [declaration.idRange] + workspace.references.references(to: index)
            for tree in workspace.trees {
                collectNames(tree, into: &out) { name, resolved in
                    if case .entity(let other) = resolved, other.idRange == declaration.idRange, name == declaration.id { return true }
                    return false
                }
            }
            return out
        case .binding(let name, let declaration):
            var out = [declaration]
            for tree in workspace.trees {
                for entity in tree.entities {
                    let fields = workspace.schema.kind(of: entity).map { workspace.schema[$0].fields }
                    collectBindingValues(tree, tree.blocks[Int(entity.block)], fields, name: name, into: &out)
                }
                collectNames(tree, into: &out) { found, resolved in
                    found == name && resolved == .binding(name: name, declaration: declaration)
                }
            }
            return out
        default:
            return []
        }
    }

    /// Identifier values of binding-typed fields (a report's `query`) naming `name`.
    private func collectBindingValues(_ tree: SyntaxTree, _ block: BlockNode, _ specs: [FieldSpec]?, name: String,
                                      into out: inout [SourceRange]) {
        for field in tree.fields(of: block) {
            let spec = specs?.first { $0.name == workspace.interner[field.name] }
            for value in tree.values(of: field) {
                if value.kind == .block {
                    var record: [FieldSpec]? = nil
                    if case .record(let ref)? = spec?.type { record = workspace.schema.record(ref).fields }
                    collectBindingValues(tree, tree.blocks[Int(value.payload)], record, name: name, into: &out)
                    continue
                }
                guard value.kind == .identifier, case .binding? = spec?.type, workspace.interner[value.payload] == name else { continue }
                out.append(tree.range(value.start, value.end))
            }
        }
    }

    /// Names, calls and stages in the file's statements for which `matches`
    /// holds, given what each resolves to; a `let`'s own name is left to the
    /// caller (it is the declaration).
    private func collectNames(_ tree: SyntaxTree, into out: inout [SourceRange], _ matches: (String, NodeTarget?) -> Bool) {
        for statement in tree.statements {
            var scope = Scope()
            let body: Expr
            switch statement.kind {
            case .binding(_, _, let parameters, let value):
                scope.parameters = parameters
                body = value
            case .assertion(let e, _), .print(let e), .expression(let e): body = e
            }
            walk(body, scope) { name, range, target in
                if matches(name, target) { out.append(range) }
            }
        }
    }

    /// Visits every name in `e` with what it resolves to, as `locate` resolves it.
    private func walk(_ e: Expr, _ scope: Scope, _ visit: (String, SourceRange, NodeTarget?) -> Void) {
        switch e.kind {
        case .integer, .decimal, .string, .boolean, .none, .date, .dateTime, .dateRange, .it, .error: break
        case .name(let name): visit(name, e.range, resolved(e.range) ?? resolve(name, scope))
        case .interpolation(let parts):
            for case .expr(let x) in parts { walk(x, scope, visit) }
        case .member(let base, _, _): walk(base, scope, visit)
        case .call(let name, let arguments, let nameRange):
            visit(name, nameRange, bindings[name].map { .binding(name: name, declaration: $0) })
            for a in arguments { walk(a, scope, visit) }
        case .unary(_, let operand): walk(operand, scope, visit)
        case .binary(_, let l, let r):
            walk(l, scope, visit)
            walk(r, scope, visit)
        case .list(let items): for x in items { walk(x, scope, visit) }
        case .record(let fields): for (_, x) in fields { walk(x, scope, visit) }
        case .pipeline(let head, let stages):
            walk(head, scope, visit)
            var inner = scope
            inner.inStage = true
            for stage in stages {
                let target = Evaluator.stages[stage.name] == nil
                    ? bindings[stage.name].map { NodeTarget.binding(name: stage.name, declaration: $0) } : nil
                visit(stage.name, stage.nameRange, target)
                for a in stage.arguments { walk(a, inner, visit) }
            }
        }
    }

    /// Every `let` name defined in the workspace, with where it is defined.
    public var bindingNames: [String: SourceRange] { bindings }
}
