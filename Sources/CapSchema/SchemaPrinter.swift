import CapSyntax

/// Writes a schema as .cap declarations: what `cap schema` prints, which
/// `cap check` accepts (a declaration that repeats a built-in one word for
/// word is accepted). The prelude is written in this form, so printing the
/// built-in schema gives the prelude's declarations back
/// (SchemaPrinterTests holds the two together).
public enum SchemaPrinter {
    /// Every kind, then the record types, then the enumerations.
    public static func declarations(of schema: Schema) -> String {
        let parts = schema.kinds.map(kind) + schema.records.map(record) + schema.enums.map(enumeration)
        return parts.joined(separator: "\n")
    }

    /// One kind, with the record types and enumerations its fields use
    /// (those records' own too), each once, in the order first used.
    public static func part(of schema: Schema, kind name: EntityKindName) -> String {
        var records: [Int] = [], enums: [Int] = []
        func collect(_ fields: [FieldSpec]) {
            for f in fields {
                switch f.type {
                case .record(let r) where !records.contains(r.index):
                    records.append(r.index)
                    collect(schema.records[r.index].fields)
                case .enumeration(let e) where !enums.contains(e.id):
                    enums.append(e.id)
                default: break
                }
            }
        }
        collect(schema[name].fields)
        let parts = [kind(schema[name])] + records.map { record(schema.records[$0]) } + enums.map { enumeration(schema.enums[$0]) }
        return parts.joined(separator: "\n")
    }

    public static func kind(_ k: EntityKind) -> String {
        var out = "kind \(k.name.rawValue) \(quoted(k.doc)) {\n  header \(k.headerName)\n"
        out += "  collection \(k.collections.joined(separator: ", "))\n"
        return out + fields(k.fields) + "}\n"
    }

    public static func record(_ r: RecordSchema) -> String {
        "record \(r.name) \(quoted(r.doc)) {\n" + fields(r.fields) + "}\n"
    }

    public static func enumeration(_ e: EnumType) -> String {
        let width = e.cases.map(\.name.count).max() ?? 0
        return "enum \(e.word) \(quoted(e.doc)) {\n" + e.cases.map { "  \(pad($0.name, width)) \(quoted($0.doc))\n" }.joined() + "}\n"
    }

    static func fields(_ fields: [FieldSpec]) -> String {
        let width = fields.map(\.name.count).max() ?? 0
        return fields.map { f in
            var parts = ["type " + typeWords(f.type)]
            if case .integer(let min?) = f.type { parts.append("min \(min)") }
            if f.required { parts.append("required true") }
            if f.list { parts.append("list true") }
            if !f.after.isEmpty { parts.append("after " + f.after.joined(separator: ", ")) }
            if let since = f.since { parts.append("since " + since) }
            switch f.timeline {
            case .entry(let label)?, .detail(let label)?: parts.append("timeline " + quoted(label))
            case let role?: parts.append("timeline " + (role.word ?? ""))
            case nil: break
            }
            parts.append("doc " + quoted(f.doc))
            return "  \(pad(f.name, width)) { \(parts.joined(separator: "; ")) }\n"
        }.joined()
    }

    /// How a field's `type` line names its type.
    public static func typeWords(_ type: ValueType) -> String {
        switch type {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .date: "date"
        case .when: "when"
        case .jurisdiction: "jurisdiction"
        case .language: "language"
        case .url: "url"
        case .email: "email"
        case .binding: "binding"
        case .enumeration(let e): e.word
        case .record(let r): r.name
        case .reference(let kinds): kinds.map(\.rawValue).joined(separator: ", ")
        case .referenceOrJurisdiction(let kinds): (["jurisdiction"] + kinds.map(\.rawValue)).joined(separator: ", ")
        }
    }

    static func quoted(_ text: String) -> String { StringLiteral.quote(text) }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
