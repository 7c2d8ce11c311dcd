import Foundation
import Testing
@testable import Cap

/// A missing include gets "did you mean" over the .cap files that exist
/// where it points, and never over names outside the checked folder.
@Suite struct IncludeSuggestionTests {
    static func help(_ include: String, files: [String: String], checking folder: String = "work") throws -> String? {
        let dir = TemporaryFolder()
        for (name, text) in files { dir.write(name, Array(text.utf8)) }
        dir.write("work/main.cap", Array("include \"\(include)\"\n".utf8))
        let workspace = Workspace.load(paths: [dir.path + "/" + folder])
        workspace.check()
        let missing = workspace.diagnostics.sorted().filter { $0.code == .includeNotFound }
        #expect(missing.count == 1, "\(workspace.diagnostics.sorted().map(\.message))")
        return missing.first?.help
    }

    static let member = "member talita \"Talita\" {\n  country SE\n}\n"

    @Test func aTypoInTheNameIsCorrected() throws {
        let help = try Self.help("memebrs.cap", files: ["work/members.cap": Self.member, "work/laws.cap": "tag t \"T\" { }\n"])
        #expect(help?.hasPrefix("did you mean 'members.cap'? (paths are relative to the folder of '") == true, "\(help ?? "nil")")
    }

    @Test func theFolderAsWrittenIsKept() throws {
        let help = try Self.help("data/Members.cap", files: ["work/data/members.cap": Self.member])
        #expect(help?.hasPrefix("did you mean 'data/members.cap'?") == true, "\(help ?? "nil")")
    }

    @Test func nothingNearMeansNoGuess() throws {
        let help = try Self.help("campaigns.cap", files: ["work/members.cap": Self.member])
        #expect(help?.hasPrefix("paths are relative to the folder of '") == true, "\(help ?? "nil")")
    }

    /// A folder outside the checked one is not listed: its file names
    /// must not reach a CI log.
    @Test func noNamesFromOutsideTheCheckedFolder() throws {
        let help = try Self.help("../private/memebrs.cap", files: ["private/members.cap": Self.member, "work/other.cap": Self.member])
        #expect(help?.hasPrefix("paths are relative to the folder of '") == true, "\(help ?? "nil")")
    }
}
