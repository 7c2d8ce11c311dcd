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
@testable import CapTooling

/// `cap explain`: every code has what it means, an example and a fix, and
/// each example really gives its code.
@Suite struct ExplainTests {
    /// Each code's summary is what `cap explain` lists and the first line
    /// of its explanation, and the fix its last: each is one sentence of
    /// its own, written for that code (none is shared with another code,
    /// which a copied entry would be).
    @Test func everyCodeHasASummaryAnExampleAndAFix() {
        #expect(DiagnosticCode.all.map(\.id) == EndToEndTests.explainedCodes, "the catalogue, in order")
        func isSentence(_ text: String) -> Bool {
            text.first?.isUppercase == true && text.hasSuffix(".") && !text.hasSuffix("..") && !text.contains("\n")
                && text == text.trimmingCharacters(in: .whitespaces)
        }
        for code in DiagnosticCode.all {
            #expect(isSentence(code.summary), "\(code.id): \(code.summary)")
            #expect(isSentence(code.fix), "\(code.id): \(code.fix)")
            #expect(!code.example.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(code.id) has no example")
            #expect(code.fix != code.summary, "\(code.id): the fix repeats the summary")
        }
        let sharedSummaries = Dictionary(grouping: DiagnosticCode.all, by: \.summary).filter { $0.value.count > 1 }
        #expect(sharedSummaries.isEmpty, "\(sharedSummaries.mapValues { $0.map(\.id) })")
        let sharedFixes = Dictionary(grouping: DiagnosticCode.all, by: \.fix).filter { $0.value.count > 1 }
        #expect(sharedFixes.isEmpty, "\(sharedFixes.mapValues { $0.map(\.id) })")
    }

    /// The codes whose example needs more than the file itself: another
    /// file, a lowered limit (no test writes 256 MiB), or Ctrl-C.
    static func setUp(_ id: String, in work: URL, _ limits: inout Workspace.Limits) throws {
        let fm = FileManager.default
        func write(_ name: String, _ text: String) throws {
            try fm.createDirectory(at: work.appendingPathComponent(name).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: work.appendingPathComponent(name))
        }
        switch id {
        case "E0503":
            try write("../shared/members.cap", "member talita \"Talita\" {\n  country SE\n}\n")
        case "E0505":
            // Unreadable: a file of mode 000 is read all the same by root,
            // so the test makes members.cap a socket, which no one can open.
            let path = work.appendingPathComponent("members.cap").path
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, b) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = b }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            #expect(bound == 0, "cannot make the unreadable file")
        case "E0601":
            try write("scans.cap", String(repeating: "// scanned page\n", count: 100))
            limits.maxFileBytes = 1000
        case "E0602":
            try write("a.cap", "include \"b.cap\"\n")
            try write("b.cap", "include \"c.cap\"\n")
            try write("c.cap", "tag t \"T\" { }\n")
            limits.maxIncludeDepth = 2
        case "E0603":
            limits.maxOutputBytes = 100
        default:
            break
        }
    }

    /// The codes the example gives, as `cap check` then `cap run` (or, for
    /// E0603, `cap build`; for E0711, the REPL with Ctrl-C) would.
    static func codes(of code: DiagnosticCode) throws -> [String] {
        let root = TemporaryFolder()
        let work = root.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        var limits = Workspace.Limits()
        try setUp(code.id, in: work, &limits)
        let file = work.appendingPathComponent("example.cap")
        try Data(DiagnosticReference.bytes(of: code.example)).write(to: file)
        if code.id == "E0009" {
            // The example shows three of the 1,001 lines it describes.
            try Data(Array(repeating: Array("\u{01}\n".utf8), count: 1_001).flatMap { $0 }).write(to: file)
        }
        if code.id == "E0901" {
            // The formatter's own check, which only a bug trips: the bug
            // is made here by dropping the output's first comment.
            let source = SourceFile(id: 0, path: "example.cap", bytes: DiagnosticReference.bytes(of: code.example))
            let result = Formatter.format(source, tamper: { output in
                let text = String(decoding: output, as: UTF8.self)
                return Array(text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n").utf8)
            })
            return result.diagnostics.map(\.code.id)
        }
        if code.id == "E0711" {
            var options = Session.Options()
            options.interruption = { true }
            let session = Session(paths: [EndToEndTests.packageRoot.appendingPathComponent("Examples").path], options: options)
            let reply = session.handle(code.example)
            return reply.errors.contains("error[E0711]") ? ["E0711"] : [reply.errors]
        }
        let workspace = Workspace.load(paths: [file.path], limits: limits)
        let program = workspace.check(runningRules: true, today: try CapDate.parse("2026-01-01"))
        if !workspace.diagnostics.hasErrors {
            program.run { _ in }
            // Found when a calendar is written, not by the check.
            if code.id == "E0603" || code.id == "E0404" {
                let out = root.url.appendingPathComponent("out").path
                let today = try CapDate.parse("2026-01-01"), stamp = try CapDateTime.parse("2026-01-01 00:00 UTC")
                do throws(Build.WriteFailure) {
                    _ = try Build.stage(program, in: out, today: today, stamp: stamp)
                } catch {
                    return ["cannot write \(error.path)"]
                }
            }
        }
        return workspace.diagnostics.sorted().map(\.code.id)
    }

    @Test("the example gives its code", arguments: DiagnosticCode.all.map(\.id))
    func theExampleGivesItsCode(_ id: String) throws {
        let code = try #require(DiagnosticCode.lookup(id))
        let found = try Self.codes(of: code)
        #expect(found.contains(id), "\(id): the example gives \(found)\n\(code.example)")
    }

    @Test func explainPrintsTheThree() throws {
        let r = try EndToEndTests.run(["explain", "E0209"])
        #expect(r.status == 0)
        #expect(r.stdout == """
            E0209: Not an ISO 3166 country or subdivision code or a known English name.

            For example, in example.cap:

                member talita "Talita" {
                  country SWD
                }

            Fix: Use an ISO 3166 code (SE, or a subdivision such as US-NV) or the English name; the help suggests the nearest.

            """)
        // An example that holds bytes a terminal cannot show names them.
        let bytes = try EndToEndTests.run(["explain", "W0002"])
        #expect(bytes.status == 0)
        #expect(bytes.stdout == """
            W0002: The file starts with a UTF-8 byte order mark, which cap ignores.

            For example, in example.cap:

                ⟨EF⟩⟨BB⟩⟨BF⟩tag exit "Exit programmes" { }

            (⟨EF⟩, ⟨BB⟩, ⟨BF⟩ stand for the bytes 0xEF, 0xBB, 0xBF.)

            Fix: Save the file as UTF-8 without BOM (most editors offer it when saving).

            """)
        // --all: every explanation, in the catalogue's order, each with its fix.
        let all = try EndToEndTests.run(["explain", "--all"])
        #expect(all.status == 0)
        let headings = all.lines.filter { $0.count > 6 && $0.prefix(6).last == ":" && ($0.hasPrefix("E") || $0.hasPrefix("W")) }
        #expect(headings.map { String($0.prefix(5)) } == EndToEndTests.explainedCodes)
        #expect(all.lines.filter { $0.hasPrefix("Fix: ") }.count == EndToEndTests.explainedCodes.count)
    }

    /// docs/diagnostics.md is the catalogue's reference, regenerated with
    /// `cap explain --all --markdown > docs/diagnostics.md`.
    @Test func theDocsAreTheCatalogue() throws {
        let r = try EndToEndTests.run(["explain", "--all", "--markdown"])
        #expect(r.status == 0)
        let docs = EndToEndTests.packageRoot.appendingPathComponent("docs/diagnostics.md")
        let text = String(decoding: try EndToEndTests.read(docs), as: UTF8.self)
        #expect(text == r.stdout, "docs/diagnostics.md is out of date: cap explain --all --markdown > docs/diagnostics.md")
        for code in DiagnosticCode.all { #expect(text.contains("\n### \(code.id)\n")) }
    }
}
