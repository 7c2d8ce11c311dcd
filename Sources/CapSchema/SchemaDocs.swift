/// The schema as readable text, for `cap schema` and the README.
public enum SchemaDocs {
    public static func overview() -> String {
        var out = ""
        for kind in EntityKind.all {
            out += "\(kind.name.rawValue.padding(12)) \(kind.doc)\n"
        }
        return out + "\nRun 'cap schema KIND' for a kind's fields.\n"
    }

    public static func describe(_ kind: EntityKind) -> String {
        var out = "\(kind.name.rawValue) ID \"\(kind.headerName)\" { … }\n  \(kind.doc)\n\n"
        out += table(kind.fields)
        for field in kind.fields {
            if case .record(let record) = field.type {
                out += "\n\(field.name) { … } fields:\n" + table(record.fields)
            }
            if case .enumeration(let e) = field.type {
                out += "\n\(e.name):\n"
                for c in e.cases { out += "  \(c.name.padding(18)) \(c.doc)\n" }
            }
        }
        return out
    }

    private static func table(_ fields: [FieldSpec]) -> String {
        var out = ""
        for f in fields {
            let flags = (f.required ? "required" : "optional") + (f.list ? ", list" : "")
            out += "  \(f.name.padding(16)) \(f.type.shortName.padding(34)) \(flags.padding(16)) \(f.doc)\n"
        }
        return out
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
