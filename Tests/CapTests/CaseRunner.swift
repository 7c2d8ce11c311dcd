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

/// Runs every case file under Tests/Cases: one .cap file per case, with the
/// diagnostics it must produce written as comments on the lines they point
/// at, as in Crafting Interpreters' test suite:
///
///     country SWD   // error[E0209]@11: unknown country or territory 'SWD'
///
/// `@11` after the code is the column (counted in Unicode characters, from
/// 1, as `cap check` shows it) and is required. `// error@+1[E0104]@3: …`
/// points one line down (`@-2`, `@7` also work). The message after the colon
/// is optional and otherwise matched exactly. Severities are `error`,
/// `warning` and `note` (a note on its own, such as "2 data rules not run
/// because of the errors above"). A file must produce exactly its
/// expectations, no more and no fewer. Files whose names start with `_` are
/// not cases (they are included by cases).
///
/// Each case is loaded as `cap check` loads it — data rules (`assert`) run
/// when the data has no errors, and are counted in a note when it has — and
/// as `cap run` does, with today fixed at 2026-01-01; the expectations are
/// what the two report between them (one given by both is written once).
/// Scripts: when the data has no errors, the file runs as `cap run` would,
/// and each `print` must match the next `// output: …` comment, in order
/// (values in their one-line form, as `ValueFormatter.inline` writes them).
///
/// The number of cases in each folder is pinned in `CaseFileTests.casesPerFolder`:
/// adding a case updates the pin, so a folder that vanishes cannot go unnoticed.
struct CaseRunner {
    static let casesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Cases")

    static func allCases() -> [String] {
        let root = casesDirectory.path
        return FileSystem.capFiles(under: root).files
            .filter { !($0.split(separator: "/").last ?? "").hasPrefix("_") }
            .map { String($0.dropFirst(root.count + 1)) }
    }

    struct Expectation: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var column: Int?
        var severity: String
        var code: String
        var message: String?

        var description: String {
            "\(file):\(line):\(column.map(String.init) ?? "?"): \(severity)[\(code)]" + (message.map { ": " + $0 } ?? "")
        }
    }

    static let pattern = try! NSRegularExpression(
        pattern: #"//\s*(error|warning|note)(@[+-]?\d+)?\[([EW]\d{4})\](?:@(\d+))?(?::\s?(.*?))?\s*$"#)

    /// Expectations written in a file's comments.
    static func expectations(in text: String, file: String) -> [Expectation] {
        var result: [Expectation] = []
        // Lines end at LF, CRLF or a lone CR, as in the checker's line table.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for (index, line) in lines.components(separatedBy: "\n").enumerated() {
            let ns = line as NSString
            guard let m = pattern.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { continue }
            func group(_ i: Int) -> String? {
                let r = m.range(at: i)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
            var target = index + 1
            if let at = group(2)?.dropFirst() {
                if at.hasPrefix("+") || at.hasPrefix("-") { target += Int(at)! } else { target = Int(at)! }
            }
            let message = group(5).flatMap { $0.isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
            result.append(Expectation(file: file, line: target, column: group(4).flatMap { Int($0) },
                                      severity: group(1)!, code: group(3)!, message: message))
        }
        return result
    }

    static let today = try! CapDate(year: 2026, month: 1, day: 1)

    /// `// output: …` comments, in order.
    static func outputs(in text: String) -> [String] {
        text.components(separatedBy: "\n").compactMap { line in
            guard let r = line.range(of: "// output: ") else { return nil }
            return String(line[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
    }

    /// A diagnostic where it points, as a case file states it.
    struct Found: Hashable {
        var file: String, name: String, line: Int, column: Int
        var severity: String, code: String, message: String
    }

    static func found(in workspace: Workspace, unlocated: inout [String]) -> [Found] {
        workspace.diagnostics.sorted().compactMap { d in
            guard let range = d.range else {
                unlocated.append("(no location): \(d.severity.rawValue)[\(d.code.id)]: \(d.message)")
                return nil
            }
            let source = workspace.sources[range.file]
            let (line, column) = workspace.sources.lineColumn(range.file, range.start)
            return Found(file: source.canonicalPath, name: source.path.split(separator: "/").last.map(String.init) ?? "",
                         line: line, column: column, severity: d.severity.rawValue, code: d.code.id, message: d.message)
        }
    }

    /// Loads one case twice, as `cap check` and as `cap run` would, and
    /// returns what was expected and not found and what was found and not
    /// expected, diagnostics and printed values alike. The expectations are
    /// what the two commands report between them: `cap check` runs the data
    /// rules (or notes that errors kept them from running), `cap run` runs
    /// the statements in order, prints and rules alike, when the data has no
    /// errors. A diagnostic both give is expected once.
    static func run(_ relativePath: String) -> (missing: [Expectation], unexpected: [String]) {
        let path = casesDirectory.appendingPathComponent(relativePath).path
        var unexpected: [String] = []
        let checked = Workspace.load(paths: [path])
        checked.check(runningRules: true, today: today)
        var reported = found(in: checked, unlocated: &unexpected)

        let ran = Workspace.load(paths: [path])
        let program = ran.check(runningRules: false, today: today)
        var printed: [String] = []
        if !ran.diagnostics.hasErrors {
            let formatter = ValueFormatter(entities: program.model)
            program.run { printed.append(formatter.inline($0)) }
        }
        var unlocatedByRun: [String] = []
        for f in found(in: ran, unlocated: &unlocatedByRun) where !reported.contains(f) { reported.append(f) }
        for u in unlocatedByRun where !unexpected.contains(u) { unexpected.append(u) }

        var expectedOutput: [String] = []
        for file in ran.sources.files { expectedOutput += outputs(in: String(decoding: file.bytes, as: UTF8.self)) }
        var expected: [Expectation] = []
        for file in ran.sources.files {
            let stated = expectations(in: String(decoding: file.bytes, as: UTF8.self), file: file.canonicalPath)
            for e in stated where e.column == nil {
                unexpected.append("\(e.description): the expectation states no column (write it after the code: [\(e.code)]@COLUMN)")
            }
            expected += stated
        }
        for d in reported {
            if let i = expected.firstIndex(where: {
                $0.file == d.file && $0.line == d.line && ($0.column == nil || $0.column == d.column)
                    && $0.severity == d.severity && $0.code == d.code && ($0.message == nil || $0.message == d.message)
            }) {
                expected.remove(at: i)
            } else {
                unexpected.append("\(d.name):\(d.line):\(d.column): \(d.severity)[\(d.code)]: \(d.message)")
            }
        }
        for (i, line) in expectedOutput.enumerated() where i >= printed.count || printed[i] != line {
            unexpected.append("output \(i + 1): expected \(line), printed \(i < printed.count ? printed[i] : "nothing")")
            break
        }
        if printed.count > expectedOutput.count {
            unexpected.append("printed more than expected: \(printed[expectedOutput.count...].joined(separator: " | "))")
        }
        return (expected, unexpected)
    }
}

@Suite("Case files")
struct CaseFileTests {
    @Test("case", arguments: CaseRunner.allCases())
    func caseFile(_ path: String) {
        let (missing, unexpected) = CaseRunner.run(path)
        #expect(missing.isEmpty, "expected but not reported:\n\(missing.map(\.description).joined(separator: "\n"))")
        #expect(unexpected.isEmpty, "reported but not expected:\n\(unexpected.joined(separator: "\n"))")
    }

    /// How many cases each folder of Tests/Cases holds. Adding a case adds
    /// one here; a folder lost (or a case the runner stops finding) fails.
    static let casesPerFolder: [String: Int] = [
        "dates": 11, "includes": 11, "laws": 8, "lexer": 14, "names": 16, "outputs": 4,
        "schema": 16, "script": 83, "syntax": 27, "valid": 4, "values": 13,
    ]

    @Test func everyFolderHasItsPinnedNumberOfCases() {
        var found: [String: Int] = [:]
        for path in CaseRunner.allCases() {
            found[path.split(separator: "/").first.map(String.init) ?? "", default: 0] += 1
        }
        #expect(found == Self.casesPerFolder)
        #expect(found.values.reduce(0, +) == 207)
    }

    /// The runner's own reading of expectations, on lines written here.
    @Test func expectationsAreReadWithTheirLineAndColumn() {
        let text = """
            a   // error[E0209]@11: unknown country or territory 'SWD'
            b   // warning@+1[W0301]@3
            c   // note@7[E0706]@1: 2 data rules not run because of the errors above
            d   // error[E0202]
            e   // a comment mentioning error[E0202] without the marker
            """
        let found = CaseRunner.expectations(in: text, file: "f.cap")
        #expect(found == [
            .init(file: "f.cap", line: 1, column: 11, severity: "error", code: "E0209", message: "unknown country or territory 'SWD'"),
            .init(file: "f.cap", line: 3, column: 3, severity: "warning", code: "W0301", message: nil),
            .init(file: "f.cap", line: 7, column: 1, severity: "note", code: "E0706",
                  message: "2 data rules not run because of the errors above"),
            .init(file: "f.cap", line: 4, column: nil, severity: "error", code: "E0202", message: nil),
        ])
    }
}
