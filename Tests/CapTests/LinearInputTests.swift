import Foundation
import Testing
@testable import Cap

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
