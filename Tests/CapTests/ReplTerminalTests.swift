import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL

/// The real `cap repl` in a pseudo-terminal: libedit, signals, history.
@Suite(.serialized) struct ReplTerminalTests {
    static let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples")
    /// `members | count` over Examples/, written down (not asked of the engine).
    static let memberCount = "28"

    /// A REPL on Examples/ with its own home and state folders, so the
    /// user's history and ~/.editrc stay out of it.
    static func start(home: TemporaryFolder, locale: String = "C.UTF-8", _ extra: [String] = []) throws -> PseudoTerminal {
        guard let binary = EndToEndTests.binary else { throw CancellationError() }
        let environment = [
            "HOME": home.path, "XDG_STATE_HOME": home.path + "/state", "TERM": "xterm", "LANG": locale, "LC_ALL": locale,
            "PATH": "/usr/bin:/bin", "NO_COLOR": "1",
        ]
        let terminal = try PseudoTerminal(binary, ["repl", examples.path] + extra, environment: environment)
        #expect(terminal.waitFor("cap> ") != nil, "no prompt; shown: \(terminal.transcript)")
        return terminal
    }

    @Test func typingAnExpressionShowsItsValue() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        t.type("members | count\r")
        #expect(t.waitFor("cap> ") == "members | count\r\n\(Self.memberCount)\r\ncap> ", "\(t.transcript)")
        t.type(":quit\r")
        #expect(t.exitStatus() == 0)
    }

    @Test func anOpenBracketContinuesOnTheNextLine() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        t.type("[10,\r")
        #expect(t.waitFor("...> ") != nil, "\(t.transcript)")
        t.type("20, 30] | count\r")
        #expect(t.waitFor("\r\n3\r\n") != nil, "\(t.transcript)")
    }

    @Test func tabCompletesAnEntityIdentifier() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        // Without completion, ':show tali' would say no entity is called so.
        t.type(":show tali\t")
        t.waitFor("ta")
        t.type("\r")
        #expect(t.waitFor("member talita \"Talita\" {") != nil, "\(t.transcript)")
    }

    @Test func historySurvivesARestart() throws {
        let home = TemporaryFolder()
        let first = try Self.start(home: home)
        first.type("members | count\r")
        first.waitFor("cap> ")
        first.type("\u{04}")  // Ctrl-D
        #expect(first.exitStatus() == 0)
        let saved = try String(contentsOfFile: home.path + "/state/cap/history", encoding: .utf8)
        #expect(saved == "members | count\n")

        let second = try Self.start(home: home)
        second.type("\u{1B}[A")  // up arrow recalls the last session's line
        #expect(second.waitFor("members | count") != nil, "\(second.transcript)")
        second.type("\r")
        #expect(second.waitFor("\r\n\(Self.memberCount)\r\n") != nil, "\(second.transcript)")
    }

    @Test func ctrlRSearchesTheHistory() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        t.type("members | count\r")
        t.waitFor("cap> ")
        t.type("1 + 1\r")
        t.waitFor("cap> ")
        t.type("\u{12}memb")  // Ctrl-R
        #expect(t.waitFor("members | count") != nil, "\(t.transcript)")
        t.type("\r")
        #expect(t.waitFor("\r\n\(Self.memberCount)\r\n") != nil, "\(t.transcript)")
    }

    @Test func ctrlCCancelsTheLineAndTheSessionGoesOn() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        t.type("members | wher")
        t.waitFor("wher")
        t.type("\u{03}")  // Ctrl-C
        // A new prompt on a new line, and the cancelled line never runs.
        #expect(t.waitFor("cap> ") == "\r\ncap> ", "\(t.transcript)")
        t.type("1 + 1\r")
        #expect(t.waitFor("cap> ") == "1 + 1\r\n2\r\ncap> ", "\(t.transcript)")
        #expect(t.isRunning)
    }

    /// A terminal that is not sending UTF-8 (or a stray byte) shows U+FFFD
    /// where the bad sequence was, and loses none of the keys after it.
    @Test func malformedUTF8ReadsAsAReplacementCharacterAndKeepsTheNextKey() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        t.type(bytes: Array("\"a".utf8) + [0xC3] + Array("b\u{E9}\"".utf8) + [0xFF] + Array(" | count\r".utf8))
        let answer = t.waitFor("cap> ")
        #expect(answer?.contains("\"a\u{FFFD}b\u{E9}\"\u{FFFD} | count") == true, "\(t.transcript)")
    }

    /// A Ctrl-C sent with the keys before it lands while libedit is still
    /// taking them in and redrawing, not yet waiting for the next key:
    /// it must cancel the line all the same, every time.
    @Test func ctrlCWhileTheLineIsStillBeingDrawnIsNotLost() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        // A long paste keeps libedit busy: it reads one key at a time and
        // redraws after each. Each round gives the Ctrl-C one chance to land
        // in a narrow window (once, between the wait for a key and its read,
        // where a lost Ctrl-C left the REPL asleep in read() until the next
        // key): about one round in 250 did. 1,150 rounds catch a race that
        // frequent with probability 1 − (249/250)^1150 > 99%.
        let paste = String(repeating: "members | count + ", count: 150)
        for round in 1...1_150 {
            t.type(paste)
            usleep(useconds_t(2_000 * (round % 5 + 1)))
            t.type("\u{03}")
            guard t.waitFor("cap> ", seconds: 10) != nil else {
                Issue.record("round \(round): Ctrl-C lost: \(t.transcript)")
                return
            }
        }
        t.type("1 + 1\r")
        // Nothing of the cancelled lines runs or is shown after them.
        #expect(t.waitFor("cap> ") == "1 + 1\r\n2\r\ncap> ", "\(t.transcript)")
    }

    @Test func ctrlCStopsALongQuery() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        // About 35 million steps: far longer than the wait before Ctrl-C.
        t.type("events | map events | flatten | map events | flatten | map events | flatten | map (events | count) | sum\r")
        #expect(t.waitFor("sum\r\n") != nil, "\(t.transcript)")
        // The line editor has handed the line over once the terminal is
        // cooked again; from then on a Ctrl-C stops the evaluation (the flag
        // it sets waits for the evaluator if it comes before it starts).
        #expect(t.waitForCookedMode(), "the line was not handed over: \(t.transcript)")
        t.type("\u{03}", anyMode: true)  // while it evaluates, the terminal is cooked
        let stopped = t.waitFor("cap> ")
        #expect(stopped?.contains("error[E0711]: evaluation interrupted") == true, "\(t.transcript)")
        t.type("1 + 1\r")
        #expect(t.waitFor("\r\n2\r\n") != nil, "\(t.transcript)")
    }

    @Test func ctrlDOnAnEmptyLineLeavesAndRestoresTheTerminal() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
        let modes = t.modes
        #expect(modes.c_lflag & tcflag_t(ICANON) != 0, "the terminal is left in raw mode")
        #expect(modes.c_lflag & tcflag_t(ECHO) != 0, "the terminal is left without echo")
    }

    @Test func aKilledSessionStillRestoresTheTerminal() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        t.type("members")  // mid-line, the editor holds the terminal raw
        t.waitFor("members")
        kill(t.pid, SIGTERM)
        #expect(t.exitStatus() == 128 + SIGTERM)
        #expect(t.modes.c_lflag & tcflag_t(ICANON) != 0, "the terminal is left in raw mode")
        #expect(t.modes.c_lflag & tcflag_t(ECHO) != 0, "the terminal is left without echo")
    }

    @Test func utf8TextWorksUnderTheCLocale() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home, locale: "C")
        t.type("upper(\"Grégoire Théry, 김지은\")\r")
        #expect(t.waitFor("GRÉGOIRE THÉRY, 김지은\r\n") != nil, "\(t.transcript)")
    }

    @Test func anErrorIsFollowedByAGoodLine() throws {
        let home = TemporaryFolder()
        let t = try Self.start(home: home)
        t.type("membres | count\r")
        #expect(t.waitFor("cap> ") == """
            membres | count\r
            <input 1>:1:1: error[E0701]: unknown name 'membres'\r
              |\r
            1 | membres | count\r
              | ^^^^^^^ not a field, binding or collection\r
              = help: did you mean 'members'?\r
            \r
            cap> 
            """, "\(t.transcript)")
        t.type("members | count\r")
        #expect(t.waitFor("\r\n\(Self.memberCount)\r\n") != nil, "\(t.transcript)")
    }

    @Test func theUsersEditrcIsHonouredForViKeys() throws {
        let home = TemporaryFolder()
        home.write(".editrc", "bind -v\n")
        let t = try Self.start(home: home)
        // In vi mode Escape leaves insert mode and I inserts at the start.
        t.type("embers | count\u{1B}Im\r")
        #expect(t.waitFor("\r\n\(Self.memberCount)\r\n") != nil, "\(t.transcript)")
    }

    /// `cap` with no arguments, on a terminal, in a folder of .cap files,
    /// starts the REPL on that folder (docs/cli.md): the banner, the
    /// data's warnings counted, the prompt; Ctrl-D leaves with status 0.
    @Test func capAloneOnATerminalStartsTheRepl() throws {
        let binary = try #require(EndToEndTests.binary)
        let home = TemporaryFolder()
        let t = try PseudoTerminal(binary, [], environment: [
            "HOME": home.path, "XDG_STATE_HOME": home.path + "/state", "TERM": "xterm", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "PATH": "/usr/bin:/bin", "NO_COLOR": "1",
        ], directory: Self.examples.path)
        #expect(t.waitFor("cap> ") == """
            cap 0.1.0 · 26 files, 234 entities · :help for help, Ctrl-D to leave\r
            cap: note: 5 warnings in the data not shown; run 'cap check' to see them\r
            cap> 
            """, "\(t.transcript)")
        t.type("members | count\r")
        #expect(t.waitFor("cap> ") == "members | count\r\n\(Self.memberCount)\r\ncap> ", "\(t.transcript)")
        t.type("\u{04}")  // Ctrl-D
        #expect(t.exitStatus() == 0, "\(t.transcript)")
    }
}
