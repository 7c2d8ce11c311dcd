import Testing
@testable import CapBase

/// Byte offsets to (line, column) and back, in Unicode scalars (what `cap`
/// prints) and in UTF-16 code units (what the Language Server Protocol
/// counts). Every expected column below is counted by hand from the text.
@Suite struct PositionTests {
    /// A source manager holding one file.
    static func file(_ text: String) -> SourceManager {
        let sources = SourceManager()
        sources.add(path: "t.cap", text: text)
        return sources
    }

    /// Byte offset of the first occurrence of `needle` in `text`.
    static func offset(of needle: String, in text: String) -> UInt32 {
        let hay = Array(text.utf8), n = Array(needle.utf8)
        guard let i = (0...(hay.count - n.count)).first(where: { Array(hay[$0..<$0 + n.count]) == n }) else {
            Issue.record("'\(needle)' not in the text")
            return 0
        }
        return UInt32(i)
    }

    static func position(_ needle: String, in text: String) -> LinePosition {
        file(text).position(0, offset(of: needle, in: text))
    }

    @Test func asciiColumnsAreTheSameBothWays() {
        let text = "member a \"A\" {\n  country SE\n}\n"
        #expect(Self.position("SE", in: text) == LinePosition(line: 1, scalarColumn: 10, utf16Column: 10))
        #expect(Self.file(text).lineColumn(0, Self.offset(of: "SE", in: text)) == (2, 11))
    }

    @Test func accentsArabicAndKoreanAreOneUnitEach() {
        // é is 2 bytes, each Arabic letter 2, each Hangul syllable 3: one
        // scalar and one UTF-16 unit apiece.
        #expect(Self.position("x", in: "Zoé x") == LinePosition(line: 0, scalarColumn: 4, utf16Column: 4))
        #expect(Self.position("x", in: "\"سلام\" x") == LinePosition(line: 0, scalarColumn: 7, utf16Column: 7))
        #expect(Self.position("x", in: "a\n한국어 x") == LinePosition(line: 1, scalarColumn: 4, utf16Column: 4))
    }

    @Test func astralEmojiAreTwoUTF16UnitsButOneScalar() {
        #expect(Self.position("x", in: "😀 x") == LinePosition(line: 0, scalarColumn: 2, utf16Column: 3))
        // Woman technologist: U+1F469, ZWJ, U+1F4BB — three scalars, 2 + 1 + 2 units.
        #expect(Self.position("x", in: "👩‍💻x") == LinePosition(line: 0, scalarColumn: 3, utf16Column: 5))
        let mixed = "aka \"Zoé 😀 한\", x"
        #expect(Self.position("x", in: mixed) == LinePosition(line: 0, scalarColumn: 15, utf16Column: 16))
        // What the CLI prints is unchanged: one-based scalars.
        #expect(Self.file(mixed).lineColumn(0, Self.offset(of: "x", in: mixed)) == (1, 16))
    }

    @Test func combiningMarksCountAsTheirOwnUnits() {
        // e + U+0301 shows as one character but is two scalars, two units.
        #expect(Self.position("x", in: "Zoe\u{301}x") == LinePosition(line: 0, scalarColumn: 4, utf16Column: 4))
    }

    @Test func crlfAndLoneCRBothEndLines() {
        let text = "a\r\nbé\r\ncd\rx"
        #expect(Self.position("b", in: text) == LinePosition(line: 1, scalarColumn: 0, utf16Column: 0))
        #expect(Self.position("cd", in: text) == LinePosition(line: 2, scalarColumn: 0, utf16Column: 0))
        #expect(Self.position("d", in: text) == LinePosition(line: 2, scalarColumn: 1, utf16Column: 1))
        #expect(Self.position("x", in: text) == LinePosition(line: 3, scalarColumn: 0, utf16Column: 0))
        let sources = Self.file(text)
        #expect(sources.offset(0, line: 1, utf16Column: 1) == 4)  // é
        #expect(sources.offset(0, line: 3, utf16Column: 0) == 11)  // x
    }

    @Test func aByteOrderMarkIsNoColumn() {
        let text = "\u{FEFF}ab"
        #expect(Self.position("b", in: text) == LinePosition(line: 0, scalarColumn: 1, utf16Column: 1))
        #expect(Self.file(text).offset(0, line: 0, utf16Column: 0) == 3)
        #expect(Self.file(text).offset(0, line: 0, utf16Column: 1) == 4)
    }

    @Test func editorPositionsBecomeByteOffsets() {
        // Bytes: Z 0, o 1, é 2–3, space 4, 😀 5–8, space 9, 한 10–12, x 13.
        let sources = Self.file("Zoé 😀 한x\nnext")
        #expect(sources.offset(0, line: 0, utf16Column: 0) == 0)
        #expect(sources.offset(0, line: 0, utf16Column: 2) == 2)
        #expect(sources.offset(0, line: 0, utf16Column: 3) == 4)
        #expect(sources.offset(0, line: 0, utf16Column: 4) == 5)
        #expect(sources.offset(0, line: 0, utf16Column: 6) == 9)
        #expect(sources.offset(0, line: 0, utf16Column: 8) == 13)
        #expect(sources.offset(0, line: 1, utf16Column: 2) == 17)
    }

    @Test func outOfRangePositionsAreClamped() {
        // Bytes: a 0, 😀 1–4, b 5, CR 6, LF 7, c 8.
        let sources = Self.file("a😀b\r\nc")
        // Between the two halves of the emoji's surrogate pair: its start.
        #expect(sources.offset(0, line: 0, utf16Column: 2) == 1)
        #expect(sources.offset(0, line: 0, utf16Column: 3) == 5)
        // Past the line's end: the end of its text, before CRLF.
        #expect(sources.offset(0, line: 0, utf16Column: 99) == 6)
        // Past the last line: the end of the file; before the first: its start.
        #expect(sources.offset(0, line: 7, utf16Column: 0) == 9)
        #expect(sources.offset(0, line: -1, utf16Column: 3) == 0)
        #expect(sources.offset(0, line: 1, utf16Column: -4) == 8)
        // A byte offset past the end is the end.
        #expect(sources.position(0, 500) == LinePosition(line: 1, scalarColumn: 1, utf16Column: 1))
    }

    @Test func anOffsetInsideACharacterCountsItAsBegun() {
        // Offset 2 is the second byte of é (bytes 1–2), offset 5 inside 😀 (bytes 3–6).
        let sources = Self.file("aé😀b")
        #expect(sources.position(0, 2) == LinePosition(line: 0, scalarColumn: 2, utf16Column: 2))
        #expect(sources.position(0, 5) == LinePosition(line: 0, scalarColumn: 3, utf16Column: 4))
    }

    @Test func everyCharacterBoundaryRoundTrips() {
        let text = "person z \"Zoé\" {\r\n  aka \"سلام\", \"한국어\", \"👩‍💻 e\u{301}\"\r  city \"😀\"\n}\n"
        let sources = Self.file(text)
        let bytes = Array(text.utf8)
        var boundaries = 0
        for offset in 0...bytes.count where offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
            let p = sources.position(0, UInt32(offset))
            // Offsets inside a line break have no position of their own.
            if offset > 0, bytes[offset - 1] == 0x0D, offset < bytes.count, bytes[offset] == 0x0A { continue }
            #expect(sources.offset(0, line: p.line, utf16Column: p.utf16Column) == UInt32(offset), "offset \(offset)")
            #expect(sources.lineTable(0).offset(line: p.line, scalarColumn: p.scalarColumn, in: bytes) == UInt32(offset), "offset \(offset)")
            boundaries += 1
        }
        // 61 scalars and the end of the file, less the LF of the CRLF.
        #expect(boundaries == 61)
    }
}
