import Foundation
import Testing
@testable import Cap

/// `cap repl` with standard input from a file or a pipe: plain lines, no
/// prompt, no echo, and an exit status that says whether any input failed.
@Suite struct ReplPipeTests {
    static let data = "member talita \"Talita\" {\n  country SE\n}\nmember ruhama \"Ruhama\" {\n  country IE\n}\n"

    @Test func pipedCommandsPrintOnlyTheirAnswers() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["repl", "."], in: dir.url, input: ":list members\nmembers | count\n")
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == """
            id      name
            ──────  ──────
            talita  Talita
            ruhama  Ruhama
            2

            """)
    }

    @Test func aFailedInputMakesTheExitStatusOneAndTheRestStillRuns() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["repl", "."], in: dir.url, input: "membres\nlet n = members\n  | count\nn\n")
        #expect(r.status == 1)
        #expect(r.stderr.contains("<input 1>:1:1: error[E0701]: unknown name 'membres'"))
        #expect(r.stdout == "2\n", "a pipeline continued on the next line is one input")
    }

    @Test func anUnfinishedInputAtTheEndIsReported() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["repl", "."], in: dir.url, input: "[1, 2\n")
        #expect(r.status == 1)
        #expect(r.stderr.contains("error"))
    }

    @Test func quitStopsReading() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["repl", "."], in: dir.url, input: ":quit\nmembres\n")
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
    }

    @Test func capAloneWithoutATerminalPrintsHelpInsteadOfWaiting() throws {
        let r = try EndToEndTests.run([], input: "")
        #expect(r.status == 0)
        #expect(r.stdout.contains("SUBCOMMANDS"))
        #expect(r.stdout.contains("repl"))
    }

    @Test func evalJSONIsOneDocumentPerValue() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["eval", "members | count", "--format", "json", "."], in: dir.url)
        #expect(r.stdout == "2\n")
    }

    /// The summary speaks of the expression, where the error is, and
    /// counts the files the user has, not the expression.
    @Test func evalErrorsCountTheDataFilesChecked() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data])
        let r = try EndToEndTests.run(["eval", "membres | count", "."], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.contains("<expression>:1:1: error[E0701]: unknown name 'membres'"))
        #expect(r.stderr.hasSuffix("\n1 error in the expression; none in the data (1 file checked)\n"), "\(r.stderr)")
        let both = EndToEndTests.folder(["data.cap": Self.data + "member m \"M\" {\n  country SWD\n}\n"])
        let r2 = try EndToEndTests.run(["eval", "membres | count", "."], in: both.url)
        #expect(r2.stderr.hasSuffix("\n1 error in the expression; 1 in the data (1 file checked)\n"), "\(r2.stderr)")
        let data = try EndToEndTests.run(["eval", "members | count", "."], in: both.url)
        #expect(data.stderr.hasSuffix("\nchecked 1 file: 1 error, 0 warnings\n"), "\(data.stderr)")
    }

    /// Query after query on the same data: its warnings are counted in one
    /// line, and the query's own are shown in full.
    @Test func evalCountsTheDataWarningsAndShowsItsOwn() throws {
        let dir = EndToEndTests.folder(["data.cap": "event e1 \"Vigil\" {\n  date 2017-03\n}\n", "empty.cap": "// to be filled\n"])
        let r = try EndToEndTests.run(["eval", "events | where date == 2017-03-14 | count", "."], in: dir.url)
        #expect(r.status == 0)
        #expect(r.stdout == "0\n")
        #expect(r.stderr.contains("<expression>:1:10: warning[W0701]: 1 of 1 items left out"), "\(r.stderr)")
        #expect(!r.stderr.contains("W0001"), "the data's warning is counted, not shown: \(r.stderr)")
        #expect(r.stderr.hasSuffix("cap: note: 1 warning in the data not shown; run 'cap check' to see it\n"), "\(r.stderr)")
        let check = try EndToEndTests.run(["check", "."], in: dir.url)
        #expect(check.stdout.contains("empty.cap:1:1: warning[W0001]"), "\(check.stdout)")
    }

    /// A value computed without the data of an unreadable path would look
    /// right to a script reading standard output.
    @Test func evalPrintsNoValueWhenAPathCannotBeRead() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data, "count.cap": "print members | count\n"])
        for command in [["eval", "members | count", "data.cap", "more.cap"], ["run", "data.cap", "count.cap", "more.cap"]] {
            let r = try EndToEndTests.run(command, in: dir.url)
            #expect(r.status == 2, "\(command)")
            #expect(r.stdout.isEmpty, "\(command): \(r.stdout)")
            #expect(r.stderr.contains("cap: error: cannot read 'more.cap'"), "\(command): \(r.stderr)")
        }
        for command in [["eval", "members | count", "data.cap"], ["run", "data.cap", "count.cap"]] {
            let r = try EndToEndTests.run(command, in: dir.url)
            #expect(r.status == 0 && r.stdout == "2\n", "\(command): \(r.stdout) \(r.stderr)")
        }
    }
}
