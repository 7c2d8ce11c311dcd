import Foundation
import Testing
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapTooling

/// The analysis keeps what each reference and script name resolved to, so
/// that an editor's definition, references and rename ask its side tables.
@Suite struct AnalysisTests {
    static let people = """
        member talita "Talita" {
          country SE
        }
        tag survivors "Survivors" { }

        """
    static let events = """
        event vigil "Vigil" {
          date 2017-03-08
          organisers talita
          tags survivors
        }
        event march "March" {
          date 2018-03-08
          organisers talita
          tags talita
        }

        """
    static let rules = """
        let swedish = members | where country == SE
        let named(x) = members | where id == x
        assert swedish | count == 1, "one Swedish member"
        print named("talita") | count

        """

    static func analysis() -> (Analysis, TemporaryFolder) {
        let folder = TemporaryFolder()
        folder.write("people.cap", people)
        folder.write("events.cap", events)
        folder.write("rules.cap", rules)
        return (Analysis.make(paths: [folder.path], today: try! CapDate.parse("2026-01-01")), folder)
    }

    static func file(_ analysis: Analysis, _ name: String) -> FileID {
        analysis.sources.files.first { $0.path.hasSuffix("/" + name) }!.id
    }

    /// The offset of the `occurrence`-th `word` in a file (0 = the first).
    static func offset(of word: String, in text: String, occurrence: Int = 0) -> UInt32 {
        var from = text.startIndex
        var found = text.startIndex
        for _ in 0...occurrence {
            found = text.range(of: word, range: from..<text.endIndex)!.lowerBound
            from = text.index(after: found)
        }
        return UInt32(text.utf8.distance(from: text.startIndex, to: found))
    }

    @Test func eachReferenceKnowsItsEntity() throws {
        let (analysis, _) = Self.analysis()
        let events = Self.file(analysis, "events.cap")
        let talita = try #require(analysis.model.entity(named: "talita"))
        let survivors = try #require(analysis.model.entity(named: "survivors"))
        let first = Self.offset(of: "talita", in: Self.events)
        #expect(analysis.references.target(in: events, at: first) == talita)
        // A cursor just after the word, as an editor puts it.
        #expect(analysis.references.target(in: events, at: first + 6) == talita)
        #expect(analysis.references.target(in: events, at: Self.offset(of: "survivors", in: Self.events)) == survivors)
        // Not on a reference: the field name before it.
        #expect(analysis.references.target(in: events, at: Self.offset(of: "organisers", in: Self.events)) == nil)
    }

    @Test func findReferencesListsEveryUseInOrderEvenOfTheWrongKind() throws {
        let (analysis, _) = Self.analysis()
        let talita = try #require(analysis.model.entity(named: "talita"))
        let uses = analysis.references.references(to: talita)
        // Two organisers, and `tags talita` (an error, but a use a rename must follow).
        #expect(uses.map { analysis.workspace.text($0) } == ["talita", "talita", "talita"])
        let events = Self.file(analysis, "events.cap")
        #expect(uses.map(\.start) == [Self.offset(of: "talita", in: Self.events),
                                      Self.offset(of: "talita", in: Self.events, occurrence: 1),
                                      Self.offset(of: "talita", in: Self.events, occurrence: 2)])
        #expect(uses.allSatisfy { $0.file == events })
        #expect(analysis.diagnostics.diagnostics.contains { $0.code == .wrongReferenceKind })
    }

    @Test func scriptNamesKnowTheirBindingsFieldsAndCollections() throws {
        let (analysis, _) = Self.analysis()
        let rules = Self.file(analysis, "rules.cap")
        func target(_ word: String, _ occurrence: Int = 0) -> ScriptNames.Target? {
            let start = Self.offset(of: word, in: Self.rules, occurrence: occurrence)
            return analysis.scriptNames.target(of: SourceRange(file: rules, start: start, end: start + UInt32(word.utf8.count)))
        }
        let swedishDeclaration = SourceRange(file: rules, start: Self.offset(of: "swedish", in: Self.rules),
                                             end: Self.offset(of: "swedish", in: Self.rules) + 7)
        #expect(target("members") == .collection(.member))
        #expect(target("country") == .field("country", kinds: [.member]))
        #expect(target("SE") == .jurisdiction)
        // `x` inside the function is its parameter; `swedish` in the rule is the let.
        #expect(target("x", 1) == .parameter("x"))
        #expect(target("swedish", 1) == .binding("swedish", swedishDeclaration))
        #expect(target("named", 1) == .binding("named", SourceRange(file: rules, start: Self.offset(of: "named", in: Self.rules),
                                                                  end: Self.offset(of: "named", in: Self.rules) + 5)))
        #expect(analysis.scriptNames.uses(ofBindingAt: swedishDeclaration).map(\.start)
                == [Self.offset(of: "swedish", in: Self.rules, occurrence: 1)])
    }

    @Test func theLocatorAnswersFromTheSideTables() throws {
        let (analysis, _) = Self.analysis()
        let locator = Locator(analysis: analysis)
        let events = Self.file(analysis, "events.cap")
        let node = try #require(locator.node(in: events, at: Self.offset(of: "talita", in: Self.events, occurrence: 2)))
        guard case .entity(let declaration)? = node.target else { Issue.record("no target: \(node)"); return }
        #expect(declaration.id == "talita")
        #expect(declaration.kind == .member)
        let rules = Self.file(analysis, "rules.cap")
        let use = try #require(locator.node(in: rules, at: Self.offset(of: "swedish", in: Self.rules, occurrence: 1)))
        guard case .binding(name: "swedish", declaration: let at)? = use.target else { Issue.record("no binding: \(use)"); return }
        #expect(at.start == Self.offset(of: "swedish", in: Self.rules))
    }

    /// On the coalition's own data every row of the table points at the
    /// entity whose id is written there.
    @Test func onExamplesEveryRowNamesItsEntity() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let analysis = Analysis.make(paths: [root.appendingPathComponent("Examples").path])
        #expect(!analysis.diagnostics.hasErrors)
        let table = analysis.references
        #expect(table.count > 300)
        for row in 0..<table.count {
            let written = analysis.workspace.text(table.range(row))
            #expect(written == analysis.interner[analysis.entities.ids[table.entity(row)]])
        }
    }
}
