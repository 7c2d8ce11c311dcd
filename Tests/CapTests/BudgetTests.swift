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

/// One step budget per command, and operations whose cost is not one step
/// charged for what they do (issue 28, item 3).
@Suite struct BudgetTests {
    static func limits(steps: Int) -> Evaluator.Limits {
        var limits = Evaluator.Limits()
        limits.maxSteps = steps
        return limits
    }

    /// `l60` holds two references to `l59`, and so on: tiny in memory,
    /// 2^60 items once spelled out or compared.
    static let shared = "let l0 = [1, 2, 3]\n" + (1...60).map { "let l\($0) = [l\($0 - 1), l\($0 - 1)]\n" }.joined()

    @Test func aHundredRulesShareOneBudget() {
        let list = "[" + (1...400).map(String.init).joined(separator: ", ") + "]"
        let text = String(repeating: "assert \(list) | map it + 1 | count == 400\n", count: 100)
        let dir = TemporaryFolder()
        let ws = Workspace.load(paths: [dir.write("rules.cap", text)])
        let program = Program(workspace: ws, today: CaseRunner.today, limits: Self.limits(steps: 5_000))
        let started = Date()
        _ = program.checkRules()
        #expect(BadInputTests.found(ws).map { String($0.prefix(7)) } == ["E0708@4"], "\(BadInputTests.found(ws))")
        #expect(ws.diagnostics.sorted().first?.help?.hasSuffix("the statements after this one were not run") == true)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func equalityOfSharedListsEndsWithinTheBudget() {
        let started = Date()
        let (found, messages, printed) = LimitsTests.run(Self.shared + "print l60 == l60\nprint l2 == l2\n", limits: Self.limits(steps: 1_000_000))
        #expect(found.map { String($0.prefix(8)) } == ["E0708@62"], "\(found)")
        #expect(messages == ["evaluation stopped after 1,000,000 steps"])
        #expect(printed == [])
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func printingAndDistinctOfSharedListsAreRefused() {
        for statement in ["print l60", "print l60 | distinct | count", "print string(l60)", "print [l60] | distinct | count"] {
            let started = Date()
            let (found, messages, printed) = LimitsTests.run(Self.shared + statement + "\n")
            #expect(found.map { String($0.prefix(8)) } == ["E0708@62"], "\(statement): \(found)")
            #expect(messages.count == 1 && messages[0].hasPrefix("evaluation "), "\(statement): \(messages)")
            #expect(printed == [], "\(statement)")
            #expect(Date().timeIntervalSince(started) < 20, "\(statement)")
        }
    }

    @Test func scanningALongStringCostsSteps() {
        let text = "let s = \"" + String(repeating: "a", count: 1 << 20) + "\"\nprint contains(s, \"b\")\nprint length(s)\n"
        let (found, messages, _) = LimitsTests.run(text, limits: Self.limits(steps: 10_000))
        #expect(found.map { String($0.prefix(7)) } == ["E0708@2"], "\(found)")
        #expect(messages == ["evaluation stopped after 10,000 steps"])
        let (ok, _, printed) = LimitsTests.run(text, limits: Self.limits(steps: 100_000))
        #expect(ok == [] && printed == ["false", "1048576"])
    }

    @Test func stringsKeptByLetsAreCountedOnceEach() {
        var limits = Evaluator.Limits()
        limits.maxTextBytes = 1 << 20
        let big = "let s0 = \"" + String(repeating: "a", count: 600_000) + "\"\n"
        // Shared: one string, however many times a list or a let names it.
        let (sharedFound, _, sharedPrinted) = LimitsTests.run(big + "let t = s0\nlet l = [s0, s0, t, t]\nprint l | count\nprint length(t)\n", limits: limits)
        #expect(sharedFound == [] && sharedPrinted == ["4", "600000"], "\(sharedFound)")
        // Each let keeping a string of its own: 1.2 MB kept.
        let (found, messages, printed) = LimitsTests.run(big + "let s1 = s0 + \"x\"\nprint length(s1)\n", limits: limits)
        #expect(found.map { String($0.prefix(7)) } == ["E0708@3"], "\(found)")
        #expect(messages == ["let values hold more than 1,048,576 bytes"])
        #expect(printed == [])
        // The notes name the let that crossed the limit, and the one that
        // keeps the most when that is another, each with its bytes.
        let dir = TemporaryFolder()
        let lets = big + "let x = \"" + String(repeating: "c", count: 440_000) + "\"\nlet small = \"" + String(repeating: "b", count: 10_000) + "\"\n"
        let ws = Workspace.load(paths: [dir.write("k.cap", lets + "print length(s0) + length(x) + length(small)\n")])
        let program = Program(workspace: ws, today: CaseRunner.today, limits: limits)
        program.run { _ in Issue.record("a value was printed") }
        #expect(BadInputTests.found(ws) == ["E0708@4:39"], "\(BadInputTests.found(ws))")
        let notes = ws.diagnostics.sorted().first?.notes.map(\.message)
        #expect(notes == ["'small' is defined here, and keeps 10,000 bytes", "'s0' keeps the most, 600,000 bytes"], "\(notes ?? [])")
    }

    @Test func aReportsStatisticsShareTheTextLimit() {
        var limits = Evaluator.Limits()
        limits.maxTextBytes = 1 << 20
        let text = "let s = \"" + String(repeating: "a", count: 400_000) + "\"\n"
            + "let a = [s]\nlet b = [s]\nlet c = [s]\n"
            + "report r \"Report\" {\n  period 2017\n  format md\n  output \"r.md\"\n  statistic a, b, c\n}\n"
        let dir = TemporaryFolder()
        let ws = Workspace.load(paths: [dir.write("r.cap", text)])
        ws.check(today: CaseRunner.today)
        #expect(!ws.diagnostics.hasErrors, "\(ws.diagnostics.sorted().map(\.message))")
        let program = Program(workspace: ws, today: CaseRunner.today, limits: limits)
        let report = program.model.entities(of: .report).first!
        let statistics = Build.statistics(program, report)
        #expect(statistics.map(\.name) == ["a", "b"])
        #expect(BadInputTests.found(ws).map { String($0.prefix(7)) } == ["E0708@4"], "\(BadInputTests.found(ws))")
        #expect(ws.diagnostics.sorted().map(\.message) == ["the report's statistics would take more than 1,048,576 bytes to write out"])
    }

    @Test func ctrlCStopsAComparisonOfSharedLists() {
        let dir = TemporaryFolder()
        let ws = Workspace.load(paths: [dir.write("eq.cap", Self.shared + "print l60 == l60\n")])
        let program = Program(workspace: ws, today: CaseRunner.today)
        var asked = 0
        // Ctrl-C is pressed once the comparison has started.
        program.evaluator.interruption = { asked += 1; return asked > 1 }
        let started = Date()
        program.run { _ in Issue.record("a value was printed") }
        #expect(BadInputTests.found(ws).map { String($0.prefix(8)) } == ["E0711@62"], "\(BadInputTests.found(ws))")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// E0708 for text points at what built the text: the statement's own
    /// large expression, not the small `let` evaluated after it that
    /// happened to cross the limit (it gets a note).
    @Test func theTextLimitBlamesWhatBuiltTheText() {
        var limits = Evaluator.Limits()
        limits.maxTextBytes = 1 << 20
        let text = "let s = \"" + String(repeating: "a", count: 524_000) + "\"\n"
            + "let n1 = \"" + String(repeating: "b", count: 300) + "\"\nlet n2 = n1 + n1\n"
            + "print length(s + s) + length(n2)\n"
        let dir = TemporaryFolder()
        let ws = Workspace.load(paths: [dir.write("t.cap", text)])
        let program = Program(workspace: ws, today: CaseRunner.today, limits: limits)
        program.run { _ in Issue.record("a value was printed") }
        let d = ws.diagnostics.sorted()
        #expect(d.count == 1)
        // Line 4, column 14: `s + s`, which built 1,048,000 of the bytes;
        // the let `n2` (line 3, column 10) only crossed the limit.
        #expect(BadInputTests.found(ws) == ["E0708@4:14"], "\(BadInputTests.found(ws))")
        #expect(d.first?.label == "builds 1,048,000 bytes")
        #expect(d.first?.notes.map(\.message) == ["the limit was reached here, building 600 more bytes"])
        let note = d.first?.notes.first?.range
        #expect(note.map { ws.sources.lineColumn($0.file, $0.start) }.map { "\($0.line):\($0.column)" } == "3:10")
        #expect(d.first?.help == "build shorter strings; a list of values needs no joining (this statement, with the let values it evaluates, would build 1,048,600 bytes)")
    }

    /// Grouping spells each key out, as `distinct` spells its items: a key
    /// of shared lists is refused, not spelled for ever.
    @Test func groupingBySharedListsIsRefused() {
        let started = Date()
        let (found, messages, printed) = LimitsTests.run(Self.shared + "print [l60] | group it | count\n")
        #expect(found.map { String($0.prefix(8)) } == ["E0708@62"], "\(found)")
        #expect(messages.count == 1 && messages[0].hasPrefix("evaluation builds more than"), "\(messages)")
        #expect(printed == [])
        #expect(Date().timeIntervalSince(started) < 20)
    }

    /// Sorting, `min`, `max` and `<` compare strings for their length in
    /// steps: a list of long strings was sorted for minutes on a handful
    /// of steps.
    @Test func orderingLongStringsCostsSteps() {
        let text = "let s = \"" + String(repeating: "a", count: 64_000) + "\"\nlet t = s + \"b\"\n"
            + "let l = [s, t, s, t, s, t, s, t]\n"
        for statement in ["print l | sort | count", "print length(l | max)", "print length(l | min)", "print l | count it < t"] {
            let (found, messages, _) = LimitsTests.run(text + statement + "\n", limits: Self.limits(steps: 10_000))
            #expect(found.map { String($0.prefix(7)) } == ["E0708@4"], "\(statement): \(found)")
            #expect(messages == ["evaluation stopped after 10,000 steps"], "\(statement)")
            let (ok, _, printed) = LimitsTests.run(text + statement + "\n", limits: Self.limits(steps: 100_000))
            #expect(ok == [] && printed.count == 1, "\(statement): \(ok)")
        }
        let (_, _, printed) = LimitsTests.run(text + "print [t, s] | sort | map length(it)\nprint length(l | max)\nprint l | count it < t\n")
        #expect(printed == ["[64000, 64001]", "64001", "4"])
    }

    /// Comparing a country with a string looks the string up as a name,
    /// which folds all of it: 0.2 s for 64 MB, once a step. Text with more
    /// letters than a name is none at once; padding costs its length.
    @Test func comparingACountryWithALongStringCostsSteps() {
        let padded = "let s = \"France" + String(repeating: " ", count: 140_000) + "\"\n"
            + "print [FR, SE, FR, SE, FR, SE] | count it == s\n"
        let (found, messages, _) = LimitsTests.run(padded, limits: Self.limits(steps: 20_000))
        #expect(found.map { String($0.prefix(7)) } == ["E0708@2"], "\(found)")
        #expect(messages == ["evaluation stopped after 20,000 steps"])
        let (ok, _, printed) = LimitsTests.run(padded)
        #expect(ok == [] && printed == ["3"], "\(ok)")
        let long = "let s = \"" + String(repeating: "France ", count: 20_000) + "\"\n"
            + "print [FR, SE, FR, SE, FR, SE] | count it == s\nprint [FR, SE] | count it == \"France\"\n"
        let started = Date()
        let (none, _, counted) = LimitsTests.run(long, limits: Self.limits(steps: 20_000))
        #expect(none == [] && counted == ["0", "1"], "\(none)")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// A sort asks for Ctrl-C as it spends its steps, however many each
    /// comparison of long strings costs.
    @Test func ctrlCStopsASortOfLongStrings() {
        let text = "let s = \"" + String(repeating: "a", count: 64_000) + "\"\nlet l0 = [s, s + \"b\"]\n"
            + (1...9).map { "let l\($0) = l\($0 - 1) + l\($0 - 1)\n" }.joined() + "print l9 | sort | count\n"
        let dir = TemporaryFolder()
        let ws = Workspace.load(paths: [dir.write("sort.cap", text)])
        let program = Program(workspace: ws, today: CaseRunner.today)
        var asked = 0
        program.evaluator.interruption = { asked += 1; return asked > 1 }
        program.run { _ in Issue.record("a value was printed") }
        #expect(BadInputTests.found(ws).map { String($0.prefix(8)) } == ["E0711@12"], "\(BadInputTests.found(ws))")
        // Asked once per 65,536 units: no at the first, yes at the second,
        // and once more when the sort has stopped, to tell Ctrl-C from a
        // spent budget.
        #expect(asked == 3)
    }
}
