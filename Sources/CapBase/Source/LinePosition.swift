/// Where a byte offset lies on its line, counted the two ways its readers
/// count columns: in Unicode scalars, as `cap` prints them (as rustc does),
/// and in UTF-16 code units, as the Language Server Protocol counts them
/// (so every editor that speaks it). An emoji beyond U+FFFF is one scalar
/// but two UTF-16 units; an accent, Arabic or Korean is one of each.
///
/// Everything is zero-based, as in the protocol; the CLI adds one when it
/// prints `file:line:column`.
public struct LinePosition: Hashable, Sendable {
    /// The line, counting LF, CRLF and a lone CR as line ends (`LineTable`).
    public var line: Int
    /// Unicode scalars between the line's start and the offset.
    public var scalarColumn: Int
    /// UTF-16 code units between the line's start and the offset.
    public var utf16Column: Int

    public init(line: Int, scalarColumn: Int, utf16Column: Int) {
        self.line = line
        self.scalarColumn = scalarColumn
        self.utf16Column = utf16Column
    }
}
