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

/// One root cause, one diagnostic: a missing include gets "did you mean"
/// over the .cap files that exist where it points (never over names outside
/// the checked folder), and what follows from an unread include or a
/// repeated id are notes on that diagnostic, not errors of their own.
@Suite struct RootCauseTests {
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

    /// A folder outside the checked one is not looked into: the include is
    /// refused as leaving the folder (E0503) whether or not the file exists
    /// there, and no file name from outside reaches a CI log.
    @Test func noNamesFromOutsideTheCheckedFolder() throws {
        let dir = TemporaryFolder()
        dir.write("private/members.cap", Array(Self.member.utf8))
        dir.write("work/main.cap", Array("include \"../private/memebrs.cap\"\n".utf8))
        let workspace = Workspace.load(paths: [dir.path + "/work"])
        workspace.check()
        let all = workspace.diagnostics.sorted()
        #expect(all.map(\.code) == [.includeOutsideRoot], "\(all.map(\.message))")
        let text = all.map { "\($0.message) \($0.help ?? "")" }.joined()
        #expect(!text.contains("members.cap"), "\(text)")
    }

    /// One root cause, one diagnostic: the references to ids the unread
    /// file would have declared are notes on the include's error, not
    /// errors of their own with advice that does not apply.
    @Test func referencesIntoAnUnreadIncludeAreNotesOnIt() throws {
        let dir = TemporaryFolder()
        dir.write("members.cap", Array(Self.member.utf8))
        dir.write("main.cap", Array("include \"memebrs.cap\"\nevent e \"E\" {\n  date 2017\n  organisers talita, sawa\n}\n".utf8))
        let workspace = Workspace.load(paths: [dir.path + "/main.cap"])
        workspace.check()
        let all = workspace.diagnostics.sorted()
        #expect(all.map(\.code.id) == ["E0501"], "\(all.map(\.message))")
        #expect(workspace.diagnostics.errorCount == 1)
        #expect(all.first?.notes.map(\.message) == [
            "an id used here may be declared in the file that was not read: no coalition, member, partner or person has the id 'talita'",
            "an id used here may be declared in the file that was not read: no coalition, member, partner or person has the id 'sawa'",
        ])
        // Without a failed include, an unknown id is its own error.
        let plain = TemporaryFolder()
        plain.write("main.cap", Array("event e \"E\" {\n  date 2017\n  organisers talita\n}\n".utf8))
        let other = Workspace.load(paths: [plain.path + "/main.cap"])
        other.check()
        #expect(other.diagnostics.sorted().map(\.code.id) == ["E0204"])
    }

    @Test func referencesThatFindTheFirstOfARepeatedIdAreNotesOnIt() throws {
        let dir = TemporaryFolder()
        dir.write("data.cap", Array("""
            member talita "Talita" {
              country SE
            }
            tag talita "Talita programme" { }
            event e "E" {
              date 2017
              organisers talita
              tags talita
            }
            tag exit "Exit" { }
            event f "F" {
              date 2017
              organisers exit
            }

            """.utf8))
        let workspace = Workspace.load(paths: [dir.path + "/data.cap"])
        workspace.check()
        let all = workspace.diagnostics.sorted()
        // The reference to 'exit' has nothing to do with a repeated id: it stays an error.
        #expect(all.map(\.code.id) == ["E0203", "E0205"], "\(all.map(\.message))")
        #expect(workspace.diagnostics.errorCount == 2)
        #expect(all.first?.notes.map(\.message) == [
            "first used by member 'talita' here",
            "because the id is used twice, this reference finds the first: 'talita' is a member, but 'tags' takes tag",
        ])
        #expect(all.last?.message == "'exit' is a tag, but 'organisers' takes coalition, member, partner or person")
    }

    /// Past five, the folded references are counted.
    @Test func manyReferencesAreCounted() throws {
        let dir = TemporaryFolder()
        var text = "include \"missing.cap\"\n"
        for i in 0..<8 { text += "event e\(i) \"E\" {\n  date 2017\n  organisers m\(i)\n}\n" }
        dir.write("main.cap", Array(text.utf8))
        let workspace = Workspace.load(paths: [dir.path + "/main.cap"])
        workspace.check()
        let all = workspace.diagnostics.sorted()
        #expect(all.map(\.code.id) == ["E0501"])
        #expect(all.first?.notes.count == 6)
        #expect(all.first?.notes.last?.message == "and 3 more like these")
    }
}
