import CapBase

/// What each reference in the data resolved to, kept by the checker as it
/// resolves them, so that an editor's go-to-definition, find-references and
/// rename ask a table instead of resolving the data again.
///
/// One row per identifier written where a field takes an entity, in the
/// order the checker meets them: file by file, and within a file by offset
/// (a nested record's values lie inside its field), so each file's rows are
/// a sorted run found by binary search. A flat array of 16-byte rows: 100,000
/// events write some 600,000 references.
public struct ReferenceTable: Sendable {
    /// One reference: 16 bytes, appended as one (four arrays cost the
    /// checker four appends per reference, 5% of checking 10,000 events).
    struct Row {
        let file: FileID
        let start: UInt32
        let end: UInt32
        /// Index in the `EntityTable`.
        let entity: Int32
    }

    private var rows: [Row] = []

    public init() {}

    public var count: Int { rows.count }

    /// The rows from `start` on (one file's, as the checker made them).
    func rows(from start: Int) -> ArraySlice<Row> { rows[start...] }

    /// Rows kept from a previous check of the same file (`CheckCache`).
    mutating func append(contentsOf kept: [Row]) { rows.append(contentsOf: kept) }

    mutating func append(_ range: SourceRange, entity: Int) {
        rows.append(Row(file: range.file, start: range.start, end: range.end, entity: Int32(truncatingIfNeeded: entity)))
    }

    public func range(_ row: Int) -> SourceRange { SourceRange(file: rows[row].file, start: rows[row].start, end: rows[row].end) }

    /// The entity of a row, by index in the `EntityTable`.
    public func entity(_ row: Int) -> Int { Int(rows[row].entity) }

    /// The entity a reference at `offset` in `file` names: the row whose
    /// range holds the offset (its end included, for a cursor just after
    /// the word).
    public func target(in file: FileID, at offset: UInt32) -> Int? {
        // The first row at or after (file, offset) by its end.
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if rows[mid].file < file || (rows[mid].file == file && rows[mid].end < offset) { low = mid + 1 } else { high = mid }
        }
        guard low < count, rows[low].file == file, rows[low].start <= offset else { return nil }
        return Int(rows[low].entity)
    }

    /// Every place the data names `entity`, in file and offset order. A scan:
    /// a million rows take about a millisecond, less than keeping a second
    /// index for every check would cost.
    public func references(to entity: Int) -> [SourceRange] {
        let target = Int32(truncatingIfNeeded: entity)
        return rows.indices.lazy.filter { rows[$0].entity == target }.map(range)
    }
}
