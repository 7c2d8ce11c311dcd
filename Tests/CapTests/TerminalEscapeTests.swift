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

/// What cap prints to a terminal or a CI log carries no raw control or
/// bidirectional control character from the data (issue 28, item 5): an
/// ESC drives the terminal, a line break then `::error` is a GitHub
/// workflow command, a right-to-left override reorders the line.
@Suite struct TerminalEscapeTests {
    static let hostile = """
        member m "A\\u{1B}[31mred\\n::error::forged\\u{202E}x" {
          country SE
        }
        event e "E\\u{1B}]0;t\\u{7}\\n::error::x" {
          date 2017-01-01
        }

        """

    /// No line of `text` is a workflow command but those cap meant, and no
    /// ESC, BEL or RLO is left.
    static func expectSafe(_ text: String, allowingCommands: Bool = false, _ context: String) {
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" || $0 == "\u{202E}" }, "\(context): \(text)")
        if !allowingCommands {
            #expect(!text.split(separator: "\n").contains { $0.hasPrefix("::") }, "\(context): \(text)")
        }
    }

    @Test func csvOfEvalAndTimelineOnStandardOutput() throws {
        let dir = EndToEndTests.folder(["d.cap": Self.hostile])
        let eval = try EndToEndTests.run(["eval", "members | map name", "--format", "csv", dir.path])
        #expect(eval.status == 0)
        #expect(eval.stdout == "value\r\n\"A\\u{1B}[31mred\\u{A}::error::forged\\u{202E}x\"\r\n")
        let timeline = try EndToEndTests.run(["timeline", "--format", "csv", dir.path])
        #expect(timeline.status == 0)
        #expect(timeline.stdout.contains("event,\"E\\u{1B}]0;t\\u{7}\\u{A}::error::x\",,,false"), "\(timeline.stdout)")
        Self.expectSafe(timeline.stdout, "timeline csv")
        for format in ["text", "json"] {
            let run = try EndToEndTests.run(["eval", "members | map name", "--format", format, dir.path])
            Self.expectSafe(run.stdout, "eval --format \(format)")
        }
        let json = try EndToEndTests.run(["eval", "members | map name", "--format", "json", dir.path])
        #expect(json.stdout == "[\n  \"A\\u001b[31mred\\n::error::forged\\u202ex\"\n]\n")
    }

    @Test func aFileNameWithALineBreakForgesNoCommand() throws {
        let dir = TemporaryFolder()
        dir.write("x\n::error::forged\u{202E}.cap", "member x \"X\" {\n  country SWD\n}\n")
        for format in ["text", "github"] {
            let run = try EndToEndTests.run(["check", "--color", "never", "--format", format, dir.path])
            #expect(run.status == 1)
            Self.expectSafe(run.stdout, allowingCommands: format == "github", "check --format \(format)")
            if format == "github" {
                let lines = run.stdout.split(separator: "\n")
                #expect(lines.count == 2 && lines[0].hasPrefix("::error file=") && lines[0].contains("/x\\u{A}%3A%3Aerror%3A%3Aforged\\u{202E}.cap,line=2"), "\(run.stdout)")
            } else {
                #expect(run.stdout.contains("/x\\u{A}::error::forged\\u{202E}.cap:2:11: error[E0209]"), "\(run.stdout)")
            }
        }
    }

    @Test func bidirectionalControlsInASourceLineAreNotShownRaw() {
        let ws = Workspace()
        ws.addSource(name: "t.cap", text: "member x \"a\u{202E}b\" {\n  country SWD \u{2066}\n}\n")
        ws.check()
        let text = ws.diagnostics.sorted().map { TextRenderer(sources: ws.sources, palette: .plain).render($0) }.joined()
        #expect(!text.unicodeScalars.contains { Excerpt.isBidiControl($0) }, "\(text)")
    }

    @Test func theREPLShowsBidirectionalControlsEscaped() throws {
        let dir = EndToEndTests.folder(["d.cap": "member m \"a\u{202E}b\" {\n  country SE\n}\n"])
        let run = try EndToEndTests.run(["repl", dir.path], input: "members | map name\n")
        #expect(run.stdout.contains("a\\u{202E}b"), "\(run.stdout)")
        #expect(!run.stdout.unicodeScalars.contains("\u{202E}"))
    }

    @Test func jsonDiagnosticsKeepAFileNamesBidirectionalControlsAsEscapes() throws {
        let dir = TemporaryFolder()
        dir.write("a\u{202E}b.cap", "member x \"X\" {\n  country SWD\n}\n")
        let run = try EndToEndTests.run(["check", "--format", "json", dir.path])
        #expect(run.status == 1)
        #expect(!run.stdout.unicodeScalars.contains("\u{202E}"))
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let first = (object?["diagnostics"] as? [[String: Any]])?.first
        #expect((first?["file"] as? String)?.hasSuffix("/a\u{202E}b.cap") == true, "\(run.stdout)")
    }
}
