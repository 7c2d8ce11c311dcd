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

/// Three members and an event; 김지은 is there because Hangul is two columns wide.
private struct StubEntities: EntityDescribing {
    let rows = [
        ("talita", "member", "Talita"),
        ("ruhama", "member", "Ruhama"),
        ("jieun", "member", "\u{AE40}\u{C9C0}\u{C740}"),  // 김지은
        ("hlpf-2019", "event", "HLPF side event"),
    ]
    func entityID(_ index: Int) -> String { rows[index].0 }
    func entityKind(_ index: Int) -> String { rows[index].1 }
    func entityName(_ index: Int) -> String { rows[index].2 }
}

// Computed: the formatter is not Sendable (its entity source need not be), so it cannot be a global constant.
private var format: ValueFormatter { ValueFormatter(entities: StubEntities()) }

private func record(_ fields: (String, Value)...) -> Value { .record(fields) }

private func day(_ y: Int, _ m: Int = 0, _ d: Int = 0) -> CapDate { try! CapDate(year: y, month: m, day: d) }

/// A small RFC 4180 reader, strict about CRLF, so the test checks what a
/// spreadsheet would see rather than trusting the writer's own logic.
private func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, i = text.unicodeScalars.startIndex
    let s = text.unicodeScalars
    while i < s.endIndex {
        let c = s[i]
        if quoted {
            if c == "\"" {
                let next = s.index(after: i)
                if next < s.endIndex, s[next] == "\"" { field += "\""; i = next } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            row.append(field); field = ""
        } else if c == "\r" {
            i = s.index(after: i)
            #expect(i < s.endIndex && s[i] == "\n", "bare CR outside quotes")
            row.append(field); field = ""
            rows.append(row); row = []
        } else {
            #expect(c != "\n", "bare LF outside quotes")
            field.unicodeScalars.append(c)
        }
        i = s.index(after: i)
    }
    #expect(row.isEmpty && field.isEmpty, "last row must end with CRLF")
    return rows
}

private func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

@Suite struct ValueFormatterTests {
    // MARK: inline

    @Test func inlineScalars() {
        #expect(format.inline(.none) == "none")
        #expect(format.inline(.unknown) == "unknown")
        #expect(format.inline(.bool(true)) == "true")
        #expect(format.inline(.int(-42)) == "-42")
        #expect(format.inline(.double(2.5)) == "2.5")
        #expect(format.inline(.double(10.0 / 3)) == "3.33")
        #expect(format.inline(.double(4)) == "4")
        #expect(format.inline(.double(-2.5)) == "-2.5")
        #expect(format.inline(.double(0.29)) == "0.29")
        #expect(format.inline(.double(0.105)) == "0.11")  // half up, as written, though binary 0.105 is just below
        #expect(format.inline(.double(-0.001)) == "0")
        #expect(format.inline(.double(2.999)) == "3")
        #expect(format.inline(.string("say \"hi\"")) == "say \"hi\"")
        #expect(format.inline(.date(day(2017, 3))) == "2017-03")
        #expect(format.inline(.dateRange(day(2019, 7, 4), day(2019, 7, 6))) == "2019-07-04..2019-07-06")
        #expect(format.inline(.jurisdiction("GB-NIR")) == "GB-NIR")
        #expect(format.inline(.language("ko")) == "ko")
        #expect(format.inline(.word("side_event")) == "side_event")
        #expect(format.inline(.entity(0)) == "talita")
    }

    @Test func inlineQuotesStringsOnlyWhenNested() {
        #expect(format.inline(.list([.string("Talita"), .string("Ruhama")])) == #"["Talita", "Ruhama"]"#)
        let nested = record(
            ("name", .string("say \"hi\"\n\\")),
            ("tags", .list([.int(1), .double(2.5), .none, .list([])])),
            ("who", .entity(1)),
            ("when", .date(day(2017))),
            ("inner", record(("ok", .unknown))))
        #expect(format.inline(nested)
            == #"{name: "say \"hi\"\n\\", tags: [1, 2.5, none, []], who: ruhama, when: 2017, inner: {ok: unknown}}"#)
        #expect(format.inline(.list([])) == "[]")
        #expect(format.inline(.record([])) == "{}")
    }

    @Test func inlineGroupsAsKeyCountRecords() {
        let groups = Value.groups([(key: .int(2017), items: [.entity(0), .entity(1)]), (key: .string("x"), items: [.entity(2)])])
        #expect(format.inline(groups) == #"[{key: 2017, count: 2}, {key: "x", count: 1}]"#)
    }

    // MARK: text

    @Test func recordTableAlignsKoreanAndAccents() {
        let rows = Value.list([
            record(("name", .string("\u{AE40}\u{C9C0}\u{C740}")), ("joined", .int(2017))),
            record(("name", .string("Talita")), ("joined", .int(2009)), ("city", .string("Lyon"))),
            record(("name", .string("Gre\u{301}goire")), ("joined", .int(2021)), ("city", .string("\u{C11C}\u{C6B8}"))),
        ])
        let text = format.text(rows)
        #expect(text == """
            name      joined  city
            ────────  ──────  ────
            \u{AE40}\u{C9C0}\u{C740}      2017
            Talita      2009  Lyon
            Gre\u{301}goire    2021  \u{C11C}\u{C6B8}

            """)
        // Every row's last column starts at the same terminal column as the rule's last segment.
        let lines = text.split(separator: "\n").map(String.init)
        let lastStart = DisplayWidth.of(lines[1]) - 4
        for line in lines where line.count > 0 && !line.hasPrefix("\u{AE40}") {
            let cell = line.split(separator: " ").last!
            #expect(DisplayWidth.of(line) - DisplayWidth.of(cell) == lastStart, "\(line)")
        }
        #expect(DisplayWidth.of(lines[0]) == DisplayWidth.of(lines[1]))
        #expect(DisplayWidth.of(lines[3]) == DisplayWidth.of(lines[1]))
    }

    @Test func entityTableShowsKindOnlyWhenKindsDiffer() {
        #expect(format.text(.list([.entity(0), .entity(2)])) == """
            id      name
            ──────  ──────
            talita  Talita
            jieun   \u{AE40}\u{C9C0}\u{C740}

            """)
        #expect(format.text(.list([.entity(1), .entity(3)])) == """
            id         kind    name
            ─────────  ──────  ───────────────
            ruhama     member  Ruhama
            hlpf-2019  event   HLPF side event

            """)
    }

    @Test func groupsTableRightAlignsCounts() {
        let groups = Value.groups([(key: .word("campaign_a"), items: Array(repeating: .none, count: 12)), (key: .none, items: [.none])])
        #expect(format.text(groups) == """
            key         count
            ──────────  ─────
            campaign_a     12
            none            1

            """)
    }

    @Test func longCellsAreCutAtFortyColumns() {
        let korean = String(repeating: "\u{AD6D}", count: 30)  // 국, 60 columns
        let text = format.text(.list([record(("note", .string(String(repeating: "a", count: 50)))), record(("note", .string(korean)))]))
        let lines = text.split(separator: "\n")
        #expect(lines[2] == String(repeating: "a", count: 39) + "…")
        #expect(lines[3] == String(repeating: "\u{AD6D}", count: 19) + "…")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 })
    }

    @Test func textMakesControlsVisibleAndListsScalars() {
        #expect(format.text(.list([.int(1), .string("a\nb"), .string("\u{1B}[31mred")])) == "1\na\\u{A}b\n\\u{1B}[31mred\n")
        #expect(format.text(.list([record(("name", .string("x\u{1B}]8;;evil")))])) == "name\n───────────────\nx\\u{1B}]8;;evil\n")
        #expect(format.text(.string("line\nbreak")) == "line\\u{A}break\n")
        #expect(format.text(.double(2.5)) == "2.5\n")
        #expect(format.text(.unknown) == "unknown\n")
        #expect(format.text(.none) == "none\n")
        #expect(format.text(.list([])) == "(no results)\n")
        #expect(format.text(.groups([])) == "(no results)\n")
    }

    // MARK: JSON

    @Test func jsonParsesWithTheRightValues() throws {
        let value = Value.list([
            record(("who", .entity(2)), ("joined", .date(day(2017, 3))), ("share", .double(10.0 / 3)),
                   ("left", .none), ("active", .unknown), ("country", .jurisdiction("KR"))),
            record(("at", .dateRange(day(2019, 7, 4), day(2019, 7, 6))), ("tags", .list([.word("a"), .int(-5)])),
                   ("note", .string("say \"hi\"\n\u{1B}"))),
        ])
        let text = format.json(value)
        #expect(text.hasSuffix("}\n]\n"))
        #expect(text.split(separator: "\n").count == 4)  // one object per line
        let items = try #require(try parseJSON(text) as? [[String: Any]])
        let who = try #require(items[0]["who"] as? [String: String])
        #expect(who == ["id": "jieun", "kind": "member", "name": "\u{AE40}\u{C9C0}\u{C740}"])
        #expect(items[0]["joined"] as? String == "2017-03")
        #expect(items[0]["share"] as? Double == 10.0 / 3)  // exports keep every digit
        #expect(items[0]["left"] is NSNull)
        #expect(items[0]["active"] as? String == "unknown")
        #expect(items[0]["country"] as? String == "KR")
        #expect(items[1]["at"] as? [String: String] == ["from": "2019-07-04", "to": "2019-07-06"])
        #expect((items[1]["tags"] as? [Any])?.count == 2)
        #expect(items[1]["note"] as? String == "say \"hi\"\n\u{1B}")
        #expect(text.contains(#"{"from":"2019-07-04","to":"2019-07-06"}"#))  // key order kept
    }

    @Test func jsonScalarsGroupsAndEmpty() throws {
        #expect(format.json(.none) == "null\n")
        #expect(format.json(.unknown) == "\"unknown\"\n")
        #expect(format.json(.double(4)) == "4\n")
        #expect(format.json(.double(.nan)) == "null\n")
        #expect(format.json(.list([])) == "[]\n")
        #expect(format.json(record(("b", .int(1)), ("a", .bool(false)))) == "{\n  \"b\": 1,\n  \"a\": false\n}\n")
        let groups = Value.groups([(key: .int(2017), items: [.none, .none]), (key: .string("x"), items: [.none])])
        #expect(format.json(groups) == "[\n  {\"key\":2017,\"count\":2},\n  {\"key\":\"x\",\"count\":1}\n]\n")
        #expect((try parseJSON(format.json(groups)) as? [Any])?.count == 2)
    }

    // MARK: CSV

    @Test func csvQuotesAndNeutralisesFormulas() {
        let names = ["a,b", "say \"hi\"", "line\nbreak", "=1+1", "@cmd", "+x", "-x", "\tTab", "-5", "plain"]
        let value = Value.list(names.enumerated().map { n, name in
            record(("name", .string(name)), ("n", n == 0 ? .int(-5) : n == 1 ? .double(-2.5) : .int(Int64(n))))
        })
        let text = format.csv(value)
        #expect(text.hasPrefix("name,n\r\n\"a,b\",-5\r\n\"say \"\"hi\"\"\",-2.5\r\n\"line\nbreak\",2\r\n'=1+1,3\r\n"))
        let rows = parseCSV(text)
        #expect(rows.map { $0[0] } == ["name", "a,b", "say \"hi\"", "line\nbreak", "'=1+1", "'@cmd", "'+x", "'-x", "'\tTab", "-5", "plain"])
        #expect(rows[1] == ["a,b", "-5"])
        #expect(rows[2] == ["say \"hi\"", "-2.5"])
    }

    @Test func csvColumnsForRecordsEntitiesGroupsAndScalars() {
        let records = Value.list([
            record(("name", .string("Talita")), ("tags", .list([.string("a"), .string("=b"), .none]))),
            record(("joined", .date(day(2017, 3))), ("left", .none), ("active", .unknown)),
        ])
        #expect(parseCSV(format.csv(records)) == [
            ["name", "tags", "joined", "left", "active"],
            ["Talita", "a; =b; ", "", "", ""],
            ["", "", "2017-03", "", "unknown"],
        ])
        #expect(format.csv(.list([.entity(0), .entity(2)])) == "id,kind,name\r\ntalita,member,Talita\r\njieun,member,\u{AE40}\u{C9C0}\u{C740}\r\n")
        #expect(format.csv(.entity(3)) == "id,kind,name\r\nhlpf-2019,event,HLPF side event\r\n")
        let groups = Value.groups([(key: .int(2017), items: [.none, .none]), (key: .string("a,b"), items: [.none])])
        #expect(format.csv(groups) == "key,count\r\n2017,2\r\n\"a,b\",1\r\n")
        #expect(format.csv(.list([.int(1), .double(0.1), .string("=x"), .none])) == "value\r\n1\r\n0.1\r\n'=x\r\n\"\"\r\n")
        #expect(format.csv(.int(42)) == "value\r\n42\r\n")
        #expect(format.csv(.unknown) == "value\r\nunknown\r\n")
        #expect(format.csv(.double(-2.5)) == "value\r\n-2.5\r\n")
    }

    @Test func plainNumbersAreRecognisedStrictly() {
        for text in ["-5", "-2.5", "-1e-07", "0", "12"] { #expect(TextBuffer.isPlainNumber(text), "\(text)") }
        for text in ["-", "-x", "-5+1", "-.5", "-5.", "-1e", "--5", ""] { #expect(!TextBuffer.isPlainNumber(text), "\(text)") }
    }
}
