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

/// The byte escapes of the outputs against plain implementations written
/// scalar by scalar from each format's rules, on strings mixed from the
/// pieces that matter: every special byte, controls of each kind, the lead
/// bytes an escape looks at in ordinary letters, combining marks, a prepended
/// letter (U+0600), a spacing mark, a joiner, and runs
/// of plain text of every length around the scanner's four-byte steps.
@Suite struct EscapeTests {
    static let pieces = ["a", "Zo", "plain words ", "0123456789", "\"", "\\", ",", ";", "&", "<", ">", "'", "`", "*", "_",
                         "[", "]", "|", "=", "+", "-", "@", "\t", "\n", "\r", "\r\n", "\u{0}", "\u{1B}", "\u{7F}", "\u{85}",
                         "\u{9F}", "\u{A0}", "é", "e\u{301}", "_\u{301}", "\u{1FEF}", "\u{1E00}", "–", "\u{2028}", "\u{2029}",
                         "\u{2030}", "日本", "🏳️‍🌈", "Ελλάδα", "\u{600}", "\u{903}", "\u{200D}"]

    /// Deterministic strings of 0 to 23 pieces, so each run checks the same.
    static let samples: [String] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var out = pieces + ["", "-5", "-2.5e3", "=1+1", "@SUM(A1)", "+", String(repeating: "x", count: 37)]
        for _ in 0..<3000 {
            out.append((0..<next(24)).map { _ in pieces[next(pieces.count)] }.joined())
        }
        return out
    }()

    static func written(_ body: (inout TextBuffer) -> Void) -> String {
        var out = TextBuffer()
        body(&out)
        return out.text
    }

    static func isC1OrSeparator(_ v: UInt32) -> Bool { (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 }

    @Test func jsonStringsAreRFC8259() {
        for s in Self.samples {
            var expected = "\""
            for u in s.unicodeScalars {
                switch u.value {
                case 0x22: expected += "\\\""
                case 0x5C: expected += "\\\\"
                case 0x0A: expected += "\\n"
                case 0x0D: expected += "\\r"
                case 0x09: expected += "\\t"
                case 0..<0x20, 0x2028, 0x2029:
                    let hex = String(u.value, radix: 16)
                    expected += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: expected.unicodeScalars.append(u)
                }
            }
            expected += "\""
            #expect(Self.written { $0.appendJSON(s) } == expected, "\(s.debugDescription)")
        }
    }

    @Test func csvCellsAreQuotedAndNeutralised() {
        for s in Self.samples {
            // Scalars, not Characters: "\r\n" starts with CR, and a quote
            // with a combining mark on it is still a quote to a CSV reader.
            let scalars = s.unicodeScalars
            let formula = scalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true && !TextBuffer.isPlainNumber(s)
            var body = formula ? "'" : ""
            for u in scalars { body += u == "\"" ? "\"\"" : String(u) }
            let quoted = scalars.contains { "\",\r\n".unicodeScalars.contains($0) }
            #expect(Self.written { $0.appendCSV(s) } == (quoted ? "\"" + body + "\"" : body), "\(s.debugDescription)")
        }
    }

    @Test func csvCellOfJoinedItemsIsTheCellOfTheJoinedString() {
        for i in Self.samples.indices.dropLast(2) {
            let items = Array(Self.samples[i...i + i % 3])
            #expect(Self.written { $0.appendCSV(joining: items) } == Self.written { $0.appendCSV(items.joined(separator: " ")) },
                    "\(items.debugDescription)")
        }
    }

    /// Controls spelled out, then each mark escaped whatever follows it:
    /// a parser reads scalars, so `_\u{301}` is still an underscore to a
    /// Markdown reader and `"\u{301}` still ends an HTML attribute value.
    @Test func markdownAndHTMLEscapeEveryMarkScalarByScalar() {
        for s in Self.samples {
            var markdown = "", html = ""
            for u in Excerpt.visible(s).unicodeScalars {
                if "\\`*_[]<>|".unicodeScalars.contains(u) { markdown += "\\" }
                markdown.unicodeScalars.append(u)
                switch u {
                case "&": html += "&amp;"
                case "<": html += "&lt;"
                case ">": html += "&gt;"
                case "\"": html += "&quot;"
                case "'": html += "&#39;"
                default: html.unicodeScalars.append(u)
                }
            }
            #expect(Self.written { $0.appendMarkdown(s) } == markdown, "\(s.debugDescription)")
            #expect(Self.written { $0.appendHTML(s) } == html, "\(s.debugDescription)")
        }
        #expect(HTML.escape("\"\u{301}") == "&quot;\u{301}")
        #expect(Markdown.escape("_\u{301}x_") == "\\_\u{301}x\\_")
        #expect(Markdown.escape("\u{1FEF}") == "\u{1FEF}")
    }

    /// RFC 5545 TEXT: every kind of line break becomes `\n`, a tab a space,
    /// other controls go.
    @Test func iCalendarTextIsRFC5545() {
        for s in Self.samples {
            var expected = ""
            var previous: UInt32 = 0
            for u in s.unicodeScalars {
                switch u.value {
                case 0x5C: expected += "\\\\"
                case 0x3B: expected += "\\;"
                case 0x2C: expected += "\\,"
                case 0x0A where previous == 0x0D: break
                case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: expected += "\\n"
                case 0x09: expected += " "
                case 0..<0x20, 0x7F, 0x80...0x9F: break
                default: expected.unicodeScalars.append(u)
                }
                previous = u.value
            }
            #expect(Self.written { $0.appendICalText(s) } == expected, "\(s.debugDescription)")
        }
    }

    /// TimelineJS text: HTML-escaped, then what JSON needs; line breaks
    /// become `<br>` in descriptions and spaces in headlines.
    @Test func timelineJSTextIsHTMLInsideJSON() {
        for s in Self.samples {
            for breaks in [false, true] {
                var expected = ""
                var previous: UInt32 = 0
                for u in s.unicodeScalars {
                    switch u.value {
                    case 0x26: expected += "&amp;"
                    case 0x3C: expected += "&lt;"
                    case 0x3E: expected += "&gt;"
                    case 0x22: expected += "&quot;"
                    case 0x27: expected += "&#39;"
                    case 0x5C: expected += "\\\\"
                    case 0x0A where breaks && previous == 0x0D: break
                    case 0x0A, 0x0D, 0x2028, 0x2029:
                        expected += breaks ? "<br>" : u.value == 0x2028 ? "\\u2028" : u.value == 0x2029 ? "\\u2029" : " "
                    case 0x09: expected += " "
                    case 0..<0x20, 0x7F, 0x80...0x9F: break
                    default: expected.unicodeScalars.append(u)
                    }
                    previous = u.value
                }
                #expect(Self.written { $0.appendJSONHTML(s, breaks: breaks) } == expected, "\(s.debugDescription) breaks \(breaks)")
            }
        }
    }

    /// A string printed as a cap literal (the schema's docs, a diff's
    /// labels) reads back as itself and carries no raw control character.
    @Test func aQuotedLiteralReadsBackAsItself() {
        let texts = ["plain", "say \"no\"", "back\\slash", "two\nlines\r\n", "tab\there", "bell\u{7}esc\u{1B}[31m", "del\u{7F}", "é 한 🇸🇪"]
        for text in texts {
            let quoted = StringLiteral.quote(text)
            #expect(StringLiteral.decode(Array(quoted.utf8)) == text, "\(text.debugDescription)")
            #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(quoted.debugDescription)")
        }
        #expect(StringLiteral.quote("a\u{1B}b") == "\"a\\u{1B}b\"")
    }
}
