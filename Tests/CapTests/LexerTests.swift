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

/// The lexer on its own: token kinds, exact byte ranges, trivia and line starts.
@Suite struct LexerTests {
    /// A token as a test compares it: kind, the exact source text of its range,
    /// its byte range and whether it starts a line.
    struct Lexed: Equatable, CustomStringConvertible {
        var kind: TokenKind
        var text: String
        var start: UInt32
        var end: UInt32
        var atLineStart: Bool

        var description: String { "\(kind)(\(text.debugDescription) \(start)..<\(end)\(atLineStart ? " ⏎" : ""))" }
    }

    struct Result {
        var tokens: [Lexed]
        var comments: [Range<UInt32>]
        var diagnostics: [Diagnostic]
        var bytes: [UInt8]

        var kinds: [TokenKind] { tokens.map(\.kind) }
        var texts: [String] { tokens.map(\.text) }
        func text(_ r: Range<UInt32>) -> String { String(decoding: bytes[Int(r.lowerBound)..<Int(r.upperBound)], as: UTF8.self) }
    }

    /// Lexes everything up to and excluding the end-of-file token.
    static func lex(_ text: String) -> Result { lex(bytes: Array(text.utf8)) }

    static func lex(bytes: [UInt8]) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer, file: 0)
            var tokens: [Lexed] = []
            var steps = 0
            while true {
                let t = lexer.next()
                steps += 1
                if t.kind == .eof || steps > bytes.count + 10 {
                    #expect(t.kind == .eof, "the lexer must reach the end of the file")
                    #expect(t.start == UInt32(bytes.count) && t.end == UInt32(bytes.count))
                    break
                }
                #expect(t.end > t.start, "every token but EOF covers at least one byte")
                let text = String(decoding: bytes[Int(t.start)..<Int(t.end)], as: UTF8.self)
                tokens.append(Lexed(kind: t.kind, text: text, start: t.start, end: t.end, atLineStart: t.atLineStart))
            }
            return Result(tokens: tokens, comments: lexer.comments, diagnostics: lexer.diagnostics, bytes: bytes)
        }
    }

    // MARK: - Identifiers

    @Test func identifiersWithExactRanges() {
        let r = Self.lex("member talita_1 _x Zala")
        #expect(r.tokens == [
            Lexed(kind: .identifier, text: "member", start: 0, end: 6, atLineStart: true),
            Lexed(kind: .identifier, text: "talita_1", start: 7, end: 15, atLineStart: false),
            Lexed(kind: .identifier, text: "_x", start: 16, end: 18, atLineStart: false),
            Lexed(kind: .identifier, text: "Zala", start: 19, end: 23, atLineStart: false),
        ])
        #expect(r.diagnostics.isEmpty)
    }

    @Test func subdivisionCodeIsOneToken() {
        let r = Self.lex("jurisdiction GB-NIR\ncountry FR-75 SE")
        #expect(r.kinds == [.identifier, .identifier, .identifier, .identifier, .identifier])
        #expect(r.texts == ["jurisdiction", "GB-NIR", "country", "FR-75", "SE"])
        #expect(r.tokens[1].start == 13 && r.tokens[1].end == 19)
        #expect(r.tokens[3].start == 28 && r.tokens[3].end == 33)
        #expect(r.diagnostics.isEmpty)
    }

    @Test func hyphenatedWordsThatAreNotSubdivisionCodesAreSplit() {
        // Lower case, a suffix of four, or a prefix of three: not an ISO 3166-2 code.
        #expect(Self.lex("gb-nir").kinds == [.identifier, .minus, .identifier])
        #expect(Self.lex("GB-NIRX").texts == ["GB", "-", "NIRX"])
        #expect(Self.lex("GBR-NIR").texts == ["GBR", "-", "NIR"])
        #expect(Self.lex("GB-").texts == ["GB", "-"])
        #expect(Self.lex("GB-N_").texts == ["GB", "-", "N_"])
    }

    @Test func nonASCIIIdentifierIsOneInvalidTokenWithADiagnostic() {
        let r = Self.lex("aka Žbogar x")
        #expect(r.kinds == [.identifier, .invalid, .identifier])
        #expect(r.texts == ["aka", "Žbogar", "x"])
        #expect(r.diagnostics.map(\.code) == [.nonASCIIIdentifier])
        #expect(r.diagnostics.first?.range == SourceRange(file: 0, start: 4, end: 11))
    }

    // MARK: - Numbers and dates

    @Test func integers() {
        let r = Self.lex("pages 42 1_000 2017 0")
        #expect(r.kinds == [.identifier, .integer, .integer, .integer, .integer])
        #expect(r.texts == ["pages", "42", "1_000", "2017", "0"])
        #expect(r.tokens[2].start == 9 && r.tokens[2].end == 14)
    }

    @Test func negativeNumberIsMinusThenInteger() {
        let r = Self.lex("value -5")
        #expect(r.kinds == [.identifier, .minus, .integer])
        #expect(r.tokens[1].start == 6 && r.tokens[2].start == 7 && r.tokens[2].end == 8)
    }

    @Test func datesKeepTheirPrecision() {
        let r = Self.lex("2017 2017-03 2017-03-14")
        #expect(r.kinds == [.integer, .date, .date])
        #expect(r.texts == ["2017", "2017-03", "2017-03-14"])
        #expect(r.tokens[1].start == 5 && r.tokens[1].end == 12)
        #expect(r.tokens[2].start == 13 && r.tokens[2].end == 23)
    }

    @Test func dateRangeIsDateDotDotDate() {
        let r = Self.lex("date 2019-07-04..2019-07-06")
        #expect(r.kinds == [.identifier, .date, .dotDot, .date])
        #expect(r.tokens[1].start == 5 && r.tokens[1].end == 15)
        #expect(r.tokens[2].start == 15 && r.tokens[2].end == 17)
        #expect(r.tokens[3].start == 17 && r.tokens[3].end == 27)
    }

    @Test(arguments: [
        "2021-06-22 12:00 CEST",
        "2021-06-22 12:00 UTC",
        "2021-06-22 12:00 Europe/Paris",
        "2021-06-22 12:00 America/Argentina/Buenos_Aires",
        "2021-06-22 12:00+02:00",
        "2021-06-22 12:00 +02:00",
        "2021-06-22 12:00 -05:00",
        "2021-06-22 12:00Z",
        "2021-06-22T12:00",
        "2021-06-22T12:00:30Z",
        "2021-06-22T12:00:30+02:00",
        "2021-06-22 12:00",
        "2021-06-22 12:00:59",
    ])
    func dateTimeWithZoneIsOneToken(_ literal: String) {
        let text = "date \(literal), x"
        let r = Self.lex(text)
        #expect(r.kinds == [.identifier, .dateTime, .comma, .identifier], "\(r.tokens)")
        #expect(r.tokens.count > 1 && r.tokens[1].text == literal)
        #expect(r.tokens.count > 1 && r.tokens[1].start == 5 && r.tokens[1].end == UInt32(5 + literal.utf8.count))
        #expect(r.diagnostics.isEmpty)
    }

    @Test func zoneMustBeOnTheSameLine() {
        let r = Self.lex("date 2021-06-22 12:00\nCEST x")
        #expect(r.kinds == [.identifier, .dateTime, .identifier, .identifier])
        #expect(r.texts[1] == "2021-06-22 12:00")
        #expect(r.tokens[2].text == "CEST" && r.tokens[2].atLineStart)
    }

    @Test func dateFollowedByAWordIsNotADateTime() {
        let r = Self.lex("date 2021-06-22 kind side_event")
        #expect(r.kinds == [.identifier, .date, .identifier, .identifier])
        #expect(r.texts[1] == "2021-06-22")
    }

    @Test func dateTimeRange() {
        let r = Self.lex("2021-06-22 12:00 CEST..2021-06-22 13:30 CEST")
        #expect(r.kinds == [.dateTime, .dotDot, .dateTime])
        #expect(r.texts == ["2021-06-22 12:00 CEST", "..", "2021-06-22 13:30 CEST"])
    }

    @Test func malformedDateIsOneInvalidToken() {
        let r = Self.lex("date 2017-3-14 x")
        #expect(r.kinds == [.identifier, .invalid, .identifier])
        #expect(r.texts[1] == "2017-3-14")
        #expect(r.diagnostics.map(\.code) == [.malformedLiteral])
    }

    // MARK: - Strings

    @Test func stringsIncludeTheirQuotesAndEscapes() {
        let first = #""Grégoire \"G\" Théry""#, second = #""\u{1F600}\t""#
        let r = Self.lex("name " + first + " " + second)
        #expect(r.kinds == [.identifier, .string, .string])
        #expect(r.texts == ["name", first, second])
        #expect(r.tokens[1].start == 5)
        #expect(r.tokens[1].end == UInt32(5 + first.utf8.count))
        #expect(r.diagnostics.isEmpty)
    }

    @Test func longStringSpansLines() {
        let text = "description \"\"\"Line one\nline \"two\"\r\nthree\"\"\" next"
        let r = Self.lex(text)
        #expect(r.kinds == [.identifier, .longString, .identifier])
        #expect(r.texts[1] == "\"\"\"Line one\nline \"two\"\r\nthree\"\"\"")
        #expect(r.tokens[1].start == 12)
        #expect(r.tokens[2].text == "next" && !r.tokens[2].atLineStart)
        #expect(r.diagnostics.isEmpty)
    }

    @Test func emptyStringsOfBothKinds() {
        let r = Self.lex("\"\" \"\"\"\"\"\" x")
        #expect(r.kinds == [.string, .longString, .identifier])
        #expect(r.texts == ["\"\"", "\"\"\"\"\"\"", "x"])
    }

    @Test func unterminatedStringStopsAtTheLineEnd() {
        let r = Self.lex("a \"open\nb")
        #expect(r.kinds == [.identifier, .string, .identifier])
        #expect(r.texts[1] == "\"open")
        #expect(r.tokens[2].atLineStart)
        #expect(r.diagnostics.map(\.code) == [.unterminatedString])
    }

    // MARK: - Trivia

    @Test func commentsAreRecordedAsTriviaRanges() {
        let text = "a // first\n// second\r\nb//third"
        let r = Self.lex(text)
        #expect(r.texts == ["a", "b"])
        #expect(r.comments == [2..<10, 11..<20, 23..<30])
        #expect(r.comments.map(r.text) == ["// first", "// second", "//third"])
        #expect(r.tokens[1].atLineStart)
    }

    @Test func commentWithUnicodeAndCRLFIsRecordedWithoutItsLineEnd() {
        let text = "// 국제 성매매 철폐 연합 🙂\r\ntag"
        let r = Self.lex(text)
        #expect(r.comments.count == 1)
        #expect(r.comments.map(r.text) == ["// 국제 성매매 철폐 연합 🙂"])
        #expect(r.tokens.first?.atLineStart == true)
        #expect(r.diagnostics.isEmpty)
    }

    @Test func slashAloneIsNotAComment() {
        let r = Self.lex("a / b")
        #expect(r.kinds == [.identifier, .slash, .identifier])
        #expect(r.comments.isEmpty)
    }

    @Test(arguments: [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")])
    func atLineStartAcrossLineEndings(_ name: String, _ eol: String) {
        let text = "a b\(eol)c\(eol)\(eol)  d e // note\(eol)f"
        let r = Self.lex(text)
        #expect(r.texts == ["a", "b", "c", "d", "e", "f"], "\(name)")
        #expect(r.tokens.map(\.atLineStart) == [true, false, true, true, false, true], "\(name)")
    }

    @Test func firstTokenAfterLeadingWhitespaceStartsALine() {
        let r = Self.lex("   \t  tag")
        #expect(r.tokens.first?.atLineStart == true)
        #expect(r.tokens.first?.start == 6)
    }

    @Test func byteOrderMarkIsSkipped() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("tag t".utf8)
        let r = Self.lex(bytes: bytes)
        #expect(r.texts == ["tag", "t"])
        #expect(r.tokens.first?.start == 3 && r.tokens.first?.end == 6)
        #expect(r.tokens.first?.atLineStart == true)
        #expect(r.diagnostics.isEmpty, "the BOM warning is the parser's, not the lexer's")
        bytes.withUnsafeBufferPointer { #expect(Lexer(bytes: $0, file: 0).hasByteOrderMark) }
    }

    @Test func byteOrderMarkNotAtTheStartIsNotSkipped() {
        let bytes: [UInt8] = Array("a ".utf8) + [0xEF, 0xBB, 0xBF]
        let r = Self.lex(bytes: bytes)
        #expect(r.kinds == [.identifier, .invalid])
        #expect(r.diagnostics.map(\.code) == [.unexpectedCharacter])
    }

    /// Found by Fuzz/fuzz-lexer: after a byte order mark, lookahead said the
    /// first token did not start a line while `next()` said it did.
    @Test func lookaheadAtTheStartSeesWhatNextSees() {
        for prefix: [UInt8] in [[], [0xEF, 0xBB, 0xBF]] {
            let bytes = prefix + [0x0C] + Array(" tag".utf8)
            bytes.withUnsafeBufferPointer { buffer in
                var lexer = Lexer(bytes: buffer, file: 0)
                let ahead = lexer.peekToken()
                let token = lexer.next()
                #expect(ahead.kind == token.kind && ahead.start == token.start && ahead.end == token.end)
                #expect(ahead.atLineStart == token.atLineStart && token.atLineStart, "prefix \(prefix)")
            }
        }
    }

    // MARK: - Punctuation and bad bytes

    @Test func punctuation() {
        let r = Self.lex("{ } [ ] ( ) , ; : . .. | = == != < <= > >= + - * / %")
        #expect(r.kinds == [
            .leftBrace, .rightBrace, .leftBracket, .rightBracket, .leftParen, .rightParen,
            .comma, .semicolon, .colon, .dot, .dotDot, .pipe, .equal, .equalEqual, .bangEqual,
            .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .percent,
        ])
        #expect(r.diagnostics.isEmpty)
    }

    @Test func invalidUTF8ByteIsOneInvalidTokenAndLexingGoesOn() {
        let bytes: [UInt8] = Array("a ".utf8) + [0xFF] + Array(" b \"x".utf8) + [0xC3] + Array("\" c".utf8)
        let r = Self.lex(bytes: bytes)
        #expect(r.kinds == [.identifier, .invalid, .identifier, .string, .identifier])
        #expect(r.tokens[1].start == 2 && r.tokens[1].end == 3)
        #expect(r.diagnostics.map(\.code) == [.invalidUTF8, .invalidUTF8])
        #expect(r.diagnostics.map(\.range?.start) == [2, 8])
    }

    @Test func controlBytesAreReportedWhereverTheyAre() {
        // NUL at top level, SOH in a string, ESC in a comment.
        let bytes: [UInt8] = [0x00] + Array(" a \"x".utf8) + [0x01] + Array("y\" // c".utf8) + [0x1B] + Array("\nb".utf8)
        let r = Self.lex(bytes: bytes)
        #expect(r.texts == ["\u{0}", "a", "\"x\u{1}y\"", "b"])
        #expect(r.diagnostics.map(\.code) == [.controlCharacter, .controlCharacter, .controlCharacter])
        #expect(r.diagnostics.map(\.range?.start) == [0, 6, 14])
        #expect(r.diagnostics.map(\.message) == [
            "unexpected control character NUL", "unexpected control character U+0001", "unexpected control character U+001B",
        ])
    }
}
