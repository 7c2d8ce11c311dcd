import Testing
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL

// Strings are spelled with escapes where the encoding is the point: an
// editor or formatter that normalizes "é" would otherwise silently turn a
// decomposed test into a precomposed one.
@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnEach() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("let x = 1;") == 10)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func controlsAreZeroSoCallersMustExpandTabs() {
        #expect(DisplayWidth.of("\t") == 0)
        #expect(DisplayWidth.of("\u{0}") == 0)
        #expect(DisplayWidth.of("\u{7F}") == 0)
        #expect(DisplayWidth.of("\u{85}") == 0)  // C1 NEL
        #expect(DisplayWidth.of("a\tb") == 2)
    }

    @Test func accentsPrecomposedAndCombining() {
        #expect(DisplayWidth.of("\u{E9}") == 1)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("Gr\u{E9}goire Th\u{E9}ry") == 14)
        #expect(DisplayWidth.of("Gre\u{301}goire The\u{301}ry") == 14)
        #expect(DisplayWidth.of("a\u{301}\u{323}") == 1)  // stacked marks
    }

    @Test func arabicLettersAreNarrow() {
        #expect(DisplayWidth.of("مؤسسة") == 5)
        #expect(DisplayWidth.of("مؤسسة سوا") == 9)
        #expect(DisplayWidth.of("\u{628}\u{64E}") == 1)  // harakat combine
    }

    @Test func hangulSyllablesAndJamo() {
        #expect(DisplayWidth.of("국제") == 4)
        #expect(DisplayWidth.of("국제 성매매 철폐 연합") == 21)
        // Decomposed 각: leading consonant is wide, vowel and final stack under it.
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2)
    }

    @Test func cjkAndFullwidth() {
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("Ａ") == 2)
        #expect(DisplayWidth.of("日本語です") == 10)
        #expect(DisplayWidth.of("\u{20000}") == 2)  // Extension B, outside the BMP
    }

    @Test func emoji() {
        #expect(DisplayWidth.of("😀") == 2)
        // Sequences are the plain sum of their scalars, ZWJ and variation
        // selectors counting 0: woman (2) + ZWJ (0) + laptop (2). A terminal
        // that draws the joined glyph uses 2 columns; one that does not, 4.
        #expect(DisplayWidth.of("👩\u{200D}💻") == 4)
        #expect(DisplayWidth.of("\u{2764}\u{FE0F}") == 1)  // text-default heart + VS16
        #expect(DisplayWidth.of("🇫🇷") == 4)  // each regional indicator is 2
    }

    @Test func invisibleFormatCharacters() {
        #expect(DisplayWidth.of("a\u{200B}b") == 2)  // zero-width space
        #expect(DisplayWidth.of("\u{FEFF}") == 0)  // BOM
        #expect(DisplayWidth.of("\u{AD}") == 1)  // soft hyphen is drawn
        #expect(DisplayWidth.of("\u{600}") == 1)  // Arabic number sign is drawn
    }

    @Test func scalarWidths() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x41)!) == 1)
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x4E2D)!) == 2)
        #expect(DisplayWidth.of(Unicode.Scalar(0x10FFFF)!) == 1)
    }

    @Test func substringMatchesStringAndIsAdditive() {
        let line = "x = \"국제 é\u{301}\" 😀"
        let cut = line.firstIndex(of: "\"")!
        #expect(DisplayWidth.of(line[..<cut]) + DisplayWidth.of(line[cut...]) == DisplayWidth.of(line))
        #expect(DisplayWidth.of(line[...]) == DisplayWidth.of(line))
    }

    /// The generated tables are what the binary search relies on.
    @Test func tablesAreSortedDisjointPairs() {
        for table in [DisplayWidthTable.zero, DisplayWidthTable.wide] {
            #expect(table.count % 2 == 0)
            var previousLast: Int64 = -1
            for i in stride(from: 0, to: table.count, by: 2) {
                #expect(table[i] <= table[i + 1])
                #expect(Int64(table[i]) > previousLast + 1)  // merged: no touching ranges
                previousLast = Int64(table[i + 1])
            }
        }
        #expect(DisplayWidthTable.zero.first! >= DisplayWidthTable.narrowBelow)
        #expect(DisplayWidthTable.wide.first! >= DisplayWidthTable.narrowBelow)
    }
}
