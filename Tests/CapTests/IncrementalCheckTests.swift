import Foundation
import Testing
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish

/// The checker's per-file results kept between analyses (`CheckCache`): over
/// a sequence of edits — typing in a description, adding, removing and
/// renaming ids, a syntax error, a member's joining date moved, a schema
/// declaration, a misspelt reference — each analysis through the cache is
/// the one made from nothing: the same diagnostics as `cap check` prints
/// them, the same references resolved, the same entities. And the cache
/// does reuse files, or it would prove nothing.
@Suite struct IncrementalCheckTests {
    static let members = """
        member talita "Talita" {
          country SE
          joined 2014
          description "A member."
        }

        member apne_aap "Apne Aap" {
          country IN
          joined 2010-05
        }

        member late "Late Comer" {
          country FR
          joined 2016
        }

        tag exit "Exit" { }

        """
    static let events = """
        event vigil "Vigil in Stockholm" {
          date 2017-03-08
          country SE
          organisers talita, apne_aap
          tags exit
        }

        event early "Early meeting" {
          date 2015-01-10
          country FR
          organisers late
        }

        """
    static let more = """
        event march "March" {
          date 2018-06-01
          country IN
          organisers apne_aap
          speakers ana
        }

        person ana "Ana" {
          country SE
          role {
            title "Director"
            org talita
          }
        }

        """
    static let laws = """
        law se_1999 "Sex Purchase Act" {
          jurisdiction SE
          model abolitionist
          description "The first."
        }

        """

    struct Result: Equatable {
        let report: String
        let references: [String]
        let entities: [String]
    }

    static func result(_ analysis: Analysis) -> Result {
        let report = DiagnosticReport(format: .json, maxShown: 0)
            .render(analysis.diagnostics, sources: analysis.sources, fileCount: analysis.workspace.fileCount)
        let refs = analysis.references
        let references = (0..<refs.count).map { row -> String in
            let r = refs.range(row)
            return "\(analysis.sources[r.file].path):\(r.start)-\(r.end) → \(analysis.interner[analysis.entities.ids[refs.entity(row)]])"
        }
        let entities = analysis.entities.ids.indices.map {
            "\(analysis.interner[analysis.entities.ids[$0]]) \(analysis.entities.kinds[$0].rawValue) \(analysis.entities.refs[$0])"
        }
        return Result(report: report, references: references, entities: entities)
    }

    static let today = try! CapDate.parse("2026-01-01")

    /// Applies each edit (file name → its new text, nil to leave it) and
    /// compares the cached analysis with a fresh one.
    static func replay(_ folder: TemporaryFolder, _ edits: [(String, [String: String])], cache: ParseCache) {
        var texts: [String: [UInt8]] = [:]
        for (step, edit) in edits {
            for (name, text) in edit { texts[FileSystem.realPath(folder.path + "/" + name)!] = Array(text.utf8) }
            let cached = Analysis.make(paths: [folder.path], overrides: texts, cache: cache, today: today)
            let fresh = Analysis.make(paths: [folder.path], overrides: texts, today: today)
            let (a, b) = (result(cached), result(fresh))
            #expect(a.report == b.report, "\(step): diagnostics differ\n\(a.report)\n---\n\(b.report)")
            #expect(a.references == b.references, "\(step): references differ")
            #expect(a.entities == b.entities, "\(step): entities differ")
        }
    }

    @Test func aSequenceOfEditsAnalysesAsFromNothing() throws {
        let folder = TemporaryFolder()
        folder.write("members.cap", Self.members)
        folder.write("events.cap", Self.events)
        folder.write("more.cap", Self.more)
        folder.write("laws.cap", Self.laws)
        let cache = ParseCache()
        let m = Self.members, e = Self.events
        Self.replay(folder, [
            ("first", [:]),
            ("a letter typed in a description", ["members.cap": m.replacingOccurrences(of: "A member.", with: "A member.x")]),
            ("and taken back", ["members.cap": m]),
            ("typed in the laws", ["laws.cap": Self.laws.replacingOccurrences(of: "The first.", with: "The first one.")]),
        ], cache: cache)
        // The events were not checked again for text typed elsewhere.
        #expect(cache.filesReused >= 6, "reused \(cache.filesReused), checked \(cache.filesChecked)")

        Self.replay(folder, [
            ("an id added", ["members.cap": m + "member newcomer \"New\" {\n  country DE\n}\n"]),
            ("an id removed", ["members.cap": m.replacingOccurrences(of: "member late \"Late Comer\" {\n  country FR\n  joined 2016\n}\n", with: "")]),
            ("an id renamed", ["members.cap": m.replacingOccurrences(of: "member talita", with: "member talitha")]),
            ("a reference misspelt", ["members.cap": m, "events.cap": e.replacingOccurrences(of: "organisers talita", with: "organisers talia")]),
            ("typed while a reference is unknown", ["laws.cap": Self.laws]),
            ("a syntax error", ["members.cap": m.replacingOccurrences(of: "  country IN\n", with: "  country IN\n  joined \"\n")]),
            ("mended", ["members.cap": m, "events.cap": e]),
            ("a joining date moved after the event", ["members.cap": m.replacingOccurrences(of: "joined 2010-05", with: "joined 2019")]),
            ("typed above the member the warning points at",
             ["members.cap": m.replacingOccurrences(of: "joined 2010-05", with: "joined 2019").replacingOccurrences(of: "A member.", with: "A longer member.")]),
            ("a reference of the wrong kind", ["events.cap": e.replacingOccurrences(of: "organisers late", with: "organisers se_1999")]),
            ("typed above the law it points at", ["laws.cap": "// A comment first.\n" + Self.laws]),
            ("a kind declared", ["laws.cap": Self.laws + "kind treaty \"A treaty.\" {\n  signed { type date; doc \"When.\" }\n}\n"]),
            ("a field added to members", ["members.cap": m + "extend member {\n  hq { type string; required true; doc \"Office.\" }\n}\n"]),
            ("typed with the schema in place", ["members.cap": m.replacingOccurrences(of: "A member.", with: "A member!") + "extend member {\n  hq { type string; required true; doc \"Office.\" }\n}\n"]),
            ("the declarations gone", ["members.cap": m, "laws.cap": Self.laws, "events.cap": e]),
            ("a duplicate id", ["more.cap": Self.more + "member talita \"Again\" {\n  country SE\n}\n"]),
            ("typed beside the duplicate", ["members.cap": m.replacingOccurrences(of: "A member.", with: "A member..")]),
            ("a file emptied", ["more.cap": ""]),
            ("and filled again", ["more.cap": Self.more, "members.cap": m]),
        ], cache: cache)
    }

    /// Laws of one jurisdiction in force at once are compared after every
    /// file is checked (`checkLawsInForce`): a law file kept from before
    /// must still count.
    @Test func lawsInForceAcrossFilesCountWhenKept() throws {
        let folder = TemporaryFolder()
        let first = """
            law se_1999 "Sex Purchase Act" {
              jurisdiction SE
              model abolitionist
              in_force 1999-01-01
              description "The first."
            }

            """
        let second = """
            law se_2020 "A later act" {
              jurisdiction SE
              model abolitionist
              in_force 2020-01-01
              description "The second."
            }

            """
        folder.write("a.cap", first)
        folder.write("b.cap", second)
        folder.write("members.cap", Self.members)
        let cache = ParseCache()
        Self.replay(folder, [
            ("first: both in force", [:]),
            ("typed in the second", ["b.cap": second.replacingOccurrences(of: "The second.", with: "The second one.")]),
            ("typed in the first", ["a.cap": "// Laws.\n" + first]),
            ("typed in the members", ["members.cap": Self.members.replacingOccurrences(of: "A member.", with: "A member,")]),
            ("the second supersedes the first", ["b.cap": second.replacingOccurrences(of: "  in_force", with: "  supersedes se_1999\n  in_force")]),
            ("typed in the first again", ["a.cap": first]),
            ("the first repealed", ["b.cap": second, "a.cap": first.replacingOccurrences(of: "  description", with: "  repealed 2019-12-31\n  description")]),
            ("typed in the second again", ["b.cap": second + "// end\n"]),
        ], cache: cache)
        #expect(cache.filesReused >= 6, "reused \(cache.filesReused), checked \(cache.filesChecked)")
    }

    /// Many misspelt references: the did-you-mean searches are budgeted
    /// across files, so a file kept from before must start with the budget
    /// it had.
    @Test func theSuggestionBudgetCarriesAcrossFiles() throws {
        let folder = TemporaryFolder()
        folder.write("members.cap", Self.members)
        let misspelt = (0..<40).map { "event e\($0) \"E\" {\n  date 2017-01-01\n  organisers talitta\n}\n" }.joined(separator: "\n")
        folder.write("a.cap", misspelt)
        folder.write("b.cap", misspelt.replacingOccurrences(of: "event e", with: "event f"))
        folder.write("c.cap", misspelt.replacingOccurrences(of: "event e", with: "event g"))
        let cache = ParseCache()
        Self.replay(folder, [
            ("first", [:]),
            ("fewer misspellings in the first file", ["a.cap": misspelt.replacingOccurrences(of: "talitta", with: "talita")]),
            ("typed in the members", ["members.cap": Self.members.replacingOccurrences(of: "A member.", with: "A member?")]),
            ("as before", ["a.cap": misspelt]),
        ], cache: cache)
    }

    /// The coalition's own data, with a letter typed in each file in turn.
    @Test func theExamplesAnalyseAsFromNothingAfterEdits() throws {
        let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples").path
        let files = FileSystem.capFiles(under: examples).files.sorted()
        let cache = ParseCache()
        _ = Analysis.make(paths: [examples], cache: cache, today: Self.today)
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            guard let quote = text.range(of: "\"") else { continue }
            var edited = text
            edited.insert("x", at: quote.upperBound)
            let overrides = [FileSystem.realPath(file)!: Array(edited.utf8)]
            let cached = Self.result(Analysis.make(paths: [examples], overrides: overrides, cache: cache, today: Self.today))
            let fresh = Self.result(Analysis.make(paths: [examples], overrides: overrides, today: Self.today))
            #expect(cached == fresh, "after typing in \(file)")
        }
        #expect(cache.filesReused > 0)
    }
}
