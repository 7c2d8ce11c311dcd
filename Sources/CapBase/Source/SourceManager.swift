/// Owns every file loaded in one run, so a `SourceRange` can be turned back
/// into a path, a line and a column when it is finally shown.
public final class SourceManager {
    public private(set) var files: [SourceFile] = []
    private var lineTables: [FileID: LineTable] = [:]
    private var byCanonicalPath: [String: FileID] = [:]

    public init() {}

    /// A manager with the files of this one, to which files can be added
    /// without changing this one (the arrays are shared until written).
    public func copy() -> SourceManager {
        let copy = SourceManager()
        copy.files = files
        copy.lineTables = lineTables
        copy.byCanonicalPath = byCanonicalPath
        return copy
    }

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
        let p = position(file, offset)
        return (p.line + 1, p.scalarColumn + 1)
    }

    /// One-based line of a byte offset, without its column: a `line` field
    /// read for every entity (an export) had each column counted too.
    public func line(_ file: FileID, _ offset: UInt32) -> Int {
        lineTable(file).lineIndex(of: offset) + 1
    }

    /// Zero-based line and both columns (scalars and UTF-16) of a byte
    /// offset: what `lineColumn` prints and what an editor is sent.
    public func position(_ file: FileID, _ offset: UInt32) -> LinePosition {
        lineTable(file).position(of: offset, in: files[Int(file)].bytes)
    }

    /// The byte offset of an editor's position (zero-based line, UTF-16
    /// column), clamped into the file (see `LineTable.offset(line:utf16Column:in:)`).
    public func offset(_ file: FileID, line: Int, utf16Column: Int) -> UInt32 {
        lineTable(file).offset(line: line, utf16Column: utf16Column, in: files[Int(file)].bytes)
    }
}
