/// Byte offsets to line and column and back: the one place columns are
/// counted, for the CLI's messages (`SourceManager.lineColumn`) and for
/// editors (UTF-16, as the Language Server Protocol counts).
extension LineTable {
    /// The line and both columns of a byte offset; an offset past the end
    /// of the file is taken as the end.
    ///
    /// The columns count whole scalars from the line's start up to the
    /// offset, so an offset inside a scalar's bytes counts that scalar as
    /// passed (it has begun), and a byte that is not valid UTF-8 counts as
    /// one U+FFFD, as the renderers show it.
    public func position(of offset: UInt32, in bytes: [UInt8]) -> LinePosition {
        let end = min(Int(offset), bytes.count)
        let line = lineIndex(of: UInt32(end))
        var i = contentStart(line, in: bytes)
        var scalars = 0, units = 0
        while i < end {
            // ASCII without the decoder: a long line is mostly ASCII, and
            // every diagnostic on it counts its columns from the start.
            if bytes[i] < 0x80 {
                i += 1
                units += 1
            } else {
                let (scalar, length) = UTF8Scalar.decode(bytes, i, limit: bytes.count)
                i += length
                units += scalar.utf16Length
            }
            scalars += 1
        }
        return LinePosition(line: line, scalarColumn: scalars, utf16Column: units)
    }

    /// The byte offset of a zero-based line and UTF-16 column, as a language
    /// client sends them. Out-of-range input is clamped, never refused (the
    /// client's idea of the text may be a keystroke behind): a line past the
    /// last is the end of the file, a column past the line's end is the end
    /// of its text (before the line break, as the protocol says), and a
    /// column between the two halves of a surrogate pair is the start of
    /// that character.
    public func offset(line: Int, utf16Column: Int, in bytes: [UInt8]) -> UInt32 {
        offset(line: line, column: utf16Column, in: bytes) { $0.utf16Length }
    }

    /// The byte offset of a zero-based line and Unicode-scalar column, the
    /// column `cap` prints (minus one); clamped like `offset(line:utf16Column:in:)`.
    public func offset(line: Int, scalarColumn: Int, in bytes: [UInt8]) -> UInt32 {
        offset(line: line, column: scalarColumn, in: bytes) { _ in 1 }
    }

    private func offset(line: Int, column: Int, in bytes: [UInt8], units: (Unicode.Scalar) -> Int) -> UInt32 {
        guard line >= 0 else { return 0 }
        guard line < lineCount else { return UInt32(bytes.count) }
        let end = Int(lineRange(line, in: bytes).upperBound)
        var i = contentStart(line, in: bytes)
        var counted = 0
        while i < end, counted < column {
            let (scalar, length) = UTF8Scalar.decode(bytes, i, limit: bytes.count)
            let width = units(scalar)
            // The column falls inside this character: stay at its start.
            if counted + width > column { break }
            counted += width
            i += length
        }
        return UInt32(min(i, end))
    }

    /// Where a line's text starts: a byte order mark is invisible in
    /// editors, so it is no column.
    private func contentStart(_ line: Int, in bytes: [UInt8]) -> Int {
        if line == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return 3 }
        return Int(starts[line])
    }
}

extension Unicode.Scalar {
    /// UTF-16 code units: two for a scalar beyond the Basic Multilingual Plane.
    var utf16Length: Int { value > 0xFFFF ? 2 : 1 }
}
