import CapBase

/// Shows script results to people (one line, or a table for a terminal) and
/// to other programs (JSON, CSV).
///
/// Entities go through `entities` rather than the workspace so the formatter
/// can be tested on its own. The people-facing forms round doubles to two
/// decimals; the exports keep every digit, since a spreadsheet or script
/// reading them may compute further.
public struct ValueFormatter {
    public let entities: any EntityDescribing

    public init(entities: any EntityDescribing) {
        self.entities = entities
    }

    // MARK: - Inline

    /// One line, canonical; used by `print` in test cases and for scalars at the REPL.
    public func inline(_ value: Value) -> String { inline(value, nested: false) }

    /// Strings are bare at top level, where the reader asked for that text,
    /// but quoted inside lists and records so `["a, b"]` and `["a", "b"]` differ.
    private func inline(_ value: Value, nested: Bool) -> String {
        switch value {
        case .none: "none"
        case .unknown: "unknown"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): Self.rounded(d)
        case .string(let s): nested ? JSON.quote(s) : s
        case .date(let d): d.description
        case .dateTime(let t): t.description
        case .dateRange(let from, let to): "\(from)..\(to)"
        case .dateTimeRange(let r): r.description
        case .jurisdiction(let code), .language(let code), .word(let code): code
        case .entity(let index): entities.entityID(index)
        case .list(let items): "[" + items.map { inline($0, nested: true) }.joined(separator: ", ") + "]"
        case .record(let fields): "{" + fields.map { $0.0 + ": " + inline($0.1, nested: true) }.joined(separator: ", ") + "}"
        case .groups(let groups): inline(.list(Self.summaries(groups)), nested: nested)
        }
    }

    /// People read 3.33, not 3.3333333333333335.
    package static func rounded(_ d: Double) -> String {
        // Past 1e15 a double cannot hold hundredths, so there is nothing to round.
        guard d.isFinite, abs(d) < 1e15 else { return exact(d) ?? String(d) }
        // Half away from zero by truncation: `rounded()` would pull in libm's
        // round(), which a target linking only Cap does not get on Linux.
        let scaled = d * 100
        let cents = Int64(scaled + (scaled < 0 ? -0.5 : 0.5))
        var fraction = String(abs(cents) % 100).leftPadded(2)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        // Built from the sign of `cents`, not `d`, so -0.001 shows as 0, not -0.
        return (cents < 0 ? "-" : "") + String(abs(cents) / 100) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// Every digit the value holds; nil for NaN and infinities, which JSON cannot spell.
    static func exact(_ d: Double) -> String? {
        guard d.isFinite else { return nil }
        if abs(d) < 1e15, d == Double(Int64(d)) { return String(Int64(d)) }
        return String(d)  // Swift's shortest round-tripping form, valid JSON.
    }

    /// Groups as readers count them; the items themselves are for the aggregations after `group`.
    private static func summaries(_ groups: [(key: Value, items: [Value])]) -> [Value] {
        groups.map { .record([("key", $0.key), ("count", .int(Int64($0.items.count)))]) }
    }

    // MARK: - Columns

    /// A result seen as named columns, when its items share a shape: the
    /// one layout both the terminal table and CSV use. A nil cell is a key
    /// that row's record lacks.
    private func columns(_ value: Value, alwaysKind: Bool) -> (header: [String], rows: [[Value?]])? {
        switch value {
        case .groups(let groups):
            return (["key", "count"], groups.map { [$0.key, .int(Int64($0.items.count))] })
        case .list(let items) where !items.isEmpty:
            let indexes = items.compactMap { if case .entity(let i) = $0 { i } else { nil } }
            if indexes.count == items.count {
                // A kind column repeating "member" on every row is noise on screen,
                // but an export's columns must not depend on the data.
                let kinds = indexes.map(entities.entityKind)
                let showKind = alwaysKind || Set(kinds).count > 1
                let rows = indexes.enumerated().map { n, i -> [Value?] in
                    [.string(entities.entityID(i))] + (showKind ? [.string(kinds[n])] : []) + [.string(entities.entityName(i))]
                }
                return (["id"] + (showKind ? ["kind"] : []) + ["name"], rows)
            }
            let records = items.compactMap { if case .record(let fields) = $0 { fields } else { nil } }
            guard records.count == items.count else { return nil }
            var keys: [String] = [], seen: Set<String> = []
            var fieldCount = 0
            for fields in records {
                fieldCount += fields.count
                for (key, _) in fields where seen.insert(key).inserted { keys.append(key) }
            }
            // Records that mostly lack each other's keys are not a table:
            // two thousand records of one key each, repeated, made a
            // million rows of two thousand empty cells (gigabytes from a
            // 23 KB script, issue 28). They are shown one per line instead.
            guard records.count * keys.count <= 4 * fieldCount + 1024 else { return nil }
            let rows = records.map { fields -> [Value?] in
                let byKey = Dictionary(fields, uniquingKeysWith: { first, _ in first })
                return keys.map { byKey[$0] }
            }
            return (keys, rows)
        default:
            return nil
        }
    }

    // MARK: - Terminal text

    /// Text for a terminal or a pipe; ends with a newline.
    public func text(_ value: Value) -> String {
        switch value {
        case .list(let items) where items.isEmpty: return "(no results)\n"
        case .groups(let groups) where groups.isEmpty: return "(no results)\n"
        default: break
        }
        if case let (header, rows)? = columns(value, alwaysKind: false), let table = table(header, rows) {
            return table
        }
        if case .list(let items) = value {
            return items.map { Excerpt.visible(inline($0)) + "\n" }.joined()
        }
        return Excerpt.visible(inline(value)) + "\n"
    }

    private static let cellLimit = 40

    /// nil when padding the columns would make the table far larger than
    /// its cells.
    private func table(_ header: [String], _ rows: [[Value?]]) -> String? {
        let heads = header.map(Self.fit)
        let cells = rows.map { $0.map { $0.map { Self.fit(inline($0)) } ?? "" } }
        // Numbers right-aligned, so units sit under units.
        let numeric = header.indices.map { c in
            rows.contains { $0[c] != nil } && rows.allSatisfy { row in row[c].map(Self.isNumber) ?? true }
        }
        let widths = header.indices.map { c in
            cells.reduce(DisplayWidth.of(heads[c])) { max($0, DisplayWidth.of($1[c])) }
        }
        // Padding every row to a column's widest cell must not make the
        // table much larger than what it shows: a column with one wide cell
        // among a million empty ones is shown one item per line instead.
        let lineWidth = widths.reduce(2 * (widths.count - 1), +)
        let content = cells.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count } }
        if cells.count * lineWidth > max(64 << 20, 4 * content) { return nil }
        func line(_ row: [String]) -> String {
            var out = ""
            for (c, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[c] - DisplayWidth.of(cell))
                if c > 0 { out += "  " }
                out += numeric[c] ? pad + cell : cell + pad
            }
            // Trailing blanks (an empty last cell) only get in a pipe's way.
            while out.hasSuffix(" ") { out.removeLast() }
            return out + "\n"
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        return line(heads) + rule + cells.map(line).joined()
    }

    private static func isNumber(_ value: Value) -> Bool {
        switch value {
        case .int, .double: true
        default: false
        }
    }

    /// Visible and at most `cellLimit` columns, so one long note cannot push
    /// every other column off the screen. Cut by Character so an accent
    /// stays on its letter.
    private static func fit(_ text: String) -> String {
        let shown = Excerpt.visible(text)
        guard DisplayWidth.of(shown) > cellLimit else { return shown }
        var out = "", width = 0
        for c in shown {
            let w = DisplayWidth.of(String(c))
            if width + w > cellLimit - 1 { break }
            out.append(c)
            width += w
        }
        return out + "…"
    }

    // MARK: - JSON

    /// One JSON document, ending with a newline. A list puts one item per
    /// line, so a large result stays diffable and greppable.
    public func json(_ value: Value) -> String {
        let items: [Value]? = switch value {
        case .list(let items): items
        case .groups(let groups): Self.summaries(groups)
        default: nil
        }
        if let items, !items.isEmpty {
            return "[\n" + items.map { "  " + jsonValue($0) }.joined(separator: ",\n") + "\n]\n"
        }
        if case .record(let fields) = value, !fields.isEmpty {
            return "{\n" + fields.map { "  " + JSON.quote($0.0) + ": " + jsonValue($0.1) }.joined(separator: ",\n") + "\n}\n"
        }
        return jsonValue(value) + "\n"
    }

    private func jsonValue(_ value: Value) -> String {
        switch value {
        case .none: "null"
        case .unknown: JSON.quote("unknown")
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): Self.exact(d) ?? "null"
        case .string(let s): JSON.quote(s)
        case .date, .dateTime, .jurisdiction, .language, .word: JSON.quote(inline(value))
        case .dateRange(let from, let to):
            JSON.object([("from", JSON.quote(from.description)), ("to", JSON.quote(to.description))])
        case .dateTimeRange(let r):
            JSON.object([("from", JSON.quote(r.start.description)), ("to", JSON.quote(r.end.description))])
        case .entity(let i):
            JSON.object([
                ("id", JSON.quote(entities.entityID(i))),
                ("kind", JSON.quote(entities.entityKind(i))),
                ("name", JSON.quote(entities.entityName(i))),
            ])
        case .list(let items): JSON.array(items.map(jsonValue))
        case .record(let fields): JSON.object(fields.map { ($0.0, jsonValue($0.1)) })
        case .groups(let groups): JSON.array(Self.summaries(groups).map(jsonValue))
        }
    }

    // MARK: - CSV

    /// CSV per RFC 4180: a header row, then one row per item, CRLF after each.
    public func csv(_ value: Value) -> String {
        let single: Value? = switch value {
        case .record, .entity: .list([value])
        default: nil
        }
        let header: [String], rows: [[String]]
        if case let (names, cells)? = columns(single ?? value, alwaysKind: true) {
            header = names
            rows = cells.map { $0.map { $0.map(csvCell) ?? "" } }
        } else if case .list(let items) = value {
            header = ["value"]
            rows = items.map { [csvCell($0)] }
        } else {
            header = ["value"]
            rows = [[csvCell(value)]]
        }
        return ([header] + rows).map { row in
            // A lone empty field would be a blank line, which readers skip.
            row == [""] ? "\"\"\r\n" : row.map(Self.csvField).joined(separator: ",") + "\r\n"
        }.joined()
    }

    private func csvCell(_ value: Value) -> String {
        switch value {
        case .none: ""
        case .double(let d): Self.exact(d) ?? ""
        case .list(let items):
            // One level flattens readably; deeper lists keep their brackets so the nesting survives.
            items.map { if case .list = $0 { inline($0) } else { csvCell($0) } }.joined(separator: "; ")
        default: inline(value)
        }
    }

    /// Quoted per RFC 4180, after OWASP's formula neutralisation: a
    /// spreadsheet runs a cell starting with = + - @ (or tab, CR) as a
    /// formula, e.g. `=HYPERLINK(...)` planted in a member's name.
    static func csvField(_ text: String) -> String {
        var out = TextBuffer(capacity: text.utf8.count)
        out.appendCSV(text)
        return out.text
    }
}
