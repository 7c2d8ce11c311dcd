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

/// The REPL's history: one entry per input (multi-line inputs included),
/// no trailing spaces, no repeats, in memory and in the file.
@Suite(.serialized) struct HistoryFileTests {
    @Test func anEntryIsTheWholeInputWithoutTrailingSpaces() {
        #expect(HistoryFile.entry("members | count   ") == "members | count")
        #expect(HistoryFile.entry("events\n  | where p: passed}  \t\n") == "events\n  | where p: passed}")
        #expect(HistoryFile.entry("let f = {\r\n  x: 1 \r\n}") == "let f = {\n  x: 1\n}")
        #expect(HistoryFile.entry("   ") == nil)
        #expect(HistoryFile.entry("\n \n") == nil)
        #expect(HistoryFile.entry("  1 + 1") == "  1 + 1", "leading spaces are the user's")
    }

    @Test func addingMovesARepeatToTheEnd() {
        #expect(HistoryFile.adding("b", to: ["a", "b", "c"]) == ["a", "c", "b"])
        #expect(HistoryFile.adding("d", to: ["a"]) == ["a", "d"])
        #expect(HistoryFile.adding("a", to: []) == ["a"])
    }

    @Test func aMultiLineEntryIsOneLineOfTheFileAndReadsBackWhole() throws {
        let dir = TemporaryFolder()
        let history = HistoryFile(path: dir.path + "/h")
        history.append("[10,\n20, 30] | count")
        history.append("print \"a\\\\b\"")
        #expect(try String(contentsOfFile: history.path, encoding: .utf8) == "[10,\\n20, 30] | count\nprint \"a\\\\\\\\b\"\n")
        #expect(history.load() == ["[10,\n20, 30] | count", "print \"a\\\\b\""])
    }

    @Test func aRepeatIsNeverWrittenTwice() throws {
        let dir = TemporaryFolder()
        let history = HistoryFile(path: dir.path + "/state/cap/history")
        history.append("members | count")
        history.append("laws")
        history.append("members | count")
        history.append("members | count")
        #expect(try String(contentsOfFile: history.path, encoding: .utf8) == "laws\nmembers | count\n")
        var st = stat()
        #expect(stat(history.path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600, "a rewritten history stays the user's only")
    }

    /// Files of earlier versions: one typed line per entry, repeats, and a
    /// hand-edited lone backslash at a line's end.
    @Test func anOldFileReadsAsItsLines() throws {
        let dir = TemporaryFolder()
        let path = dir.write("history", Array("events | where {\n   p: passed}\nlaws\nevents | where {\nC:\\\n".utf8))
        #expect(HistoryFile(path: path).load() == ["   p: passed}", "laws", "events | where {", "C:\\"])
    }

    @Test func sessionsAppendingAtOnceLoseNothing() throws {
        let dir = TemporaryFolder()
        let path = dir.path + "/history"
        DispatchQueue.concurrentPerform(iterations: 4) { session in
            let history = HistoryFile(path: path)
            for i in 0..<25 {
                history.append("q\(session)-\(i)")
                history.append("shared")
            }
        }
        let entries = HistoryFile(path: path).load()
        #expect(entries.count == 101, "\(entries.count)")
        #expect(Set(entries).count == entries.count)
        #expect(entries.last == "shared")
    }

    /// In the real REPL: a two-line input comes back whole with Up, once,
    /// and runs again; the file holds it as one entry, with no repeats.
    @Test func theReplRecallsAMultiLineInputWhole() throws {
        let home = TemporaryFolder()
        let t = try ReplTerminalTests.start(home: home)
        t.type("[10,\r")
        #expect(t.waitFor("...> ") != nil, "\(t.transcript)")
        t.type("20, 30] | count   \r")
        #expect(t.waitFor("\r\n3\r\n") != nil, "\(t.transcript)")
        t.waitFor("cap> ")
        t.type("1 + 1  \r")
        #expect(t.waitFor("\r\n2\r\n") != nil, "\(t.transcript)")
        t.waitFor("cap> ")
        t.type("1 + 1\r")
        #expect(t.waitFor("\r\n2\r\n") != nil, "\(t.transcript)")
        t.waitFor("cap> ")
        t.type("\u{1B}[A")  // 1 + 1, once
        t.waitFor("1 + 1")
        t.type("\u{1B}[A")  // the whole two-line input
        #expect(t.waitFor("20, 30] | count") != nil, "\(t.transcript)")
        t.type("\r")
        #expect(t.waitFor("\r\n3\r\n") != nil, "\(t.transcript)")
        t.waitFor("cap> ")
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
        let saved = try String(contentsOfFile: home.path + "/state/cap/history", encoding: .utf8)
        #expect(saved == "1 + 1\n[10,\\n20, 30] | count\n")

        let second = try ReplTerminalTests.start(home: home)
        second.type("\u{1B}[A")
        #expect(second.waitFor("20, 30] | count") != nil, "\(second.transcript)")
        second.type("\r")
        #expect(second.waitFor("\r\n3\r\n") != nil, "\(second.transcript)")
    }
}
