import Foundation
import Testing
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish

/// What an editor needs of the core: its unsaved buffers stand for the
/// files on disk (`sourceOverrides`), and analysing again after one file
/// changed parses only that file (`ParseCache`), with the same result as
/// analysing from nothing.
@Suite struct ReanalysisTests {
    static let members = """
        member talita "Talita" {
          country SE
          joined 2014
        }

        """
    static let events = """
        event vigil "Vigil in Stockholm" {
          date 2017-03-08
          country SE
          organisers talita
        }

        """
    static let rules = """
        let swedish = members | where country == SE
        assert swedish | count == 1, "one Swedish member"

        """

    /// The diagnostics as `cap check --format json` prints them, and the
    /// symbols the analysis interned, in order.
    static func analysis(_ workspace: Workspace) -> (report: String, symbols: [String], entities: [String]) {
        workspace.check(today: try! CapDate.parse("2026-01-01"))
        let report = DiagnosticReport(format: .json, maxShown: 0)
            .render(workspace.diagnostics, sources: workspace.sources, fileCount: workspace.fileCount)
        let symbols = (0..<workspace.interner.count).map { workspace.interner[Symbol($0)] }
        let entities = workspace.trees.flatMap { tree in tree.entities.map { workspace.interner[$0.id] } }
        return (report, symbols, entities)
    }

    static func load(_ folder: TemporaryFolder, overrides: [String: String] = [:], cache: ParseCache? = nil) -> Workspace {
        let workspace = Workspace()
        workspace.parseCache = cache
        for (name, text) in overrides {
            workspace.sourceOverrides[FileSystem.realPath(folder.path + "/" + name)!] = Array(text.utf8)
        }
        workspace.load(paths: [folder.path])
        return workspace
    }

    static func folder() -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.write("members.cap", Self.members)
        folder.write("events.cap", Self.events)
        folder.write("rules.cap", Self.rules)
        return folder
    }

    @Test func anUnsavedBufferStandsForTheFileOnDisk() throws {
        let folder = Self.folder()
        let edited = Self.members.replacingOccurrences(of: "country SE", with: "country SWD")
        let workspace = Self.load(folder, overrides: ["members.cap": edited])
        let (report, _, _) = Self.analysis(workspace)
        // The error, and the note that the rules wait for the data to be clean.
        #expect(workspace.diagnostics.sorted().map(\.code.id) == ["E0209", "E0706"])
        #expect(report.contains("unknown country or territory 'SWD'"), "\(report)")
        // The disk is as it was.
        #expect(try String(contentsOfFile: folder.path + "/members.cap", encoding: .utf8) == Self.members)
    }

    @Test func onlyTheChangedFileIsParsedAgain() throws {
        let folder = Self.folder()
        let cache = ParseCache()
        let first = Self.analysis(Self.load(folder, cache: cache))
        #expect(cache.parses == 3)
        let again = Self.analysis(Self.load(folder, cache: cache))
        #expect(cache.parses == 3, "nothing changed, nothing is parsed")
        #expect(again.report == first.report)
        #expect(again.symbols == first.symbols)

        let edited = Self.events.replacingOccurrences(of: "organisers talita", with: "organisers talitta")
        let cached = Self.analysis(Self.load(folder, overrides: ["events.cap": edited], cache: cache))
        #expect(cache.parses == 4, "only events.cap is parsed again")
        let fresh = Self.analysis(Self.load(folder, overrides: ["events.cap": edited]))
        #expect(cached.report == fresh.report)
        #expect(cached.symbols == fresh.symbols)
        #expect(cached.entities == fresh.entities)
        #expect(cached.report.contains("talitta"))
    }

    /// The same on the coalition's own data: a cached analysis is the one
    /// made from nothing, before and after an edit.
    @Test func theExamplesAnalyseTheSameThroughTheCache() throws {
        let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples").path
        func load(_ overrides: [String: [UInt8]], _ cache: ParseCache?) -> Workspace {
            let workspace = Workspace()
            workspace.parseCache = cache
            workspace.sourceOverrides = overrides
            workspace.load(paths: [examples])
            return workspace
        }
        let cache = ParseCache()
        let fresh = Self.analysis(load([:], nil))
        let first = Self.analysis(load([:], cache))
        let files = cache.parses
        #expect(files == 26)
        #expect(first.report == fresh.report)
        #expect(first.symbols == fresh.symbols)

        let members = FileSystem.realPath(examples + "/members.cap")!
        var text = try String(contentsOfFile: members, encoding: .utf8)
        text = text.replacingOccurrences(of: "country SE", with: "country SWD")
        let overrides = [members: Array(text.utf8)]
        let edited = Self.analysis(load(overrides, cache))
        #expect(cache.parses == files + 1)
        let editedFresh = Self.analysis(load(overrides, nil))
        #expect(edited.report == editedFresh.report)
        #expect(edited.symbols == editedFresh.symbols)
        #expect(edited.report != fresh.report)
    }
}
