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

/// Input that costs more than its size (issue 28, item 4): the REPL must
/// take each line once, and junk must be reported within seconds.
@Suite struct LinearInputTests {
    @Test func continuationIsDecidedALineAtATime() {
        var c = InputContinuation()
        var r = c.add("print \"\"\"a {"); #expect(r)
        r = c.add("still inside \\\"\"\" ("); #expect(r)
        r = c.add("end\"\"\""); #expect(!r)
        var p = InputContinuation()
        r = p.add("members |"); #expect(r)
        r = p.add("// a comment keeps it open"); #expect(r)
        r = p.add("count"); #expect(!r)
        var command = InputContinuation()
        r = command.add(":show ("); #expect(!r)
    }

    @Test func anOpenParenthesisAnd32000LinesTakeLinearTime() throws {
        let input = "(\n" + String(repeating: "1,\n", count: 32_000) + ")\n"
        let started = Date()
        let empty = TemporaryFolder()
        let run = try EndToEndTests.run(["repl"], in: empty.url, input: input)
        let seconds = Date().timeIntervalSince(started)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error[E0110]"))
        // Quadratic, it took 14 s in a release build.
        #expect(seconds < 8, "took \(seconds) s")
    }

    @Test func aMegabyteOfJunkOnStandardInput() throws {
        var random = KillTests.Generator(state: 28)
        let alphabet = Array("({[\"\"\"|\\}]) ,.:;x1\n\n\n\t#/*-=<>".unicodeScalars)
        var junk = String.UnicodeScalarView()
        for _ in 0..<(1 << 20) { junk.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
        let started = Date()
        let empty = TemporaryFolder()
        let run = try EndToEndTests.run(["repl"], in: empty.url, input: String(junk))
        let seconds = Date().timeIntervalSince(started)
        #expect(run.status == 1)
        #expect(seconds < 20, "took \(seconds) s")
    }
}

/// A file of junk is reported in seconds, with every error counted.
@Suite struct JunkFileTests {
    @Test func aLongRunOfNULBytesIsOneError() throws {
        let dir = TemporaryFolder()
        dir.write("nul.cap", [UInt8](repeating: 0, count: 32 << 20))
        let started = Date()
        let run = try EndToEndTests.run(["check", "--color", "never", dir.path])
        let seconds = Date().timeIntervalSince(started)
        #expect(run.status == 1)
        #expect(run.stdout.contains("nul.cap:1:1: error[E0002]: unexpected control character NUL (33,554,432 in a row)"), "\(run.stdout.prefix(300))")
        #expect(run.stdout.hasSuffix("checked 1 file: 1 error, 0 warnings\n"))
        #expect(seconds < 10, "took \(seconds) s")
    }

    /// Bytes that start nothing, side by side, are one token and one error:
    /// in a file of random bytes, a token and a diagnostic per byte were
    /// most of the work.
    @Test func aRunOfTextThatStartsNothingIsOneError() {
        let dir = TemporaryFolder()
        let ws = Workspace.load(paths: [dir.write("run.cap", [UInt8]("member a \"A\" { country SE; city @#".utf8) + [0xFF, 0xC3, 0x00, 0x01]
                                                          + [UInt8]("$ }\n".utf8))])
        ws.check()
        #expect(BadInputTests.found(ws) == ["E0005@1:33"], "\(BadInputTests.found(ws))")
        #expect(ws.diagnostics.sorted().map(\.message) == ["unexpected character '@' (and 6 more bytes that start nothing)"])
        let first = ws.diagnostics.sorted().first?.range
        #expect(first.map { $0.end - $0.start } == 7)
    }

    /// Past the limit, invalid bytes inside a long string are counted by a
    /// faster loop: the totals stay exact.
    @Test func invalidBytesInLongStringsAreCountedPastTheLimit() {
        let dir = TemporaryFolder()
        let text = [UInt8]("let s = \"\"\"".utf8) + [UInt8](repeating: 0xFF, count: 1_500) + [UInt8]("\"\"\"\n".utf8)
            + [UInt8]("let t = \"\"\"".utf8) + (0..<300).flatMap { _ in [UInt8(0x80), UInt8(ascii: "A"), 0xC3, 0xA9] }
            + [UInt8]("\u{1}\"\"\"\n".utf8)
        let ws = Workspace.load(paths: [dir.write("strings.cap", text)])
        ws.check()
        #expect(ws.diagnostics.errorCount == 1_801)
        let notes = ws.diagnostics.diagnostics.filter { $0.code == .tooManyErrors }
        #expect(notes.map(\.message) == ["801 more errors in this file are counted but not shown"])
    }

    @Test func pastAThousandErrorsTheRestAreCountedNotMade() {
        var random = KillTests.Generator(state: 9)
        // Printable junk: every other byte some error, each alone between
        // spaces (a run of such bytes is one error).
        let junk = (0..<200_000).flatMap { _ in [UInt8(ascii: "#") + UInt8(random.next() % 2), UInt8(ascii: " ")] }
        let dir = TemporaryFolder()
        dir.write("junk.cap", junk)
        let ws = Workspace.load(paths: [dir.path])
        ws.check()
        let kept = ws.diagnostics.diagnostics
        #expect(kept.filter { $0.severity == .error }.count == 1_000)
        #expect(ws.diagnostics.errorCount == 200_000)
        let notes = kept.filter { $0.code == .tooManyErrors }
        #expect(notes.count == 1 && notes[0].message == "199,000 more errors in this file are counted but not shown", "\(notes.map(\.message))")
    }
}
