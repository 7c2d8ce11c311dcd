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
@testable import CapTooling

/// `cap fmt`'s layout (docs/format.md) on small texts, written out here,
/// and its three guarantees — idempotent, meaning kept, every comment kept
/// in order — on Examples/, on every .cap file under Tests/ and on a
/// generated corpus. The guarantees are checked here with the parser and
/// the whole check directly, not with the formatter's own checks.
@Suite struct FormatterTests {
    static func format(_ text: String) -> String? { Formatter.format(text).text }

    @Test func dataTakesTheCanonicalLayout() {
        let input = """
            // Members.
            member talita "Talita" { country SE; joined 2014 }


            member   ruhama "Ruhama"   {
            \tcountry IE   // Ireland\u{20}\u{20}
                aka "A","B"


                role { title "D"; org cap }
              // last
            }
            tag t "T" { }
            include   "x.cap"
            event e "E" {
              date 2019-07-04 .. 2019-07-06
              when 2021-06-22 12:00 CEST
            }
            """
        #expect(Self.format(input) == """
            // Members.
            member talita "Talita" {
              country SE
              joined 2014
            }

            member ruhama "Ruhama" {
              country IE // Ireland
              aka "A", "B"

              role {
                title "D"
                org cap
              }
              // last
            }
            tag t "T" {}
            include "x.cap"
            event e "E" {
              date 2019-07-04..2019-07-06
              when 2021-06-22 12:00 CEST
            }

            """)
    }

    @Test func scriptsTakeTheCanonicalSpacing() {
        let input = """
            let  x=members|where joined==2017
            let f(a,b)=a+ -b
            print [1,2 ,3] ; print {name:"a",n:-1}
            assert members | all country != none,"every member has a country"
            print (1 + 2) * -3 - f(1, 2).x
            print events | sort date desc, title | first 3 | map {t: title, d: date}
            print a not in [b]
            """
        #expect(Self.format(input) == """
            let x = members | where joined == 2017
            let f(a, b) = a + -b
            print [1, 2, 3]
            print {name: "a", n: -1}
            assert members | all country != none, "every member has a country"
            print (1 + 2) * -3 - f(1, 2).x
            print events | sort date desc, title | first 3 | map {t: title, d: date}
            print a not in [b]

            """)
    }

    @Test func longListsFillTheirLinesAndLongPipelinesBreakAtEachStage() {
        let ids = (1...24).map { String(format: "member_%02d", $0) }.joined(separator: ", ")
        let input = """
            coalition c "C" {
              members \(ids)
            }
            let long_enough_name = members | where joined >= 2017 and country in [SE, NO, FR] | sort joined desc | first 10
            let short = members | count
            """
        #expect(Self.format(input) == """
            coalition c "C" {
              members member_01, member_02, member_03, member_04, member_05, member_06, member_07, member_08,
                member_09, member_10, member_11, member_12, member_13, member_14, member_15, member_16,
                member_17, member_18, member_19, member_20, member_21, member_22, member_23, member_24
            }
            let long_enough_name = members
              | where joined >= 2017 and country in [SE, NO, FR]
              | sort joined desc
              | first 10
            let short = members | count

            """)
    }

    @Test func commentsStayBesideTheirCodeAndAlign() {
        let input = """
            print members // which
              | where joined > 2017 // recent
              // own line
              | count
            let xs = [
              1, // one
              2,
              // three next
              3
            ]
            event e "E" {
              date 2017 // year only
              tags a, // first
                b,
                // c next
                c
            }
            """
        #expect(Self.format(input) == """
            print members           // which
              | where joined > 2017 // recent
              // own line
              | count
            let xs = [
              1, // one
              2,
              // three next
              3
            ]
            event e "E" {
              date 2017 // year only
              tags a,   // first
                b,
                // c next
                c
            }

            """)
    }

    @Test func multiLineStringsAreLeftExactlyAsWritten() {
        let input = "event e \"E\" {\n    description \"\"\"\n   kept   \n\t  as is \"\"\"\n}\n"
        #expect(Self.format(input) == "event e \"E\" {\n  description \"\"\"\n   kept   \n\t  as is \"\"\"\n}\n")
    }

    @Test func aFileThatDoesNotParseIsNotFormatted() {
        let result = Formatter.format("member talita \"Talita\" {\n  country SE,\n}\n")
        #expect(result.output == nil)
        #expect(result.diagnostics.map(\.code.id) == ["E0105"])
        #expect(!result.changed)
    }

    @Test func theOutputCheckRefusesWhatABugWouldMake() {
        let file = SourceFile(id: 0, path: "a.cap", text: "tag a \"A\" {}\n// kept\n")
        let dropped = Formatter.format(file, tamper: { Array(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "// kept\n", with: "").utf8) })
        #expect(dropped.output == nil)
        #expect(dropped.diagnostics.map(\.code.id) == ["E0901"])
        let renamed = Formatter.format(file, tamper: { Array(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "tag a", with: "tag b").utf8) })
        #expect(renamed.diagnostics.first?.message.contains("the header of an entity differs") == true)
    }

    @Test func aUnifiedDiffAsDiffPrintsIt() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
        #expect(UnifiedDiff.render(old, new, oldName: "a/x", newName: "b/x") == """
            --- a/x
            +++ b/x
            @@ -1,5 +1,5 @@
             a
            -b
            +B
             c
             d
             e
            @@ -8,3 +8,4 @@
             h
             i
             j
            +k

            """)
        #expect(UnifiedDiff.render("x", "x\n", oldName: "a", newName: "b") == "--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n")
        #expect(UnifiedDiff.render(old, old, oldName: "a", newName: "b") == "")
    }

    @Test func theAnalysisComparisonSeesAChangeOfMeaning() {
        let text = Array("tag a \"A\" {}\nprint tags | count\n".utf8)
        #expect(AnalysisComparison.difference(text: text, formatted: Array("tag a \"A\" {}\nprint  tags|count\n".utf8),
                                              name: "a.cap") == nil)
        #expect(AnalysisComparison.difference(text: text, formatted: Array("tag b \"A\" {}\nprint tags | count\n".utf8),
                                              name: "a.cap") == "the entities differ")
        #expect(AnalysisComparison.difference(text: text, formatted: Array("tag a \"A\" {}\nprint tagz | count\n".utf8),
                                              name: "a.cap") == "the diagnostics differ in number")
        #expect(AnalysisComparison.difference(text: Array("print tagz\n".utf8), formatted: Array("print tagy\n".utf8),
                                              name: "a.cap")?.hasPrefix("a diagnostic differs: E0701") == true)
    }

    /// Found by `cap fmt`'s analysis check on Tests/Cases: the script
    /// checker kept one message per offset, whatever the file, so a message
    /// in one file silenced another file's at the same offset.
    @Test func twoFilesMistakesAtTheSameOffsetAreBothReported() {
        let workspace = Workspace()
        workspace.addSource(name: "a.cap", text: "print nope_a\n")
        workspace.addSource(name: "b.cap", text: "print nope_b\n")
        workspace.check(today: try! CapDate.parse("2026-01-01"))
        #expect(workspace.diagnostics.sorted().map(\.code.id) == ["E0701", "E0701"])
    }

    // MARK: The guarantees

    /// Comment texts as the parser records them, trailing spaces aside.
    static func comments(_ bytes: [UInt8]) -> [String] {
        var bag = DiagnosticBag()
        let tree = Parser.parse(SourceFile(id: 0, path: "c.cap", bytes: bytes), vocabulary: .builtIn,
                                interner: Interner(capacity: 64), diagnostics: &bag)
        return tree.comments.map { r in
            String(decoding: bytes[Int(r.lowerBound)..<Int(r.upperBound)], as: UTF8.self)
                .replacingOccurrences(of: "[ \t]+$", with: "", options: .regularExpression)
        }
    }

    /// What `cap check` of a workspace says, positions aside: the entities
    /// and every diagnostic's code, severity and message.
    static func analysis(_ workspace: Workspace) -> [String] {
        workspace.check(today: try! CapDate.parse("2026-01-01"))
        return zip(workspace.entities.kinds, workspace.entities.ids).map { "\($0) \(workspace.interner[$1])" }
            + workspace.diagnostics.sorted().map { "\($0.severity) \($0.code.id) \($0.message) \($0.notes.map(\.message))" }
    }

    /// The three guarantees for each .cap file under `folder`, each file
    /// checked alone; the whole folder's analysis with every file formatted
    /// too when `together`. Returns how many files were formatted.
    @discardableResult
    static func holdGuarantees(under folder: String, together: Bool) throws -> Int {
        var formatted: [String: [UInt8]] = [:]
        for path in FileSystem.capFiles(under: folder).files {
            let bytes = try FileSystem.readFile(path, limit: 1 << 28)
            let result = Formatter.format(SourceFile(id: 0, path: path, bytes: bytes))
            #expect(!result.diagnostics.contains { $0.code.id == "E0901" }, "\(path): \(result.diagnostics.map(\.message))")
            guard let output = result.output else { continue }
            let again = Formatter.format(SourceFile(id: 0, path: path, bytes: output))
            #expect(again.output == output && !again.changed, "\(path): formatting twice changes it")
            #expect(comments(bytes) == comments(output), "\(path): the comments differ")
            let before = Workspace(), after = Workspace()
            before.addSource(name: "f.cap", text: String(decoding: bytes, as: UTF8.self))
            after.addSource(name: "f.cap", text: String(decoding: output, as: UTF8.self))
            #expect(analysis(before) == analysis(after), "\(path): the analysis differs")
            formatted[FileSystem.realPath(path)!] = output
        }
        if together {
            let before = Workspace.load(paths: [folder]), after = Workspace()
            after.sourceOverrides = formatted
            after.load(paths: [folder])
            #expect(analysis(before) == analysis(after), "\(folder): the analysis of the files together differs")
        }
        return formatted.count
    }

    @Test func guaranteesHoldOnTheExamples() throws {
        let n = try Self.holdGuarantees(under: EndToEndTests.packageRoot.appendingPathComponent("Examples").path, together: true)
        #expect(n >= 20)
    }

    @Test func guaranteesHoldOnEveryCapFileUnderTests() throws {
        let n = try Self.holdGuarantees(under: EndToEndTests.packageRoot.appendingPathComponent("Tests").path, together: false)
        #expect(n >= 120)
    }

    @Test func guaranteesHoldOnAGeneratedCorpus() throws {
        let folder = TemporaryFolder()
        let generate = Process()
        // Debian's own python3, as the Makefile uses (SYSTEM_PYTHON): the
        // first python3 on PATH may be any other, or none that works (the
        // clean room puts a failing one first to prove it is not relied on).
        generate.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        generate.arguments = [EndToEndTests.packageRoot.appendingPathComponent("Benchmarks/generate").path,
                              "2000", folder.path]
        generate.standardOutput = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        #expect(generate.terminationStatus == 0)
        let n = try Self.holdGuarantees(under: folder.path, together: true)
        #expect(n == 10)
    }

    // MARK: The command

    @Test func fmtRewritesChecksDiffsAndLeavesBrokenFilesAlone() throws {
        let folder = TemporaryFolder()
        folder.write("a.cap", "tag a \"A\" { }\nlet  n=tags|count\n")
        folder.write("b.cap", "tag b \"B\" {}\n")
        let broken = "tag c \"C\" {\n  label,\n}\n"
        folder.write("sub/c.cap", broken)

        let check = try EndToEndTests.run(["fmt", "--check"], in: folder.url)
        #expect(check.status == 1)
        #expect(check.stdout == "a.cap\n")
        #expect(check.stderr.contains("sub/c.cap:2:8: error[E0105]: expected a value, found ','"))
        #expect(check.stderr.contains("sub/c.cap: not formatted"))

        let diff = try EndToEndTests.run(["fmt", "--diff", "a.cap"], in: folder.url)
        #expect(diff.status == 1)
        #expect(diff.stdout == """
            --- a/a.cap
            +++ b/a.cap
            @@ -1,2 +1,2 @@
            -tag a "A" { }
            -let  n=tags|count
            +tag a "A" {}
            +let n = tags | count

            """)

        let write = try EndToEndTests.run(["fmt"], in: folder.url)
        #expect(write.status == 1, "sub/c.cap does not parse")
        #expect(write.stdout == "")
        #expect(try String(contentsOf: folder.url.appendingPathComponent("a.cap"), encoding: .utf8) == "tag a \"A\" {}\nlet n = tags | count\n")
        #expect(try String(contentsOf: folder.url.appendingPathComponent("b.cap"), encoding: .utf8) == "tag b \"B\" {}\n")
        #expect(try String(contentsOf: folder.url.appendingPathComponent("sub/c.cap"), encoding: .utf8) == broken)
        // Nothing was left beside the files written.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.cap", "b.cap", "sub"])

        let clean = try EndToEndTests.run(["fmt", "--check", "a.cap", "b.cap"], in: folder.url)
        #expect(clean.status == 0)
        #expect(clean.stdout == "" && clean.stderr == "")
    }

    @Test func fmtDashFormatsStandardInputToStandardOutput() throws {
        let ok = try EndToEndTests.run(["fmt", "-"], input: "member talita \"Talita\" { country SE; joined 2014 }")
        #expect(ok.status == 0)
        #expect(ok.stdout == "member talita \"Talita\" {\n  country SE\n  joined 2014\n}\n")
        let check = try EndToEndTests.run(["fmt", "--check", "-"], input: "tag a \"A\" {}\n")
        #expect(check.status == 0 && check.stdout == "")
        let bad = try EndToEndTests.run(["fmt", "-"], input: "member talita {\n")
        #expect(bad.status == 1)
        #expect(bad.stdout == "")
        #expect(bad.stderr.contains("<stdin>:1:"))
    }

    @Test func fmtUsageErrorsExitWithTwo() throws {
        let missing = try EndToEndTests.run(["fmt", "no-such-file.cap"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read 'no-such-file.cap'"))
        #expect(try EndToEndTests.run(["fmt", "--check", "--diff", "Examples"]).status == 2)
        #expect(try EndToEndTests.run(["fmt", "-", "Examples"]).status == 2)
    }
}
