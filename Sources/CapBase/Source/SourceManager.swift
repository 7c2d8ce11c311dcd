/// Owns every file loaded in one run, so a `SourceRange` can be turned back
/// into a path, a line and a column when it is finally shown.
public final class SourceManager {
    public private(set) var files: [SourceFile] = []
    private var lineTables: [FileID: LineTable] = [:]
    private var byCanonicalPath: [String: FileID] = [:]

    public init() {}

    @discardableResult
    public func add(path: String, canonicalPath: String? = nil, bytes: [UInt8]) -> SourceFile {
        let file = SourceFile(id: FileID(files.count), path: path, canonicalPath: canonicalPath, bytes: bytes)
        files.append(file)
        byCanonicalPath[file.canonicalPath] = file.id
        return file
    }

    @discardableResult
    public func add(path: String, text: String) -> SourceFile {
        add(path: path, bytes: Array(text.utf8))
    }

    public subscript(id: FileID) -> SourceFile { files[Int(id)] }

    public func file(canonicalPath: String) -> SourceFile? {
        byCanonicalPath[canonicalPath].map { files[Int($0)] }
    }

    public func lineTable(_ id: FileID) -> LineTable {
        if let t = lineTables[id] { return t }
        let t = LineTable(files[Int(id)].bytes)
        lineTables[id] = t
        return t
    }

    /// One-based line and column of a byte offset; the column counts Unicode
    /// scalars, as rustc does, so it is right on lines with accents or Korean.
    public func lineColumn(_ file: FileID, _ offset: UInt32) -> (line: Int, column: Int) {
        let table = lineTable(file)
        let bytes = files[Int(file)].bytes
        let line = table.lineIndex(of: offset)
        var i = Int(table.starts[line])
        // A byte order mark is invisible in editors: not a column.
        if line == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        let end = min(Int(offset), bytes.count)
        var column = 1
        while i < end {
            // ASCII without the decoder: a long line is mostly ASCII, and
            // every diagnostic on it counts its columns from the start.
            i += bytes[i] < 0x80 ? 1 : UTF8Scalar.decode(bytes, i, limit: bytes.count).1
            column += 1
        }
        return (line + 1, column)
    }
}
