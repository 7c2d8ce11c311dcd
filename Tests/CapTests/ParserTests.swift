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

/// The shape of the flat syntax tree, and that every node's byte range slices
/// back to exactly the source text it stands for (the formatter and the
/// language server rely on both).
@Suite struct ParserTests {
    struct Parsed {
        let tree: SyntaxTree
        let diagnostics: DiagnosticBag
        let interner: Interner
        let bytes: [UInt8]

        func text(_ start: UInt32, _ end: UInt32) -> String {
            String(decoding: bytes[Int(start)..<Int(end)], as: UTF8.self)
        }
        func text(_ r: Range<UInt32>) -> String { text(r.lowerBound, r.upperBound) }
        func text(_ v: ValueNode) -> String { text(v.start, v.end) }
        func name(_ f: FieldNode) -> String { text(f.nameStart, f.nameEnd) }
        func id(_ e: EntityNode) -> String { text(e.idStart, e.idEnd) }
        func block(_ e: EntityNode) -> BlockNode { tree.blocks[Int(e.block)] }

        func fieldNames(_ b: BlockNode) -> [String] { tree.fields(of: b).map(name) }
        func valueTexts(_ f: FieldNode) -> [String] { tree.values(of: f).map(text) }
        func field(_ name: String, in b: BlockNode) -> FieldNode? { tree.fields(of: b).first { self.name($0) == name } }
        var codes: [String] { diagnostics.diagnostics.map(\.code.id) }
    }

    static func parse(_ source: String) -> Parsed { parse(bytes: Array(source.utf8)) }

    static func parse(bytes: [UInt8]) -> Parsed {
        let interner = Interner()
        var bag = DiagnosticBag()
        let file = SourceFile(id: 0, path: "test.cap", bytes: bytes)
        let tree = Parser.parse(file, vocabulary: .builtIn, interner: interner, diagnostics: &bag)
        return Parsed(tree: tree, diagnostics: bag, interner: interner, bytes: bytes)
    }

    // MARK: - Entities

    static let person = """
        // People.
        person gregoire_thery "Grégoire Théry" {
          country FR
          role { title "D"; org cap }
          aka "Gregoire Thery", "그레고이어 테리"
        }

        """

    @Test func entityHeaderRanges() throws {
        let p = Self.parse(Self.person)
        #expect(p.diagnostics.totalCount == 0, "\(p.codes)")
        #expect(p.tree.entities.count == 1)
        let e = try #require(p.tree.entities.first)
        #expect(e.builtInKind == .person)
        #expect(p.text(e.kindStart, e.kindEnd) == "person")
        #expect(p.id(e) == "gregoire_thery")
        #expect(p.interner[e.id] == "gregoire_thery")
        #expect(e.hasName)
        #expect(p.text(e.nameStart, e.nameEnd) == "\"Grégoire Théry\"")
        let whole = p.text(e.kindStart, e.end)
        #expect(whole.hasPrefix("person gregoire_thery"))
        #expect(whole.hasSuffix("테리\"\n}"))
        #expect(p.text(p.block(e).start, p.block(e).end).hasPrefix("{\n  country FR"))
        #expect(p.block(e).end == e.end)
        // The kind starts after the comment line: offsets are bytes.
        #expect(e.kindStart == UInt32("// People.\n".utf8.count))
    }

    @Test func fieldsAndValuesAreContiguousPerBlock() throws {
        let p = Self.parse(Self.person)
        let e = try #require(p.tree.entities.first)
        let outer = p.block(e)
        #expect(p.fieldNames(outer) == ["country", "role", "aka"])
        #expect(outer.fieldCount == 3)
        let country = try #require(p.field("country", in: outer))
        let aka = try #require(p.field("aka", in: outer))
        let role = try #require(p.field("role", in: outer))
        #expect(p.valueTexts(country) == ["FR"])
        #expect(p.tree.values(of: country).map(\.kind) == [.identifier])
        #expect(p.valueTexts(aka) == ["\"Gregoire Thery\"", "\"그레고이어 테리\""])
        #expect(p.tree.values(of: aka).map(\.kind) == [.string, .string])
        #expect(role.valueCount == 1)
        // Field names are interned.
        #expect(p.interner[country.name] == "country")
        #expect(!country.isDamaged && !aka.isDamaged && !role.isDamaged)
    }

    @Test func nestedRecordBlockIsTheParentFieldsSingleBlockValue() throws {
        let p = Self.parse(Self.person)
        let e = try #require(p.tree.entities.first)
        let role = try #require(p.field("role", in: p.block(e)))
        let values = p.tree.values(of: role)
        #expect(values.count == 1)
        let value = try #require(values.first)
        #expect(value.kind == .block)
        #expect(p.text(value) == "{ title \"D\"; org cap }")
        let nested = p.tree.blocks[Int(value.payload)]
        #expect(nested.start == value.start && nested.end == value.end)
        #expect(p.fieldNames(nested) == ["title", "org"])
        #expect(p.field("title", in: nested).map(p.valueTexts) == ["\"D\""])
        #expect(p.field("org", in: nested).map(p.valueTexts) == ["cap"])
        // Two blocks in all: the nested one and the entity's.
        #expect(p.tree.blocks.count == 2)
        #expect(Int(e.block) != Int(value.payload))
    }

    @Test func severalRecordsEachPointAtTheirOwnBlock() throws {
        let p = Self.parse("""
            person p "P" {
              role {
                title "Director"
                org cap
                from 2014
              }
              role { title "Board"; org ndc }
              country SE
            }
            """)
        #expect(p.diagnostics.totalCount == 0, "\(p.codes)")
        let e = try #require(p.tree.entities.first)
        let roles = p.tree.fields(of: p.block(e)).filter { p.name($0) == "role" }
        #expect(roles.count == 2)
        let blocks = roles.map { p.tree.blocks[Int(p.tree.values(of: $0).first!.payload)] }
        #expect(blocks.map(p.fieldNames) == [["title", "org", "from"], ["title", "org"]])
        #expect(blocks.map { p.field("title", in: $0).map(p.valueTexts) ?? [] } == [["\"Director\""], ["\"Board\""]])
        #expect(p.fieldNames(p.block(e)) == ["role", "role", "country"])
    }

    @Test func doublyNestedBlocks() throws {
        let p = Self.parse("tag t \"T\" {\n  a { b { c 1 }; d 2 }\n  e 3\n}\n")
        let e = try #require(p.tree.entities.first)
        let outer = p.block(e)
        #expect(p.fieldNames(outer) == ["a", "e"])
        let a = try #require(p.field("a", in: outer))
        let aValue = try #require(p.tree.values(of: a).first)
        let aBlock = p.tree.blocks[Int(aValue.payload)]
        #expect(p.text(aValue) == "{ b { c 1 }; d 2 }")
        #expect(p.fieldNames(aBlock) == ["b", "d"])
        let b = try #require(p.field("b", in: aBlock))
        let bValue = try #require(p.tree.values(of: b).first)
        #expect(bValue.kind == .block)
        #expect(p.text(bValue) == "{ c 1 }")
        #expect(p.fieldNames(p.tree.blocks[Int(bValue.payload)]) == ["c"])
        #expect(p.field("d", in: aBlock).map(p.valueTexts) == ["2"])
        #expect(p.field("e", in: outer).map(p.valueTexts) == ["3"])
    }

    // MARK: - Values

    @Test func rangesPointAtTheirEnds() {
        let p = Self.parse("""
            event e "E" {
              date 2019-07-04..2019-07-06
            }
            event f "F" {
              date 2021-06-22 12:00 CEST..2021-06-22 13:30 CEST
            }
            event g "G" {
              date 2017..2018-02
            }
            """)
        #expect(p.diagnostics.totalCount == 0, "\(p.codes)")
        #expect(p.tree.ranges.count == 3)
        let dates = p.tree.entities.map { p.field("date", in: p.block($0))! }
        let values = dates.map { p.tree.values(of: $0).first! }
        #expect(values.map(\.kind) == [.range, .range, .range])
        #expect(values.map(p.text) == ["2019-07-04..2019-07-06", "2021-06-22 12:00 CEST..2021-06-22 13:30 CEST",
                                       "2017..2018-02"])
        let ends = values.map { p.tree.ranges[Int($0.payload)] }
        #expect(ends.map { p.text($0.low) } == ["2019-07-04", "2021-06-22 12:00 CEST", "2017"])
        #expect(ends.map { p.text($0.high) } == ["2019-07-06", "2021-06-22 13:30 CEST", "2018-02"])
        #expect(ends.map(\.low.kind) == [.date, .dateTime, .integer])
        #expect(ends.map(\.high.kind) == [.date, .dateTime, .date])
    }

    @Test func valueKindsAndPayloads() throws {
        let p = Self.parse("""
            tag t "T" {
              s "x"
              l \"\"\"long
            text\"\"\"
              i 1_000
              n -5
              d 2017-03
              dt 2021-06-22T12:00Z
              b true, false
              r cap
              j gb-nir
            }
            """)
        #expect(p.diagnostics.totalCount == 0, "\(p.codes)")
        let e = try #require(p.tree.entities.first)
        let fields = Array(p.tree.fields(of: p.block(e)))
        #expect(fields.map(p.name) == ["s", "l", "i", "n", "d", "dt", "b", "r", "j"])
        let values = fields.flatMap { p.tree.values(of: $0) }
        #expect(values.map(\.kind) == [.string, .longString, .integer, .integer, .date, .dateTime,
                                       .boolean, .boolean, .identifier, .identifier])
        #expect(values.map(p.text) == ["\"x\"", "\"\"\"long\ntext\"\"\"", "1_000", "-5", "2017-03",
                                       "2021-06-22T12:00Z", "true", "false", "cap", "gb-nir"])
        // Negative integers and booleans say so in the payload; identifiers carry their symbol.
        #expect(values[2].payload == 0 && values[3].payload == 1)
        #expect(values[6].payload == 1 && values[7].payload == 0)
        #expect(p.interner[values[8].payload] == "cap")
        #expect(p.interner[values[9].payload] == "gb-nir")
    }

    @Test func listValuesMayContinueOnTheNextLineAfterAComma() throws {
        let p = Self.parse("event e \"E\" {\n  languages en,\n    fr, es\n  kind webinar\n}\n")
        #expect(p.diagnostics.totalCount == 0, "\(p.codes)")
        let e = try #require(p.tree.entities.first)
        #expect(p.fieldNames(p.block(e)) == ["languages", "kind"])
        #expect(p.field("languages", in: p.block(e)).map(p.valueTexts) == ["en", "fr", "es"])
    }

    // MARK: - Items, comments

    @Test func itemsInSourceOrderWithIncludesAndEntitiesInterleaved() {
        let p = Self.parse("""
            include "a.cap"
            member m "M" { country SE }
            include "b.cap"
            include "c.cap"
            tag t "T" { }
            partner p "P" { }
            include "d.cap"
            """)
        #expect(p.diagnostics.totalCount == 0, "\(p.codes)")
        #expect(p.tree.items == [.include(0), .entity(0), .include(1), .include(2), .entity(1), .entity(2), .include(3)])
        #expect(p.tree.includes.map { p.text($0.pathStart, $0.pathEnd) } == ["\"a.cap\"", "\"b.cap\"", "\"c.cap\"", "\"d.cap\""])
        #expect(p.tree.includes.map { p.text($0.keywordStart, $0.keywordStart + 7) } == Array(repeating: "include", count: 4))
        #expect(p.tree.entities.map(p.id) == ["m", "t", "p"])
        #expect(p.tree.entities.map(\.builtInKind) == [.member, .tag, .partner])
    }

    @Test func commentsAreReachableFromTheTree() throws {
        let p = Self.parse("""
            // head
            tag t "T" { // after brace
              // inside
              description "x" // trailing
            }
            // tail
            """)
        #expect(p.diagnostics.totalCount == 0, "\(p.codes)")
        #expect(p.tree.comments.map(p.text) == ["// head", "// after brace", "// inside", "// trailing", "// tail"])
        // Comments are trivia: they are not part of any value.
        let e = try #require(p.tree.entities.first)
        #expect(p.field("description", in: p.block(e)).map(p.valueTexts) == ["\"x\""])
    }

    // MARK: - Ranges slice back exactly

    static let realistic = """
        // Header comment with « guillemets » and 국제.
        include "people.cap"

        coalition cap "CAP International" {
          full_name "Coalition for the Abolition of Prostitution"
          founded 2013-10
          country FR; city "Paris"
          figure { name "members"; value 35; date 2021 }
        }\r
        \r
        event hrc47 "Championing the elimination…" {\r
          date 2021-06-22 12:00 CEST
          languages en, fr,
            es, de
          cosponsors FR, IS, SE
          organisers cap   // trailing
          description \"\"\"Two
        lines\"\"\"
        }
        law nir "Human Trafficking Act" { jurisdiction GB-NIR; model abolitionist; in_force 2015-06-01 }
        """

    @Test func everyNodeSlicesBackToItsSourceText() {
        let p = Self.parse(Self.realistic)
        #expect(p.diagnostics.totalCount == 0, "\(p.codes)")
        let tree = p.tree
        let size = UInt32(p.bytes.count)

        for e in tree.entities {
            #expect(e.kindStart < e.kindEnd && e.kindEnd <= e.idStart && e.idEnd <= e.nameStart && e.nameEnd <= p.block(e).start)
            #expect(p.text(e.kindStart, e.kindEnd) == e.builtInKind?.rawValue)
            #expect(p.id(e) == p.interner[e.id])
            let name = p.text(e.nameStart, e.nameEnd)
            #expect(name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2)
            #expect(e.end <= size)
        }
        for b in tree.blocks {
            #expect(p.text(b.start, b.start + 1) == "{")
            #expect(p.text(b.end - 1, b.end) == "}")
            #expect(Int(b.firstField) + Int(b.fieldCount) <= tree.fields.count)
        }
        for f in tree.fields {
            #expect(p.name(f) == p.interner[f.name])
            #expect(Int(f.firstValue) + Int(f.valueCount) <= tree.values.count)
            for v in tree.values(of: f) { #expect(v.start >= f.nameEnd) }
        }
        for v in tree.values {
            let t = p.text(v)
            switch v.kind {
            case .string: #expect(t.hasPrefix("\"") && t.hasSuffix("\"") && !t.hasPrefix("\"\"\"\n"))
            case .longString: #expect(t.hasPrefix("\"\"\"") && t.hasSuffix("\"\"\""))
            case .identifier: #expect(t == p.interner[v.payload])
            case .block: #expect(t.hasPrefix("{") && t.hasSuffix("}"))
            case .range: #expect(t.contains(".."))
            case .integer, .dateTime: #expect(t.first?.isNumber == true || t.first == "-")
            case .date: #expect(t.first?.isNumber == true || ["about ", "before ", "by ", "after "].contains { t.hasPrefix($0) })
            case .decimal: #expect(t.first?.isNumber == true && t.contains("."))
            case .boolean: #expect(t == "true" || t == "false")
            case .error: Issue.record("no value is an error in this file: \(t)")
            }
            let edges = [t.unicodeScalars.first, t.unicodeScalars.last]
            #expect(!edges.contains { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == nil },
                    "no trivia at the edges of a value's range: \(t.debugDescription)")
        }

        // And exact texts, in order, for the whole file.
        #expect(tree.entities.map(p.id) == ["cap", "hrc47", "nir"])
        #expect(tree.entities.map { p.text($0.nameStart, $0.nameEnd) } ==
                ["\"CAP International\"", "\"Championing the elimination…\"", "\"Human Trafficking Act\""])
        #expect(tree.fields.map(p.name) == [
            "name", "value", "date",                                     // the figure record, closed first
            "full_name", "founded", "country", "city", "figure",         // cap
            "date", "languages", "cosponsors", "organisers", "description", // hrc47
            "jurisdiction", "model", "in_force",                         // nir
        ])
        // Values are stored in source order; a record's block value follows its fields' values.
        #expect(tree.values.map(p.text) == [
            "\"Coalition for the Abolition of Prostitution\"", "2013-10", "FR", "\"Paris\"",
            "\"members\"", "35", "2021",
            "{ name \"members\"; value 35; date 2021 }",
            "2021-06-22 12:00 CEST", "en", "fr", "es", "de", "FR", "IS", "SE", "cap", "\"\"\"Two\nlines\"\"\"",
            "GB-NIR", "abolitionist", "2015-06-01",
        ])
        let cap = tree.entities[0]
        #expect(p.text(cap.kindStart, cap.end).hasSuffix("date 2021 }\n}"))
        let event = tree.entities[1]
        #expect(p.text(event.kindStart, event.end).hasPrefix("event hrc47 \"Championing the elimination…\" {\r\n  date"))
        #expect(p.text(event.kindStart, event.end).hasSuffix("lines\"\"\"\n}"))
        let law = tree.entities[2]
        #expect(p.text(law.kindStart, law.end) ==
                "law nir \"Human Trafficking Act\" { jurisdiction GB-NIR; model abolitionist; in_force 2015-06-01 }")
        #expect(tree.comments.map(p.text) == ["// Header comment with « guillemets » and 국제.", "// trailing"])
        #expect(tree.includes.map { p.text($0.pathStart, $0.pathEnd) } == ["\"people.cap\""])
    }

    @Test func emptyBlockAndSemicolonSeparatedEntity() {
        let p = Self.parse("tag a \"A\" { }\ntag b \"B\" {}\n")
        #expect(p.diagnostics.totalCount == 0)
        #expect(p.tree.entities.map { p.text(p.block($0).start, p.block($0).end) } == ["{ }", "{}"])
        #expect(p.tree.entities.map { p.block($0).fieldCount } == [0, 0])
    }

    // MARK: - Damaged input still yields a tree

    @Test func unknownKindStillYieldsAnEntityWithItsRanges() throws {
        let p = Self.parse("memebr talita \"Talita\" {\n  country SE\n}\n")
        // E0201 waits for the data's own kinds (SchemaTests): the word is noted.
        #expect(p.codes == [])
        #expect(p.tree.unknownKinds.map(\.entity) == [0])
        #expect(p.tree.entities.count == 1)
        let e = try #require(p.tree.entities.first)
        #expect(e.builtInKind == nil)
        #expect(p.text(e.kindStart, e.kindEnd) == "memebr")
        #expect(p.id(e) == "talita")
        #expect(p.fieldNames(p.block(e)) == ["country"])
    }

    @Test func missingValueLeavesAnEmptyErrorValue() throws {
        let p = Self.parse("tag t \"T\" {\n  description\n  other \"x\"\n}\n")
        #expect(p.codes == ["E0105"])
        let e = try #require(p.tree.entities.first)
        #expect(p.fieldNames(p.block(e)) == ["description", "other"])
        let values = p.field("description", in: p.block(e)).map { Array(p.tree.values(of: $0)) } ?? []
        #expect(values.map(\.kind) == [.error])
        #expect(values.first.map { $0.start == $0.end } == true)
        #expect(p.field("other", in: p.block(e)).map(p.valueTexts) == ["\"x\""])
    }

    @Test func byteOrderMarkIsAWarningAndOffsetsStayByteOffsets() {
        let p = Self.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("tag t \"T\" { }\n".utf8))
        #expect(p.codes == ["W0002"])
        #expect(p.diagnostics.warningCount == 1 && p.diagnostics.errorCount == 0)
        #expect(p.tree.entities.first?.kindStart == 3)
        #expect(p.tree.entities.first.map { p.id($0) } == "t")
    }
}
