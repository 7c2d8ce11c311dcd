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
}
