import CapSyntax
import CapValues
import CapSchema
import CapEval

/// What an entity says, field by field, in a form two sides can compare:
/// each value a list of pieces where references are kept apart, so that a
/// reference to a renamed entity compares equal to one to its new id.
struct EntityContent {
    enum Piece: Hashable {
        case text(String)
        case reference(String)
    }
    typealias Item = [Piece]

    struct Field {
        let name: String
        let list: Bool
        let items: [Item]
    }

    let kind: String
    let label: String
    let fields: [Field]

    /// Reads an entity's fields from the model, in the schema's order.
    init(_ model: Model, _ entity: Int) {
        let kindName = model.kind(entity)
        let schema = model.schema[kindName]
        kind = kindName.rawValue
        label = model.entityName(entity)
        fields = schema.fields.compactMap { spec in
            guard let access = model.access(spec.name, of: kindName) else { return nil }
            let value = model.field(entity, access)
            let items: [Item]
            switch value {
            case .none: items = []
            case .list(let list): items = list.map { Self.item($0, model) }
            default: items = [Self.item(value, model)]
            }
            return Field(name: spec.name, list: spec.list, items: items)
        }
    }

    static func item(_ value: Value, _ model: Model) -> Item {
        var out: Item = []
        append(value, model, &out)
        return out
    }

    private static func append(_ value: Value, _ model: Model, _ out: inout Item) {
        switch value {
        case .none, .unknown: out.append(.text("none"))
        case .string(let s): out.append(.text(quoted(s)))
        case .entity(let e): out.append(.reference(model.entityID(e)))
        case .list(let items):
            out.append(.text("["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(.text(", ")) }
                append(item, model, &out)
            }
            out.append(.text("]"))
        case .record(let pairs):
            out.append(.text("{"))
            var first = true
            for (name, v) in pairs {
                if v.isNone { continue }
                if case .list(let l) = v, l.isEmpty { continue }
                out.append(.text(first ? "\(name) " : ", \(name) "))
                first = false
                append(v, model, &out)
            }
            out.append(.text("}"))
        case .dateRange(let a, let b): out.append(.text("\(a)..\(b)"))
        case .dateTimeRange(let r): out.append(.text(r.description))
        case .date(let d): out.append(.text(d.description))
        case .dateTime(let t): out.append(.text(t.description))
        case .bool(let b): out.append(.text(b ? "true" : "false"))
        case .int(let n): out.append(.text(String(n)))
        case .double(let d): out.append(.text(String(d)))
        case .jurisdiction(let s), .language(let s), .word(let s): out.append(.text(s))
        case .groups: out.append(.text("groups"))
        }
    }

    static func quoted(_ s: String) -> String { StringLiteral.quote(s) }

    /// An item as text, its references renamed by `rename`.
    static func text(_ item: Item, rename: (String) -> String = { $0 }) -> String {
        var out = ""
        for piece in item {
            switch piece {
            case .text(let t): out += t
            case .reference(let id): out += rename(id)
            }
        }
        return out
    }

    /// Everything but the id, as one string: equal for a renamed entity.
    func fingerprint(rename: (String) -> String) -> String {
        var out = kind + "\u{0}" + label
        for field in fields where !field.items.isEmpty {
            out += "\u{0}" + field.name + "\u{1}" + field.items.map { Self.text($0, rename: rename) }.joined(separator: "\u{1}")
        }
        return out
    }
}
