/// Minimal JSON output: cap writes JSON in several places (diagnostics, and
/// later query results and datasets) and needs exact, stable bytes, so it
/// builds text directly rather than going through an encoder.
public enum JSON {
    /// `text` as a JSON string literal, quotes included.
    public static func quote(_ text: String) -> String {
        var out = TextBuffer(capacity: text.utf8.count + 2)
        out.appendJSON(text)
        return out.text
    }

    /// An object from already-encoded members, in the given order.
    public static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}
