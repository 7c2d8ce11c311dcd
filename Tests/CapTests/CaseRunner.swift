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
///     country SWD   // error[E0209]: unknown country or territory 'SWD'
///
/// `// error@+1[E0104]: …` points one line down (`@-2`, `@7` also work); the
/// message after the colon is optional and otherwise matched exactly. A file
/// must produce exactly its expectations, no more and no fewer. Files whose
/// names start with `_` are not cases (they are included by cases).
///
/// Scripts: when the data has no errors, the file runs as `cap run` would,
/// and each `print` must match the next `// output: …` comment, in order
/// (values in their one-line form, as `ValueFormatter.inline` writes them).
/// Cases are evaluated with today fixed at 2026-01-01.
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
        var severity: String
        var code: String
        var message: String?

        var description: String {
            "\(file):\(line): \(severity)[\(code)]" + (message.map { ": " + $0 } ?? "")
        }
    }

    /// Expectations written in a file's comments.
    static func expectations(in text: String, file: String) -> [Expectation] {
        var result: [Expectation] = []
        let pattern = try! NSRegularExpression(
            pattern: #"//\s*(error|warning)(@[+-]?\d+)?\[([EW]\d{4})\](?::\s?(.*?))?\s*$"#)
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
            let message = group(4).flatMap { $0.isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
            result.append(Expectation(file: file, line: target, severity: group(1)!, code: group(3)!, message: message))
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

    /// Loads, checks and runs one case; returns what was expected and what
    /// was found, diagnostics and printed values alike.
    static func run(_ relativePath: String) -> (missing: [Expectation], unexpected: [String]) {
        let path = casesDirectory.appendingPathComponent(relativePath).path
        let workspace = Workspace.load(paths: [path])
        let program = workspace.check(runningRules: false, today: today)
        var printed: [String] = []
        if !workspace.diagnostics.hasErrors {
            let formatter = ValueFormatter(entities: program.model)
            program.run { printed.append(formatter.inline($0)) }
        }
        var expectedOutput: [String] = []
        for file in workspace.sources.files { expectedOutput += outputs(in: String(decoding: file.bytes, as: UTF8.self)) }
        var expected: [Expectation] = []
        for file in workspace.sources.files {
            expected += expectations(in: String(decoding: file.bytes, as: UTF8.self), file: file.canonicalPath)
        }
        var unexpected: [String] = []
        for d in workspace.diagnostics.sorted() {
            guard let range = d.range else {
                unexpected.append("(no location): \(d.severity.rawValue)[\(d.code.id)]: \(d.message)")
                continue
            }
            let file = workspace.sources[range.file].canonicalPath
            let line = workspace.sources.lineColumn(range.file, range.start).line
            if let i = expected.firstIndex(where: {
                $0.file == file && $0.line == line && $0.severity == d.severity.rawValue && $0.code == d.code.id
                    && ($0.message == nil || $0.message == d.message)
            }) {
                expected.remove(at: i)
            } else {
                let name = workspace.sources[range.file].path.split(separator: "/").last.map(String.init) ?? ""
                unexpected.append("\(name):\(line): \(d.severity.rawValue)[\(d.code.id)]: \(d.message)")
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

    @Test func thereAreCases() {
        #expect(CaseRunner.allCases().count >= 30)
    }
}
