import CapBase

/// What each reference in the data resolved to, kept by the checker as it
/// resolves them, so that an editor's go-to-definition, find-references and
/// rename ask a table instead of resolving the data again.
///
/// One row per identifier written where a field takes an entity, in the
/// order the checker meets them: file by file, and within a file by offset
/// (a nested record's values lie inside its field), so each file's rows are
/// a sorted run found by binary search. Flat arrays of integers: 100,000
/// events write some 300,000 references, and a row costs 16 bytes.
public struct ReferenceTable: Sendable {
    public private(set) var files: [FileID] = []
    public private(set) var starts: [UInt32] = []
    public private(set) var ends: [UInt32] = []
    /// Index in the `EntityTable`.
    public private(set) var entities: [Int32] = []

    public init() {}

    public var count: Int { entities.count }

    mutating func append(_ range: SourceRange, entity: Int) {
        files.append(range.file)
        starts.append(range.start)
        ends.append(range.end)
        entities.append(Int32(entity))
    }

    public func range(_ row: Int) -> SourceRange { SourceRange(file: files[row], start: starts[row], end: ends[row]) }

    /// The entity a reference at `offset` in `file` names: the row whose
    /// range holds the offset (its end included, for a cursor just after
    /// the word).
    public func target(in file: FileID, at offset: UInt32) -> Int? {
        // The first row at or after (file, offset) by its end.
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if files[mid] < file || (files[mid] == file && ends[mid] < offset) { low = mid + 1 } else { high = mid }
        }
        guard low < count, files[low] == file, starts[low] <= offset else { return nil }
        return Int(entities[low])
    }

    /// Every place the data names `entity`, in file and offset order. A scan:
    /// a million rows take about a millisecond, less than keeping a second
    /// index for every check would cost.
    public func references(to entity: Int) -> [SourceRange] {
        let target = Int32(entity)
        return entities.indices.lazy.filter { entities[$0] == target }.map(range)
    }
}
