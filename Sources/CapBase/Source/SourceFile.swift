/// Identifies one loaded file inside a `SourceManager`.
public typealias FileID = UInt32

/// One loaded file: its bytes exactly as read, and the name to show users.
///
/// Positions everywhere else are byte offsets into `bytes`; lines and columns
/// are derived only when something is shown to a person (see `LineTable`).
public struct SourceFile: Sendable {
    public let id: FileID
    /// The path as the user should see it (relative to where they ran `cap`).
    public let path: String
    /// The canonical absolute path, used to detect the same file reached twice.
    public let canonicalPath: String
    public let bytes: [UInt8]

    public init(id: FileID, path: String, canonicalPath: String? = nil, bytes: [UInt8]) {
        self.id = id
        self.path = path
        self.canonicalPath = canonicalPath ?? path
        self.bytes = bytes
    }

    public init(id: FileID, path: String, text: String) {
        self.init(id: id, path: path, bytes: Array(text.utf8))
    }

    /// The text of a byte range, with invalid UTF-8 shown as U+FFFD.
    public func text(_ range: Range<UInt32>) -> String {
        let lower = Int(min(range.lowerBound, UInt32(bytes.count)))
        let upper = Int(min(range.upperBound, UInt32(bytes.count)))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
