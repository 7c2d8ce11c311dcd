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

/// Every documented limit, exceeded: each must end in its diagnostic, never
/// in a crash, a hang or a cascade of messages. Where it is cheap the input
/// goes past the default limit itself; where that would take gigabytes or
/// minutes (steps, values held, output size) the limit is lowered and the
/// default is asserted separately, so the documented figure is the one in
/// force.
@Suite struct LimitsTests {
    /// Loads `text` as one file, checks it and runs its statements.
    static func run(_ text: String, limits: Evaluator.Limits? = nil) -> (found: [String], messages: [String], printed: [String]) {
        let dir = TemporaryFolder()
        let ws = Workspace.load(paths: [dir.write("limits.cap", text)])
        var program = ws.check(runningRules: false, today: CaseRunner.today)
        if let limits { program = Program(workspace: ws, today: CaseRunner.today, limits: limits) }
        var printed: [String] = []
        if !ws.diagnostics.hasErrors {
            let formatter = ValueFormatter(entities: program.model)
            program.run { printed.append(formatter.inline($0)) }
        }
        return (BadInputTests.found(ws), ws.diagnostics.sorted().map(\.message), printed)
    }

    @Test func theDocumentedDefaults() {
        let files = Workspace.Limits()
        #expect(files.maxFileBytes == 256 * 1024 * 1024 - 1)
        #expect(files.maxFiles == 10_000)
        #expect(files.maxIncludeDepth == 64)
        #expect(files.maxOutputBytes == 256 * 1024 * 1024)
        #expect(Parser.maxDepth == 32)
        #expect(Parser.maxExpressionDepth == 128)
        #expect(Parser.maxIdentifierLength == 256)
        #expect(Parser.maxValuesPerField == 60_000)
        let evaluation = Evaluator.Limits()
        #expect(evaluation.maxSteps == 50_000_000)
        #expect(evaluation.maxDepth == 200)
        #expect(evaluation.maxNesting == 4_096)
        #expect(evaluation.maxValues == 20_000_000)
        #expect(evaluation.maxTextBytes == 256 * 1024 * 1024)
        #expect(DiagnosticBag().storeLimit == 10_000)
        #expect(DiagnosticReport().maxShown == 100)
    }

    // MARK: - Files

    @Test func fileOfTheDefaultLimitPlusOneByte() throws {
        // A sparse file: 256 MiB on paper, nothing on disk, and refused from
        // its size before a byte is read.
        let dir = TemporaryFolder()
        let big = dir.write("big.cap", "")
        let fd = open(big, O_WRONLY)
        #expect(ftruncate(fd, off_t(Workspace.Limits().maxFileBytes + 1)) == 0)
        close(fd)
        let main = dir.write("main.cap", "include \"big.cap\"\ntag t \"T\" { }\n")
        let ws = Workspace.load(paths: [main])
        ws.check()
        #expect(BadInputTests.found(ws) == ["E0601@1:9"])
        #expect(ws.diagnostics.diagnostics.first?.message == "'big.cap' is 268435456 bytes; the limit is 268435455 bytes")
        // Named on the command line, it is refused the same way.
        let alone = Workspace.load(paths: [big])
        #expect(BadInputTests.found(alone) == ["E0601"])
    }

    @Test func includesNestedPastTheDefaultDepth() {
        // f0 includes f1, which includes f2, …: f64 is 64 includes deep and
        // loads; f65 would be the 65th.
        let dir = TemporaryFolder()
        for i in 0...70 { dir.write("f\(i).cap", "include \"f\(i + 1).cap\"\ntag t\(i) \"T\" { }\n") }
        let ws = BadInputTests.load([dir.path + "/f0.cap"])
        #expect(BadInputTests.foundWithFiles(ws) == ["E0602@f64.cap:1"])
        #expect(ws.diagnostics.diagnostics.first?.message == "includes are nested more than 64 deep")
        #expect(ws.fileCount == 65)
    }

    @Test func includesNamingMoreFilesThanTheLimit() {
        let dir = TemporaryFolder()
        dir.write("main.cap", (1...5).map { "include \"f\($0).cap\"\n" }.joined())
        for i in 1...5 { dir.write("f\(i).cap", "tag t\(i) \"T\" { }\n") }
        var limits = Workspace.Limits()
        limits.maxFiles = 3
        let ws = BadInputTests.load([dir.path + "/main.cap"], limits: limits)
        #expect(BadInputTests.foundWithFiles(ws) == ["E0602@main.cap:3", "E0602@main.cap:4", "E0602@main.cap:5"])
        #expect(ws.diagnostics.diagnostics.first?.message == "more than 3 files are loaded; this one was not read")
        #expect(ws.fileCount == 3)
    }

    @Test func aFolderOfMoreFilesThanTheLimit() {
        // (10,001 files take seconds to create; the limit is lowered.)
        let dir = TemporaryFolder()
        for i in 0..<7 { dir.write("f\(i).cap", "tag t\(i) \"T\" { }\n") }
        var limits = Workspace.Limits()
        limits.maxFiles = 5
        let ws = BadInputTests.load([dir.path], limits: limits)
        #expect(BadInputTests.found(ws) == ["E0602"])
        #expect(ws.diagnostics.diagnostics.first?.message == "more than 5 files to load; 2 were not read")
        #expect(ws.fileCount == 5)
    }

    // MARK: - Syntax

    @Test func identifiersLongerThanTheLimit() {
        let ok = String(repeating: "a", count: Parser.maxIdentifierLength)
        let long = ok + "a"
        let (found, messages, _) = Self.run("tag \(ok) \"T\" { }\ntag \(long) \"T\" { }\ntag t \"T\" {\n  \(long) 1\n}\n")
        #expect(found == ["E0102@2:5", "E0106@4:3"])
        #expect(messages == ["this id is longer than 256 bytes", "this field name is longer than 256 bytes"])
    }

    @Test func aFieldWithMoreValuesThanTheLimit() {
        // Past the limit the values are dropped; those kept are still
        // checked (here: each repeated "en" is a warning).
        let values = Array(repeating: "en", count: Parser.maxValuesPerField + 1).joined(separator: ", ")
        let (found, messages, _) = Self.run("event e \"E\" {\n  date 2017\n  languages \(values)\n}\n")
        #expect(found.filter { $0.hasPrefix("E") } == ["E0302@3:3"])
        #expect(messages.first == "field 'languages' has more than 60000 values")
    }

    /// Expressions of exactly `height` levels, one per way of nesting.
    static func nested(_ form: String, height n: Int) -> String {
        let wraps = n - 1
        switch form {
        case "parentheses": return String(repeating: "(", count: wraps) + "1" + String(repeating: ")", count: wraps)
        case "lists": return String(repeating: "[", count: wraps) + "1" + String(repeating: "]", count: wraps)
        case "records": return String(repeating: "{a: ", count: wraps) + "1" + String(repeating: "}", count: wraps)
        case "calls": return String(repeating: "string(", count: wraps) + "1" + String(repeating: ")", count: wraps)
        case "not": return String(repeating: "not ", count: wraps) + "true"
        case "minus": return String(repeating: "- ", count: wraps) + "1"
        case "sum": return "1" + String(repeating: " + 1", count: wraps)
        case "and": return "true" + String(repeating: " and true", count: wraps)
        case "interpolation": return "\"{" + String(repeating: "[", count: wraps - 1) + "1" + String(repeating: "]", count: wraps - 1) + "}\""
        default: fatalError(form)
        }
    }

    static let forms = ["parentheses", "lists", "records", "calls", "not", "minus", "sum", "and", "interpolation"]

    @Test("expressions nested to the limit run; one level more is one E0107", arguments: forms)
    func expressionNesting(_ form: String) {
        let atLimit = Self.run("print " + Self.nested(form, height: Parser.maxExpressionDepth) + "\n")
        #expect(atLimit.found == [], "\(atLimit.messages)")
        #expect(atLimit.printed.count == 1)
        let over = Self.run("print " + Self.nested(form, height: Parser.maxExpressionDepth + 1) + "\nprint 2\n")
        #expect(over.found.count == 1 && over.found.first?.hasPrefix("E0107@1:") == true, "\(over.found)")
        #expect(over.messages == ["expressions are nested more than 128 deep"])
    }

    @Test("200,000 levels: one E0107, no stack overflow", arguments: forms + ["members", "stages", "unclosed lists"])
    func expressionNestingFarTooDeep(_ form: String) {
        let text: String
        switch form {
        case "members": text = "print today" + String(repeating: ".year", count: 200_000)
        case "stages": text = "print [1]" + String(repeating: " | map (it", count: 200_000) + String(repeating: ")", count: 200_000)
        case "unclosed lists": text = "print " + String(repeating: "[", count: 200_000)
        default: text = "print " + Self.nested(form, height: 200_000)
        }
        let (found, _, _) = Self.run("let a = 1\n" + text + "\nprint a\n")
        #expect(found.count == 1 && found.first?.hasPrefix("E0107@2:") == true, "\(found.prefix(5))")
    }

    // MARK: - Evaluation

    @Test func letBindingsChainedPastTheNestingLimit() {
        // Each link is two levels (the name, the sum), so 2,048 links are
        // past the 4,096 levels. The checker walks the chain (last first)
        // without overflowing the stack and leaves the limit to the evaluator.
        var text = ""
        for i in stride(from: 3_000, to: 0, by: -1) { text += "let a\(i) = a\(i - 1) + 1\n" }
        text += "let a0 = 0\n"
        let (found, messages, printed) = Self.run(text + "print a3000\nprint a1\n")
        #expect(found.count == 1 && found.first?.hasPrefix("E0708@") == true, "\(found)")
        #expect(messages == ["evaluation is nested more than 4,096 levels deep"])
        #expect(printed == ["1"])
        // 2,000 links fit.
        let ok = Self.run(text + "print a2000\n")
        #expect(ok.found == [] && ok.printed == ["2000"])
    }

    @Test func callsOverDeepExpressionsPastTheNestingLimit() {
        // 200 calls are allowed, and bodies 128 levels deep, but not both
        // at once: 200 × 128 levels would need more stack than a thread has.
        let body = "deep(n)" + String(repeating: " + 1", count: Parser.maxExpressionDepth - 2)
        let (found, messages, _) = Self.run("let deep(n) = \(body)\nprint deep(1)\n")
        #expect(found == ["E0708@1:15"])
        #expect(messages == ["evaluation is nested more than 4,096 levels deep"])
    }

    @Test func stepsPastTheLimit() {
        var limits = Evaluator.Limits()
        limits.maxSteps = 2_000
        // The budget is the command's: the first statement (about 400 steps)
        // fits, the second (about 1,600 more) spends it, the third is not run.
        let list = "[" + (1...400).map(String.init).joined(separator: ", ") + "]"
        let (found, messages, printed) = Self.run("print \(list) | count\nprint \(list) | map it + 1 | count\nprint \(list) | map it * 2 | map it + 1 | count\n",
                                                  limits: limits)
        #expect(found.count == 1 && found.first?.hasPrefix("E0708@2:") == true, "\(found)")
        #expect(messages == ["evaluation stopped after 2,000 steps"])
        #expect(printed == ["400"])
    }

    @Test func valuesHeldPastTheDefaultLimit() {
        // Doubling a list: 2^24 values are past 20,000,000 after 24 calls.
        let (found, messages, _) = Self.run("let double(l) = double(l + l)\nprint double([1])\n")
        #expect(found == ["E0708@1:24"])
        #expect(messages == ["evaluation holds more than 20,000,000 values"])
    }

    @Test func textPastTheDefaultLimit() {
        // Doubling a string: refused before the 512 MiB one is built.
        let (found, messages, _) = Self.run("let double(s) = double(s + s)\nprint double(\"ab\")\n"
                                            + "let spell(l) = spell(\"{l}{l}\")\nprint spell(1)\n")
        #expect(found.count == 2 && found[0] == "E0708@1:24" && found[1].hasPrefix("E0708@3:2"), "\(found)")
        #expect(messages == Array(repeating: "evaluation builds more than 268,435,456 bytes of text", count: 2))
    }

    @Test func aListOfOneLongStringIsNotSpelledOut() {
        // One 1 MiB string held 1,000 times is a small list but a 1 GB text.
        var limits = Evaluator.Limits()
        limits.maxTextBytes = 100 << 20
        let text = "let s = \"" + String(repeating: "a", count: 1 << 20) + "\"\n"
            + "let list = [" + Array(repeating: "s", count: 1_000).joined(separator: ", ") + "]\n"
            + "print string(list)\nprint \"{list}\"\nprint \"\" + list\nprint list | count\n"
        let (found, messages, printed) = Self.run(text, limits: limits)
        #expect(found.map { String($0.prefix(5)) } == ["E0708", "E0708", "E0708"])
        #expect(Set(messages) == ["evaluation builds more than 104,857,600 bytes of text"])
        #expect(printed == ["1000"])
    }

    // MARK: - Diagnostics and outputs

    @Test func diagnosticsPrintedByDefault() throws {
        let dir = TemporaryFolder()
        let path = dir.write("many.cap", "member m \"M\" {\n  country SE\n" + (0..<150).map { "  tags t\($0)\n" }.joined() + "}\n")
        let run = try EndToEndTests.run(["check", "--color", "never", path])
        #expect(run.status == 1)
        #expect(run.stdout.components(separatedBy: "error[E0204]").count - 1 == 100)
        #expect(run.stdout.hasSuffix("… and 50 more diagnostics not shown (--max-diagnostics 0 shows all)\nchecked 1 file: 150 errors, 0 warnings\n"))
    }

    @Test func anOutputLargerThanTheLimitIsNotWritten() {
        let dir = TemporaryFolder()
        let path = dir.write("data.cap", """
            map small "Small" {
              output "small.csv"
              format csv
            }
            timeline big "Big" {
              output "big.md"
              format md
            }
            event e "An event with a long name" {
              date 2017-03-01
              country SE
            }

            """)
        var limits = Workspace.Limits()
        let ws = Workspace.load(paths: [path], limits: limits)
        let program = ws.check(today: CaseRunner.today)
        #expect(!ws.diagnostics.hasErrors, "\(BadInputTests.found(ws))")
        let stamp = try! CapDateTime.parse("2026-01-01 00:00:00 UTC")
        let sizes = Dictionary(uniqueKeysWithValues: Build.outputs(program, today: CaseRunner.today, stamp: stamp).map { ($0.path, $0.text.utf8.count) })
        let (small, big) = (sizes["small.csv"] ?? 0, sizes["big.md"] ?? 0)
        #expect(small > 0 && big > 0)
        // A limit between the two sizes refuses the larger one only.
        limits.maxOutputBytes = (small + big) / 2
        let tight = Workspace.load(paths: [path], limits: limits)
        let outputs = Build.outputs(tight.check(today: CaseRunner.today), today: CaseRunner.today, stamp: stamp)
        let larger = small > big ? "small.csv" : "big.md"
        #expect(outputs.map(\.path) == [small > big ? "big.md" : "small.csv"])
        #expect(BadInputTests.found(tight).map { String($0.prefix(5)) } == ["E0603"])
        #expect(tight.diagnostics.diagnostics.first?.message
                == "output '\(larger)' would be \(DiagnosticReport.grouped(max(small, big))) bytes; the limit is \(DiagnosticReport.grouped(limits.maxOutputBytes)) bytes")
    }
}
