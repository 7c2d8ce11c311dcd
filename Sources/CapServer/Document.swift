import CapBase

/// One file the editor has open: its text as the editor has it, which
/// stands for the file on disk until it is closed.
struct Document {
    /// As the client wrote it; replies name the file the same way.
    let uri: String
    /// The canonical path the workspace knows the file by.
    let path: String
    var version: Int
    var bytes: [UInt8]

    /// Applies one `contentChangeEvent`: a whole new text, or a range (in
    /// lines and UTF-16 columns of the text before the change) and its
    /// replacement. A range past the end is clamped, as positions are.
    mutating func apply(_ change: JSONObject) throws(InvalidParams) {
        let text = try change.string("text")
        guard let range = change.optionalObject("range") else {
            bytes = Array(text.utf8)
            return
        }
        let table = LineTable(bytes)
        let start = try Self.offset(range.object("start"), table, bytes)
        let end = max(start, try Self.offset(range.object("end"), table, bytes))
        bytes.replaceSubrange(Int(start)..<Int(end), with: Array(text.utf8))
    }

    static func offset(_ position: JSONObject, _ table: LineTable, _ bytes: [UInt8]) throws(InvalidParams) -> UInt32 {
        table.offset(line: try position.int("line"), utf16Column: max(0, try position.int("character")), in: bytes)
    }
}
