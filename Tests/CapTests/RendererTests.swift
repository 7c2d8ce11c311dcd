import Foundation
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

/// Text, JSON and GitHub renderings of diagnostics.
@Suite struct RendererTests {
    /// A source manager holding one file, and the byte range of the first
    /// occurrence of `needle` (after `after`, if given) in it.
    static func source(_ path: String, _ text: String) -> SourceManager {
        let sources = SourceManager()
        sources.add(path: path, text: text)
        return sources
    }

    static func range(of needle: String, in text: String, after: String? = nil, file: FileID = 0) -> SourceRange {
        let hay = Array(text.utf8), n = Array(needle.utf8)
        var from = 0
        if let after {
            let a = Array(after.utf8)
            from = (0...(hay.count - a.count)).first { Array(hay[$0..<$0 + a.count]) == a }.map { $0 + a.count } ?? 0
        }
        guard let i = (from...(hay.count - n.count)).first(where: { Array(hay[$0..<$0 + n.count]) == n }) else {
            Issue.record("'\(needle)' not in the text")
            return SourceRange(file: file, start: 0, end: 0)
        }
        return SourceRange(file: file, start: UInt32(i), end: UInt32(i + n.count))
    }

    static func lines(_ s: String) -> [String] { s.components(separatedBy: "\n") }

    /// Removes ANSI SGR sequences (ESC [ … m).
    static func stripANSI(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var it = s.unicodeScalars.makeIterator()
        while let c = it.next() {
            if c == "\u{1B}" {
                while let d = it.next(), d != "m" {}
                continue
            }
            out.append(c)
        }
        return String(out)
    }

    static let members = "member talita \"Talita\" {\n  contry SE\n  country SWD\n}\n"

    static func swd(at range: SourceRange) -> Diagnostic {
        .error(.unknownJurisdiction, "unknown country or territory 'SWD'", at: range,
               label: "not an ISO 3166 code or known name", help: "did you mean SE (Sweden)?")
    }

    // MARK: - Text

    @Test func exactTextForOneDiagnostic() {
        let sources = Self.source("members.cap", Self.members)
        let d = Self.swd(at: Self.range(of: "SWD", in: Self.members))
        let out = TextRenderer(sources: sources, palette: .plain).render(d)
        #expect(out == """
            members.cap:3:11: error[E0209]: unknown country or territory 'SWD'
              |
            3 |   country SWD
              |           ^^^ not an ISO 3166 code or known name
              = help: did you mean SE (Sweden)?

            """)
    }

    @Test func notesWithRangesGetTheirOwnLocationAndSnippet() {
        var text = ""
        for i in 1...9 { text += "// line \(i)\n" }
        text += "member talita \"Talita\" {\n  country SE\n}\n\ntag talita \"T\" { }\n"
        let sources = Self.source("dup.cap", text)
        let second = Self.range(of: "talita", in: text, after: "tag ")
        let first = Self.range(of: "talita", in: text)
        let d = Diagnostic.error(.duplicateIdentifier, "the id 'talita' is already used", at: second,
                                 label: "used again here",
                                 notes: [DiagnosticNote("first used by member 'talita' here", at: first),
                                         DiagnosticNote("ids are global")],
                                 help: "rename one of them")
        let out = TextRenderer(sources: sources, palette: .plain).render(d)
        #expect(out == """
            dup.cap:14:5: error[E0203]: the id 'talita' is already used
               |
            14 | tag talita "T" { }
               |     ^^^^^^ used again here
            dup.cap:10:8: note: first used by member 'talita' here
               |
            10 | member talita "Talita" {
               |        ^^^^^^
               = note: ids are global
               = help: rename one of them

            """)
    }

    @Test func diagnosticWithoutRange() {
        let d = Diagnostic.error(.fileTooLarge, "'big.cap' is 300 bytes; the limit is 200 bytes", at: nil)
        let out = TextRenderer(sources: SourceManager(), palette: .plain).render(d)
        #expect(out == "cap: error[E0601]: 'big.cap' is 300 bytes; the limit is 200 bytes\n")
    }

    @Test func emptyRangeIsACaretAtItsPlace() {
        let text = "tag t \"T\" {\n  description\n}\n"
        let sources = Self.source("t.cap", text)
        let end = Self.range(of: "description", in: text).end
        let d = Diagnostic.error(.expectedValue, "field 'description' has no value",
                                 at: SourceRange(file: 0, start: end, end: end), label: "expected a value")
        let lines = Self.lines(TextRenderer(sources: sources, palette: .plain).render(d))
        #expect(lines[0] == "t.cap:2:14: error[E0105]: field 'description' has no value")
        #expect(lines[2] == "2 |   description")
        #expect(lines[3] == "  |              ^ expected a value")
    }

    /// One line of source, a target inside it, and where the column and the
    /// underline must land.
    struct Placement: CustomTestStringConvertible, Sendable {
        var name: String
        var line: String
        var target: String
        /// Unicode scalars before the target, plus one.
        var column: Int
        /// Terminal columns before the target (tab = 4).
        var indent: Int
        /// Terminal columns of the target.
        var width: Int
        /// The line as shown (tabs expanded).
        var shown: String? = nil
        var testDescription: String { name }
    }

    static let placements: [Placement] = [
        Placement(name: "accents precomposed", line: "person g \"Gr\u{E9}goire Th\u{E9}ry\" { country SWD }",
                  target: "SWD", column: 37, indent: 36, width: 3),
        Placement(name: "accents decomposed", line: "person g \"Gre\u{301}goire The\u{301}ry\" { country SWD }",
                  target: "SWD", column: 39, indent: 36, width: 3),
        Placement(name: "inside accented text", line: "person g \"Gr\u{E9}goire Th\u{E9}ry\" { }",
                  target: "Th\u{E9}ry", column: 20, indent: 19, width: 5),
        Placement(name: "after Korean", line: "  aka \"국제 성매매 철폐 연합\", SWD",
                  target: "SWD", column: 23, indent: 31, width: 3),
        Placement(name: "Korean target", line: "  aka \"국제 성매매 철폐 연합\"",
                  target: "성매매", column: 11, indent: 12, width: 6),
        Placement(name: "after Arabic", line: "partner sawa \"مؤسسة سوا\" { country LBN }",
                  target: "LBN", column: 36, indent: 35, width: 3),
        Placement(name: "Arabic target", line: "partner sawa \"مؤسسة سوا\" { }",
                  target: "سوا", column: 21, indent: 20, width: 3),
        Placement(name: "after emoji", line: "tag t \"🙂🙂\" { descripton \"x\" }",
                  target: "descripton", column: 14, indent: 15, width: 10),
        Placement(name: "emoji target", line: "  aka \"a🙂b\"",
                  target: "🙂", column: 9, indent: 8, width: 2),
        Placement(name: "tabs", line: "\tcountry\tSWD",
                  target: "SWD", column: 10, indent: 15, width: 3, shown: "    country    SWD"),
        // DEL and C1's CSI (an escape sequence on some terminals) are shown
        // as U+FFFD, one column each, never written raw.
        Placement(name: "control characters", line: "tag \u{7F}\u{9B}\u{2028} SWD",
                  target: "SWD", column: 9, indent: 8, width: 3, shown: "tag \u{FFFD}\u{FFFD}\u{FFFD} SWD"),
    ]

    @Test func caretOfAMissingTokenAfterControlCharacters() {
        let text = "tag t \"\u{7F}\u{9B}\" {"
        let sources = Self.source("c.cap", text)
        let end = UInt32(text.utf8.count)
        let d = Diagnostic.error(.unknownJurisdiction, "m", at: SourceRange(file: 0, start: end, end: end), label: "here")
        let lines = Self.lines(TextRenderer(sources: sources, palette: .plain).render(d))
        #expect(lines[2] == "1 | tag t \"\u{FFFD}\u{FFFD}\" {")
        #expect(lines[3] == "  | " + String(repeating: " ", count: 12) + "^ here")
    }

    @Test(arguments: placements)
    func columnsCountScalarsAndUnderlinesFollowDisplayWidth(_ p: Placement) {
        let text = "// first line\n" + p.line + "\n"
        let sources = Self.source("u.cap", text)
        let d = Diagnostic.error(.unknownJurisdiction, "m", at: Self.range(of: p.target, in: text, after: "\n"), label: "here")
        let lines = Self.lines(TextRenderer(sources: sources, palette: .plain).render(d))
        #expect(lines[0] == "u.cap:2:\(p.column): error[E0209]: m")
        #expect(lines[2] == "2 | " + (p.shown ?? p.line))
        #expect(lines[3] == "  | " + String(repeating: " ", count: p.indent) + String(repeating: "^", count: p.width) + " here")
        // The JSON renderer agrees on the column.
        let json = JSONRenderer(sources: sources).render(d)
        #expect(json.contains("\"line\":2,\"column\":\(p.column),"))
    }

    @Test func columnOfALaterLineInAFileWithCRLF() {
        let text = "tag a \"A\" { }\r\n\r\nmember m \"Mé\" {\r\n  country SWD\r\n}\r\n"
        let sources = Self.source("w.cap", text)
        let lines = Self.lines(TextRenderer(sources: sources, palette: .plain).render(Self.swd(at: Self.range(of: "SWD", in: text))))
        #expect(lines[0] == "w.cap:4:11: error[E0209]: unknown country or territory 'SWD'")
        #expect(lines[2] == "4 |   country SWD", "no CR in the shown line")
        #expect(!lines.joined().contains("\r"))
    }

    @Test func columnOfALaterLineInAFileWithLoneCR() {
        let text = "tag a \"A\" { }\r\rmember m \"M\" {\r  country SWD\r}\r"
        let sources = Self.source("m.cap", text)
        let lines = Self.lines(TextRenderer(sources: sources, palette: .plain).render(Self.swd(at: Self.range(of: "SWD", in: text))))
        #expect(lines[0] == "m.cap:4:11: error[E0209]: unknown country or territory 'SWD'")
        #expect(lines[2] == "4 |   country SWD")
    }

    @Test func controlCharactersInTheShownLineDoNotReachTheTerminal() {
        let text = "tag t \"a\u{1B}[2Jb\" { x }\n"
        let sources = Self.source("c.cap", text)
        let d = Diagnostic.error(.unknownField, "m", at: Self.range(of: "x", in: text, after: "{"))
        let out = TextRenderer(sources: sources, palette: .plain).render(d)
        #expect(!out.unicodeScalars.contains("\u{1B}"))
        #expect(Self.lines(out)[2] == "1 | tag t \"a\u{FFFD}[2Jb\" { x }")
        #expect(Self.lines(out)[3] == "  | " + String(repeating: " ", count: 17) + "^")
    }

    // MARK: - Long lines

    static func longLine(_ megabytes: Int) -> [UInt8] {
        let head = Array("tag t \"T\" { description \"".utf8)
        let tail = Array("\"; contry SE }\n".utf8)
        return head + [UInt8](repeating: UInt8(ascii: "a"), count: megabytes * 1_000_000) + tail
    }

    @Test func twentyMegabyteLineRendersAShortWindowQuickly() throws {
        let bytes = Self.longLine(20)
        let sources = SourceManager()
        sources.add(path: "long.cap", bytes: bytes)
        let start = UInt32("tag t \"T\" { description \"".utf8.count + 20_000_000 + "\"; ".utf8.count)
        #expect(String(decoding: bytes[Int(start)..<Int(start) + 6], as: UTF8.self) == "contry")
        let d = Diagnostic.error(.unknownField, "tag 't' has no field 'contry'",
                                 at: SourceRange(file: 0, start: start, end: start + 6),
                                 label: "unknown field", help: "did you mean 'country'?")
        let out = TextRenderer(sources: sources, palette: .plain).render(d)
        #expect(out.utf8.count < 1_000, "the output is \(out.utf8.count) bytes")
        let lines = Self.lines(out)
        #expect(lines[0] == "long.cap:1:\(start + 1): error[E0202]: tag 't' has no field 'contry'")
        try #require(lines.count > 3, "no snippet")
        let shown = lines[2], underline = lines[3]
        #expect(shown.hasPrefix("1 | …aaaa"))
        #expect(shown.hasSuffix("aaa\"; contry SE }"))
        #expect(DisplayWidth.of(shown) <= 130)
        // The carets stand under "contry" in the shown window.
        let shownChars = Array(shown), underChars = Array(underline)
        let at = (0..<shownChars.count - 6).first { String(shownChars[$0..<$0 + 6]) == "contry" }
        let caret = underChars.firstIndex(of: "^")
        #expect(at != nil && at == caret)
        #expect(underline.hasSuffix("^^^^^^ unknown field"))
    }

    @Test func rangeInTheMiddleOfALongLineIsCutOnBothSides() {
        let bytes = Self.longLine(20)
        let sources = SourceManager()
        sources.add(path: "long.cap", bytes: bytes)
        let d = Diagnostic.error(.unknownField, "m", at: SourceRange(file: 0, start: 10_000_000, end: 10_000_003))
        let out = TextRenderer(sources: sources, palette: .plain).render(d)
        let lines = Self.lines(out)
        #expect(out.utf8.count < 1_000)
        #expect(lines[0] == "long.cap:1:10000001: error[E0202]: m")
        #expect(lines[2].hasPrefix("1 | …a") && lines[2].hasSuffix("a…"))
        let caret = Array(lines[3]).firstIndex(of: "^")
        #expect(caret.map { Array(lines[2])[$0] } == "a")
        #expect(lines[3].hasSuffix("^^^"))
    }

    @Test func rangeSpanningMostOfALongLineIsCutToo() {
        // A type mismatch on a huge string underlines the whole value; the
        // snippet must still be a window, not megabytes of text and carets.
        // (2 MB keeps the test quick while the window is missing.)
        let bytes = Self.longLine(2)
        let sources = SourceManager()
        sources.add(path: "long.cap", bytes: bytes)
        let open = UInt32("tag t \"T\" { description ".utf8.count)
        let d = Diagnostic.error(.typeMismatch, "m", at: SourceRange(file: 0, start: open, end: open + 2_000_002),
                                 label: "expected a number")
        let out = TextRenderer(sources: sources, palette: .plain).render(d)
        #expect(out.utf8.count < 1_000, "the output is \(out.utf8.count) bytes")
        let lines = Self.lines(out)
        #expect(lines[0] == "long.cap:1:\(open + 1): error[E0301]: m")
        #expect(lines.count > 3 && lines[2].hasPrefix("1 | tag t \"T\" { description \"aaaa") && lines[2].hasSuffix("…"))
        #expect(lines.count > 3 && lines[3].hasPrefix("  | " + String(repeating: " ", count: Int(open)) + "^^^^"))
    }

    @Test func longLineWithMultibyteTextIsCutOnACharacterBoundary() {
        // 국 is three bytes; a window starting inside it must back up.
        let body = String(repeating: "국", count: 200_000)
        let text = "tag t \"\(body)\" { x }\n"
        let sources = Self.source("k.cap", text)
        let r = Self.range(of: "x", in: text, after: "{")
        let out = TextRenderer(sources: sources, palette: .plain).render(.error(.unknownField, "m", at: r))
        let lines = Self.lines(out)
        #expect(!out.contains("\u{FFFD}"), "no broken characters at the cut")
        #expect(lines[0] == "k.cap:1:\(7 + 200_000 + 5): error[E0202]: m")
        #expect(lines[2].hasPrefix("1 | …국"))
        // Carets land under x by display width: 국 is two columns.
        let shownWidth = DisplayWidth.of(String(lines[2].dropFirst(4).prefix { $0 != "x" }))
        #expect(lines[3] == "  | " + String(repeating: " ", count: shownWidth) + "^")
    }

    // MARK: - JSON

    @Test func jsonParsesAndHasTheLocation() throws {
        let text = "// 국제\nmember m \"M\" {\n  country SWD\n}\n"
        let sources = Self.source("dir/\"quoted\" name.cap", text)
        let r = Self.range(of: "SWD", in: text)
        let d = Diagnostic.error(.unknownJurisdiction, "tricky \"quotes\" \\ back\nslash \u{1} 국제 \u{2028}", at: r,
                                 label: "lbl", notes: [DiagnosticNote("n", at: Self.range(of: "m", in: text, after: "member "))],
                                 help: "did you mean SE?", fixIts: [FixIt(range: r, replacement: "SE")])
        let json = JSONRenderer(sources: sources).render(d)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["file"] as? String == "dir/\"quoted\" name.cap")
        #expect(object["line"] as? Int == 3)
        #expect(object["column"] as? Int == 11)
        #expect(object["endLine"] as? Int == 3)
        #expect(object["endColumn"] as? Int == 14)
        #expect(object["code"] as? String == "E0209")
        #expect(object["severity"] as? String == "error")
        #expect(object["message"] as? String == "tricky \"quotes\" \\ back\nslash \u{1} 국제 \u{2028}")
        #expect(object["label"] as? String == "lbl")
        #expect(object["help"] as? String == "did you mean SE?")
        let notes = object["notes"] as? [[String: Any]]
        #expect(notes?.count == 1)
        #expect(notes?.first?["line"] as? Int == 2)
        #expect(notes?.first?["column"] as? Int == 8)
        let fixes = object["fixIts"] as? [[String: Any]]
        #expect(fixes?.first?["replacement"] as? String == "SE")
        #expect(fixes?.first?["column"] as? Int == 11)
        #expect(!json.contains("\n"), "one diagnostic is one line of JSON")
    }

    @Test func jsonReportParsesWithCounts() throws {
        let text = "member m \"M\" {\n  country SWD\n}\n"
        let sources = Self.source("a.cap", text)
        var bag = DiagnosticBag()
        bag.add(Self.swd(at: Self.range(of: "SWD", in: text)))
        bag.add(.warning(.duplicateListValue, "w", at: Self.range(of: "country", in: text)))
        bag.add(.error(.unreadableFile, "no range", at: nil))
        let out = DiagnosticReport(format: .json, maxShown: 2).render(bag, sources: sources, fileCount: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(object["files"] as? Int == 1)
        #expect(object["errors"] as? Int == 2)
        #expect(object["warnings"] as? Int == 1)
        #expect(object["omitted"] as? Int == 1)
        let list = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(list.count == 2)
        // Sorted: the one without a place first, then by position.
        #expect(list.map { $0["code"] as? String } == ["E0505", "W0301"])
        #expect(list[0]["file"] == nil)
        #expect(list[1]["severity"] as? String == "warning")
    }

    @Test func jsonReportWithNoDiagnosticsParses() throws {
        let out = DiagnosticReport(format: .json).render(DiagnosticBag(), sources: SourceManager(), fileCount: 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 0)
        #expect((object["diagnostics"] as? [Any])?.isEmpty == true)
    }

    // MARK: - GitHub

    @Test func githubEscapesDataAndProperties() {
        let text = "SWD x\n"
        let sources = Self.source("data/a,b:c%.cap", text)
        let d = Diagnostic.error(.unknownJurisdiction, "50% done\nnext\r: a, b", at: Self.range(of: "SWD", in: text))
        #expect(GitHubRenderer(sources: sources).render(d) ==
                "::error file=data/a%2Cb%3Ac%25.cap,line=1,col=1,endColumn=4,title=E0209::50%25 done\\u{A}next\\u{D}: a, b")
        #expect(GitHubRenderer.escapeData("%\r\n:,") == "%25%0D%0A:,")
        #expect(GitHubRenderer.escapeProperty("%\r\n:,") == "%25%0D%0A%3A%2C")
        #expect(GitHubRenderer.escapeProperty("100%") == "100%25", "% is escaped first, not twice")
    }

    @Test func githubWarningWithHelpAndAMultiLineRange() {
        let text = "tag t \"T\" {\n}\n"
        let sources = Self.source("t.cap", text)
        let d = Diagnostic.warning(.emptyFile, "w", at: SourceRange(file: 0, start: 10, end: 13), help: "do this")
        #expect(GitHubRenderer(sources: sources).render(d) ==
                "::warning file=t.cap,line=1,col=11,endLine=2,title=W0001::w%0Ahelp: do this")
    }

    @Test func githubReportOneLinePerDiagnostic() {
        let text = "member m \"M\" {\n  country SWD\n}\n"
        let sources = Self.source("a.cap", text)
        var bag = DiagnosticBag()
        bag.add(Self.swd(at: Self.range(of: "SWD", in: text)))
        let out = DiagnosticReport(format: .github).render(bag, sources: sources, fileCount: 1)
        let lines = Self.lines(out)
        #expect(lines[0] == "::error file=a.cap,line=2,col=11,endColumn=14,title=E0209::unknown country or territory 'SWD'%0Ahelp: did you mean SE (Sweden)?")
        #expect(lines[1] == "checked 1 file: 1 error, 0 warnings")
    }

    // MARK: - Palettes and report

    @Test func ansiPaletteAddsEscapesPlainDoesNot() {
        let sources = Self.source("members.cap", Self.members)
        let d = Self.swd(at: Self.range(of: "SWD", in: Self.members))
        let plain = TextRenderer(sources: sources, palette: .plain).render(d)
        let ansi = TextRenderer(sources: sources, palette: .ansi).render(d)
        #expect(!plain.contains("\u{1B}"))
        #expect(ansi.contains("\u{1B}[1;31merror[E0209]\u{1B}[0m"))
        #expect(ansi.contains("\u{1B}[0m"))
        #expect(Self.stripANSI(ansi) == plain, "colour changes nothing but colour")
        let warning = TextRenderer(sources: sources, palette: .ansi).render(.warning(.emptyFile, "w", at: nil))
        #expect(warning.contains("\u{1B}[1;33mwarning[W0001]"))
    }

    @Test func reportSummaryAndCap() {
        let text = "member m \"M\" {\n  country SWD\n}\n"
        let sources = Self.source("a.cap", text)
        var bag = DiagnosticBag()
        for _ in 0..<7 { bag.add(Self.swd(at: Self.range(of: "SWD", in: text))) }
        bag.add(.warning(.duplicateListValue, "w", at: Self.range(of: "country", in: text)))
        let out = DiagnosticReport(format: .text, maxShown: 3).render(bag, sources: sources, fileCount: 2)
        let lines = Self.lines(out)
        #expect(out.components(separatedBy: "error[E0209]").count - 1 + out.components(separatedBy: "warning[W0301]").count - 1 == 3)
        #expect(lines.suffix(3) == ["… and 5 more diagnostics not shown (--max-diagnostics 0 shows all)",
                                    "checked 2 files: 7 errors, 1 warning", ""])
        let all = DiagnosticReport(format: .text, maxShown: 0).render(bag, sources: sources, fileCount: 2)
        #expect(!all.contains("more diagnostics"))
        #expect(all.components(separatedBy: "error[E0209]").count - 1 == 7)
        #expect(DiagnosticReport.grouped(200_000) == "200,000")
        #expect(DiagnosticReport.grouped(1_234_567) == "1,234,567")
        #expect(DiagnosticReport.grouped(999) == "999")
        #expect(DiagnosticReport().summary(DiagnosticBag(), fileCount: 1) == "checked 1 file: 0 errors, 0 warnings")
        let painted = DiagnosticReport(palette: .ansi).summary(bag, fileCount: 2)
        #expect(painted == "\u{1B}[1;31mchecked 2 files: 7 errors, 1 warning\u{1B}[0m")
    }
}
