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

/// The built `cap` binary, run as CI runs it.
@Suite struct EndToEndTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where the `cap` executable is: next to the test bundle, or in .build/debug.
    static let binary: URL? = {
        let fm = FileManager.default
        let bundle = Bundle.main.bundleURL
        let argument0 = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        let candidates = [
            bundle.appendingPathComponent("cap"),
            bundle.deletingLastPathComponent().appendingPathComponent("cap"),
            argument0.deletingLastPathComponent().appendingPathComponent("cap"),
            // macOS: …/debug/capPackageTests.xctest/Contents/MacOS/capPackageTests
            argument0.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("cap"),
            packageRoot.appendingPathComponent(".build/debug/cap"),
        ]
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fm.isExecutableFile(atPath: url.path)
        }
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.components(separatedBy: "\n") }
        /// The last non-empty line of standard output: the summary.
        var summary: String { lines.last { !$0.isEmpty } ?? "" }
    }

    /// The bytes of a file. Not `Data(contentsOf:)`, which on Linux leaks
    /// 4 KiB per empty file (swift-foundation's zero-size path, Swift 6.3.1;
    /// found by `swift test --sanitize=address`).
    static func read(_ url: URL) throws -> Data {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        return try handle.readToEnd() ?? Data()
    }

    /// Runs `cap` with `arguments` in `directory`; output goes to files, so
    /// a large output cannot block the child on a full pipe. With
    /// `mergingStandardError`, standard error goes into `stdout` as well.
    static func run(_ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:],
                    input: String? = nil, mergingStandardError: Bool = false, executable: URL? = nil, seconds: Double = 60,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        guard let binary else {
            Issue.record("""
                cannot find the cap executable: looked next to \(Bundle.main.bundleURL.path), next to \
                \(CommandLine.arguments.first ?? "?") and in \(packageRoot.path)/.build/debug. \
                Build it first: swift build --build-tests
                """, sourceLocation: sourceLocation)
            throw CancellationError()
        }
        let scratch = TemporaryFolder()
        let outURL = scratch.url.appendingPathComponent("stdout"), errURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        // `executable`: a wrapper (setpriv, prlimit) given cap's path among its arguments.
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env["TERM"] = "xterm-256color"
        // Under --sanitize=address, LeakSanitizer would list the false
        // positives it suppressed (Sources/CapProcess/LeakSanitizer.swift)
        // on standard error at exit.
        env["LSAN_OPTIONS"] = (env["LSAN_OPTIONS"].map { $0 + ":" } ?? "") + "print_suppressions=0"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = out
        // Merged, both go through one open file: what the two streams
        // write keeps its order, as on a terminal.
        process.standardError = mergingStandardError ? out : err
        if let input {
            let inURL = scratch.url.appendingPathComponent("stdin")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        // A hung cap must fail the test, not hang the suite.
        ChildProcess.wait(process, seconds: seconds, "cap \(arguments.joined(separator: " "))", sourceLocation: sourceLocation)
        try out.close()
        try err.close()
        let stdout = String(decoding: try read(outURL), as: UTF8.self)
        let stderr = String(decoding: try read(errURL), as: UTF8.self)
        return Run(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    static let bad = "member talita \"Talita\" {\n  country SWD\n}\n"

    static func folder(_ files: [String: String]) -> TemporaryFolder {
        let dir = TemporaryFolder()
        for (name, text) in files { dir.write(name, text) }
        return dir
    }

    // MARK: - cap check

    @Test func checkingTheExamplesPasses() throws {
        let r = try Self.run(["check", "Examples"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // The coalition's figures for 2017 that the data does not bear out,
        // one warning each (GoldenTests has the build's side).
        #expect(r.summary == "checked 26 files: 0 errors, 5 warnings")
        let warnings = r.lines.filter { $0.contains("warning[") }
        let at = "Examples/coalition.cap:34:11: warning[W0702]: CAP International declares "
        #expect(warnings == [
            at + "12 country visits for 2017; the data gives 14",
            at + "7 advocacy meetings with top officials for 2017; the data gives 2",
            at + "20 advocacy meetings with Members of Parliament for 2017; the data gives 3",
            at + "7 statements and keynote presentations for 2017; the data gives 9",
            at + "4 Board meetings for 2017; the data gives 0",
        ])
        #expect(r.stderr.isEmpty)
    }

    /// The warnings `cap check` lists are the build's too: the build counts
    /// them in one line that points at `cap check` (FoldedDiagnostics).
    @Test func buildReportsTheCheckWarningsOnce() throws {
        let dir = TemporaryFolder()
        let check = try Self.run(["check", "Examples"])
        let build = try Self.run(["build", "-o", dir.url.path, "Examples"])
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(check.summary == "checked 26 files: 0 errors, 5 warnings")
        #expect(build.stdout.isEmpty)
        #expect(build.stderr == "cap: note: 5 warnings in the data not shown; run 'cap check' to see them\n"
            + GoldenTests.declared.map { "wrote \(dir.path)/\($0)\n" }.joined())
    }

    /// Every input a fuzzer found to crash or hang cap is kept in
    /// Fuzz/Regressions (and seeds every fuzz run): `cap check` must end on
    /// each with its summary and its exit status, never a signal. Adding a
    /// regression adds a row here.
    static let fuzzRegressions: [String: (status: Int32, summary: String)] = [
        "checker-misspelt-country-names.cap": (1, "checked 1 file: 307 errors, 0 warnings"),
        "lexer-lookahead-after-bom.cap": (1, "checked 1 file: 1 error, 1 warning"),
    ]

    @Test func fuzzRegressionsAreCheckedToTheEnd() throws {
        let dir = Self.packageRoot.appendingPathComponent("Fuzz/Regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".cap") }.sorted()
        #expect(files == Self.fuzzRegressions.keys.sorted())
        for file in files {
            let expected = try #require(Self.fuzzRegressions[file])
            let r = try Self.run(["check", "Fuzz/Regressions/" + file])
            #expect(r.status == expected.status, "\(file): status \(r.status)\n\(r.stderr.suffix(500))")
            #expect(r.summary == expected.summary, "\(file)")
            #expect(r.stderr.isEmpty, "\(file): \(r.stderr.suffix(500))")
        }
    }

    @Test func aFileWithAnErrorExitsOne() throws {
        let dir = Self.folder(["bad.cap": Self.bad])
        let r = try Self.run(["check", "bad.cap"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout == """
            bad.cap:2:11: error[E0209]: unknown country or territory 'SWD'
              |
            2 |   country SWD
              |           ^^^ not an ISO 3166 code or known name
              = help: did you mean SE (Sweden), SS (South Sudan) or SZ (Eswatini)?

            checked 1 file: 1 error, 0 warnings

            """)
        #expect(r.stderr.isEmpty)
    }

    @Test func aFileNamedByAbsolutePathIsShownByThatPath() throws {
        let dir = Self.folder(["bad.cap": Self.bad])
        let path = dir.url.appendingPathComponent("bad.cap").path
        let r = try Self.run(["check", path])
        #expect(r.status == 1)
        #expect(r.lines.first == "\(path):2:11: error[E0209]: unknown country or territory 'SWD'")
    }

    @Test func aMissingPathExitsTwoWithAMessageOnStderr() throws {
        let dir = Self.folder(["ok.cap": "tag t \"T\" { }\n"])
        let r = try Self.run(["check", "ok.cap", "nope.cap"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr == "cap: error: cannot read 'nope.cap': no such file or directory\n")
        // The message goes to stderr; what was read is still summed up.
        #expect(r.stdout == "checked 1 file: 0 errors, 0 warnings\n")
    }

    @Test func nothingReadMeansNoSummaryUnderTheError() throws {
        let dir = Self.folder(["notes.txt": "hello\n"])
        let cannotRead = "cap: error: cannot read 'nope.cap': no such file or directory\n"
        for (paths, message) in [(["nope.cap"], cannotRead), (["."], "cap: error: no .cap files found under '.'\n"),
                                  (["--format", "github", "nope.cap"], cannotRead)] {
            let r = try Self.run(["check"] + paths, in: dir.url)
            #expect(r.status == 2)
            #expect(r.stdout.isEmpty, "\(paths): \(r.stdout)")
            #expect(r.stderr == message, "\(paths)")
        }
        let json = try Self.run(["check", "--format", "json", "nope.cap"], in: dir.url)
        #expect(json.status == 2)
        #expect(json.stderr == cannotRead)
        // A machine reader still gets its document.
        #expect(json.stdout == "{\"files\":0,\"errors\":0,\"warnings\":0,\"omitted\":0,\"diagnostics\":[\n\n]}\n")
    }

    @Test func aDateOptionTooLongForANumberIsRefusedWithAMessage() throws {
        // Its month once overflowed an Int, and the process died on the trap.
        let examples = Self.packageRoot.appendingPathComponent("Examples").path
        for (arguments, stderr) in [
            (["timeline", "--from", "2017-99999999999999999999999"],
             "Error: --from takes a date such as 2017-03, not '2017-99999999999999999999999'\n" + ExitStatusTests.timelineUsage),
            (["map", "--as-of", "2017-01-99999999999999999999"],
             "Error: --as-of takes a date such as 2016-12-31, not '2017-01-99999999999999999999'\n" + ExitStatusTests.mapUsage),
            (["timeline", "--to", "2017-03x"], "Error: --to takes a date such as 2017-03, not '2017-03x'\n" + ExitStatusTests.timelineUsage),
        ] {
            let r = try Self.run(arguments + [examples])
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(arguments): \(r.stdout)")
            #expect(r.stderr == stderr, "\(arguments)")
        }
    }

    @Test func aFolderWithoutCapFilesExitsTwo() throws {
        let dir = Self.folder(["notes.txt": "hello\n"])
        let r = try Self.run(["check", "."], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "cap: error: no .cap files found under '.'\n")
    }

    @Test func noArgumentsChecksTheCurrentFolder() throws {
        let dir = Self.folder(["a.cap": "tag t \"T\" { }\n", "sub/b.cap": Self.bad])
        let r = try Self.run(["check"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == Self.plainReport.replacingOccurrences(of: "bad.cap:", with: "sub/b.cap:")
            .replacingOccurrences(of: "checked 1 file:", with: "checked 2 files:"))
    }

    @Test func jsonOutputParsesWithCounts() throws {
        let dir = Self.folder(["bad.cap": Self.bad])
        let r = try Self.run(["check", "--format", "json", "bad.cap"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.isEmpty)
        // One diagnostic a line, between the counts and the closing brackets.
        #expect(r.stdout == """
            {"files":1,"errors":1,"warnings":0,"omitted":0,"diagnostics":[
              {"severity":"error","code":"E0209","message":"unknown country or territory 'SWD'","file":"bad.cap","line":2,\
            "column":11,"endLine":2,"endColumn":14,"offset":35,"length":3,"label":"not an ISO 3166 code or known name",\
            "help":"did you mean SE (Sweden), SS (South Sudan) or SZ (Eswatini)?","notes":[],"fixIts":[{"file":"bad.cap","line":2,\
            "column":11,"endLine":2,"endColumn":14,"offset":35,"length":3,"replacement":"SE"}]}
            ]}

            """)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
    }

    @Test func jsonOutputOfACleanRun() throws {
        let dir = Self.folder(["ok.cap": "tag t \"T\" { }\n"])
        let r = try Self.run(["check", "--format", "json", "ok.cap"], in: dir.url)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == "{\"files\":1,\"errors\":0,\"warnings\":0,\"omitted\":0,\"diagnostics\":[\n\n]}\n")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 0)
    }

    @Test func githubOutputIsAWorkflowCommand() throws {
        let dir = Self.folder(["bad.cap": Self.bad])
        let r = try Self.run(["check", "--format", "github", "bad.cap"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout == """
            ::error file=bad.cap,line=2,col=11,endColumn=14,title=E0209::unknown country or territory 'SWD'%0Ahelp: \
            did you mean SE (Sweden), SS (South Sudan) or SZ (Eswatini)?
            checked 1 file: 1 error, 0 warnings

            """)
    }

    static let warningOnly = "tag a \"A\" { }\nevent e \"E\" {\n  date 2021\n  tags a, a\n}\n"

    @Test func werrorTurnsAWarningIntoExitOne() throws {
        let dir = Self.folder(["w.cap": Self.warningOnly])
        func report(_ severity: String, _ summary: String) -> String {
            """
            w.cap:4:11: \(severity)[W0301]: 'a' appears twice in 'tags'
              |
            4 |   tags a, a
              |           ^ repeated
            w.cap:4:8: note: first here
              |
            4 |   tags a, a
              |        ^
              = help: remove one of them

            \(summary)

            """
        }
        let plain = try Self.run(["check", "w.cap"], in: dir.url)
        #expect(plain.status == 0)
        #expect(plain.stdout == report("warning", "checked 1 file: 0 errors, 1 warning"))
        let strict = try Self.run(["check", "--werror", "w.cap"], in: dir.url)
        #expect(strict.status == 1)
        #expect(strict.stdout == report("error", "checked 1 file: 1 error, 0 warnings"))
        #expect(strict.stderr.isEmpty)
    }

    @Test func maxDiagnosticsCapsTheOutput() throws {
        var text = "member m \"M\" {\n  country SE\n"
        for i in 0..<20 { text += "  unknown_\(i) 1\n" }
        text += "}\n"
        let dir = Self.folder(["many.cap": text])
        /// The diagnostic for `unknown_i`, on line i + 3; the gutter widens
        /// at line 10.
        func unknown(_ i: Int) -> String {
            let line = i + 3, gutter = String(repeating: " ", count: "\(line)".count)
            let field = "unknown_\(i)"
            return """
                many.cap:\(line):3: error[E0202]: member 'm' has no field '\(field)'
                \(gutter) |
                \(line) |   \(field) 1
                \(gutter) |   \(String(repeating: "^", count: field.count)) unknown field
                \(gutter) = help: its fields are country, joined, left, city, website, aka, description, figure, tags, translation, founded or part_of


                """
        }
        let r = try Self.run(["check", "--max-diagnostics", "5", "many.cap"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout == (0..<5).map(unknown).joined()
            + "… and 15 more diagnostics not shown (--max-diagnostics 0 shows all)\nchecked 1 file: 20 errors, 0 warnings\n")
        let all = try Self.run(["check", "--max-diagnostics", "0", "many.cap"], in: dir.url)
        #expect(all.status == 1)
        #expect(all.stdout == (0..<20).map(unknown).joined() + "checked 1 file: 20 errors, 0 warnings\n")
    }

    /// `cap check bad.cap` in colour: the severity and code in bold red,
    /// the message in bold, the gutter in bold blue, the help word in bold
    /// green, and the summary of a run with errors in bold red.
    static let colouredReport = """
        bad.cap:2:11: \u{1B}[1;31merror[E0209]\u{1B}[0m: \u{1B}[1munknown country or territory 'SWD'\u{1B}[0m
          \u{1B}[1;34m|\u{1B}[0m
        \u{1B}[1;34m2\u{1B}[0m \u{1B}[1;34m|\u{1B}[0m   country SWD
          \u{1B}[1;34m|\u{1B}[0m           \u{1B}[1;31m^^^\u{1B}[0m \u{1B}[1;31mnot an ISO 3166 code or known name\u{1B}[0m
          \u{1B}[1;34m=\u{1B}[0m \u{1B}[1;32mhelp\u{1B}[0m: did you mean SE (Sweden), SS (South Sudan) or SZ (Eswatini)?

        \u{1B}[1;31mchecked 1 file: 1 error, 0 warnings\u{1B}[0m

        """

    static let plainReport = """
        bad.cap:2:11: error[E0209]: unknown country or territory 'SWD'
          |
        2 |   country SWD
          |           ^^^ not an ISO 3166 code or known name
          = help: did you mean SE (Sweden), SS (South Sudan) or SZ (Eswatini)?

        checked 1 file: 1 error, 0 warnings

        """

    @Test func colourOnlyWhenAskedOrOnATerminal() throws {
        let dir = Self.folder(["bad.cap": Self.bad])
        let piped = try Self.run(["check", "bad.cap"], in: dir.url)
        #expect(piped.stdout == Self.plainReport, "stdout is a pipe: no colour")
        let noColor = try Self.run(["check", "bad.cap"], in: dir.url, environment: ["NO_COLOR": "1"])
        #expect(noColor.stdout == Self.plainReport)
        let always = try Self.run(["check", "--color", "always", "bad.cap"], in: dir.url)
        #expect(always.status == 1)
        #expect(always.stdout == Self.colouredReport)
        let forced = try Self.run(["check", "--color", "always", "bad.cap"], in: dir.url, environment: ["NO_COLOR": "1"])
        #expect(forced.stdout == Self.colouredReport, "--color always wins over NO_COLOR")
        let never = try Self.run(["check", "--color", "never", "bad.cap"], in: dir.url)
        #expect(never.stdout == Self.plainReport)
        // JSON is never coloured.
        let json = try Self.run(["check", "--color", "always", "--format", "json", "bad.cap"], in: dir.url)
        #expect(json.status == 1)
        #expect(!json.stdout.contains("\u{1B}"))
        #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [String: Any])
        // Where the diagnostics go to standard error (every command but
        // check), --color always colours them there.
        let run = try Self.run(["run", "--color", "always", "bad.cap"], in: dir.url)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == Self.colouredReport)
    }

    /// `--color auto`, the default, colours on a terminal, unless NO_COLOR
    /// is set; `--color never` does not.
    @Test(arguments: [(["check", "bad.cap"], [String: String](), true),
                      (["check", "--color", "auto", "bad.cap"], [:], true),
                      (["check", "bad.cap"], ["NO_COLOR": "1"], false),
                      (["check", "--color", "never", "bad.cap"], [:], false)])
    func colourOnATerminal(arguments: [String], environment: [String: String], coloured: Bool) throws {
        let binary = try #require(Self.binary)
        let dir = Self.folder(["bad.cap": Self.bad])
        let t = try PseudoTerminal(binary, arguments, environment: ["TERM": "xterm", "PATH": "/usr/bin:/bin"].merging(environment) { $1 },
                                   directory: dir.path)
        let report = coloured ? Self.colouredReport : Self.plainReport
        #expect(t.waitFor("1 error, 0 warnings") != nil, "\(t.transcript)")
        #expect(t.exitStatus() == 1)
        // The terminal turns each line end into CR LF.
        #expect(t.transcript == report.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func aBadOptionExitsWithAUsageError() throws {
        let r = try Self.run(["check", "--format", "xml", "Examples"])
        #expect(r.status == 2, "a usage error is not 'errors found': \(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == """
            Error: The value 'xml' is invalid for '--format <format>'. Please provide one of 'text', 'json' or 'github'.
            Help:  --format <format>  Output format: text, json or github (workflow annotations).

            """ + ExitStatusTests.checkUsage)
    }

    // MARK: - Other commands

    @Test func explainACode() throws {
        let r = try Self.run(["explain", "E0209"])
        #expect(r.status == 0)
        #expect(r.stdout == """
            E0209: Not an ISO 3166 country or subdivision code or a known English name.

            For example, in example.cap:

                member talita "Talita" {
                  country SWD
                }

            Fix: Use an ISO 3166 code (SE, or a subdivision such as US-NV) or the English name; the help suggests the nearest.

            """)
        let lower = try Self.run(["explain", "e0209"])
        #expect(lower.stdout == r.stdout)
        let unknown = try Self.run(["explain", "E9999"])
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr == "cap: error: no diagnostic code 'E9999'\n")
        let all = try Self.run(["explain"])
        #expect(all.status == 0)
        #expect(all.stderr.isEmpty)
        #expect(all.stdout.hasSuffix(".\n"), "one line per code, each ending with its summary's period")
        let listed = all.stdout.components(separatedBy: "\n").dropLast()
        // Every code, in the catalogue's order: a code added, removed or
        // moved changes this list.
        #expect(listed.map { String($0.prefix(5)) } == Self.explainedCodes)
        #expect(listed.allSatisfy { $0.dropFirst(5).hasPrefix("  ") && $0.count > 7 && !$0.dropFirst(7).hasPrefix(" ") },
                "each line is the code, two spaces, the summary: \(all.stdout)")
        #expect(listed.first { $0.hasPrefix("E0209") } == "E0209  Not an ISO 3166 country or subdivision code or a known English name.")
    }

    /// The codes `cap explain` lists, in its order, written down.
    static let explainedCodes = [
        "E0001", "E0002", "E0003", "E0004", "E0005", "E0006", "E0007", "E0008", "E0009",
        "E0101", "E0102", "E0103", "E0104", "E0105", "E0106", "E0107", "E0108", "E0109", "E0110",
        "E0201", "E0202", "E0203", "E0204", "E0205", "E0206", "E0207", "E0208", "E0209", "E0210", "E0211",
        "E0301", "E0302", "E0303", "E0304", "E0305", "E0306",
        "E0401", "E0402", "E0403", "E0404",
        "E0501", "E0502", "E0503", "E0504", "E0505",
        "E0601", "E0602", "E0603",
        "E0701", "E0702", "E0703", "E0704", "E0705", "E0706", "E0707", "E0708", "E0709", "E0710", "E0711", "E0712", "E0713", "E0714",
        "E0801", "E0802", "E0803",
        "E0901",
        "E1001", "E1002", "E1003", "E1004", "E1005", "E1006", "E1007", "E1008",
        "W0001", "W0002", "W0003", "W0401", "W0402",
        "W0421", "W0422", "W0423",
        "W0301", "W0701", "W0702",
        "W0720",
    ]

    @Test func schemaOfAKind() throws {
        let r = try Self.run(["schema", "law"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        // The kind, then the records and enumerations its fields use.
        #expect(r.stdout.hasPrefix("""
            kind law "A law in one jurisdiction, with its stages: on prostitution, trafficking, consent, minors…" {
              header title
              collection laws
              jurisdiction    { type jurisdiction; required true; timeline country; doc "The country or territory it applies in (GB-NIR has its own)." }
              topic           { type law_topic; list true; doc "What it is about (default: prostitution); only laws on prostitution are on the map." }
              model           { type model; doc "The legal model it puts in place on prostitution; derived from its criminalisation when not given." }
              criminalisation { type criminalisation; list true; doc "Who it penalises: one block per act (buying, selling, soliciting, organising, brothel-keeping)." }
              local_title     { type string; doc "The title in the country's language." }
              announced       { type date; timeline "{jurisdiction}: {title} announced"; doc "When the government or a party announced it." }
              bill            { type date; after announced; timeline "{jurisdiction}: {title} bill introduced"; doc "When the bill was introduced." }
              approved        { type date; after bill, announced; timeline "{jurisdiction}: {title} approved by the government"; doc "When the government approved the bill." }
              passed          { type date; after approved, bill, announced; timeline "{jurisdiction}: {title} passed"; doc "When parliament passed it." }
              promulgated     { type date; after passed, approved, bill; timeline "{jurisdiction}: {title} promulgated"; doc "When it was promulgated or received assent: the date many laws bear (France's law of 13 April 2016)." }
              in_force        { type date; after promulgated, passed, approved, bill; timeline "{jurisdiction}: {title} enters into force"; doc "When it entered into force as a whole." }
              partly_in_force { type commencement; list true; timeline "{jurisdiction}: {title} enters into force in part"; doc "A part that entered into force on its own date (section 15 on 2015-06-01)." }
              amended         { type date; list true; timeline "{jurisdiction}: {title} amended"; doc "When it was amended (an `amendment` block says by which law and what changed)." }
              amendment       { type amendment; list true; timeline "{jurisdiction}: {title} amended"; doc "An amendment: when, by which law, what changed." }
              repealed        { type date; after in_force, promulgated, passed; timeline "{jurisdiction}: {title} repealed"; doc "When it was repealed." }
              supersedes      { type law; doc "An earlier law this one replaces: once this one is in force, the earlier one no longer counts." }
              amends          { type law; list true; doc "Laws this one amends: it is read as part of them, not beside them." }
              complements     { type law; list true; doc "Laws this one completes without replacing or amending them." }
              source          { type url; list true; timeline link; doc "Where the facts come from." }
              figure          { type figure; list true; doc "An evaluation figure, e.g. fines issued." }
              description     { type string; timeline description; doc "One paragraph about it." }
              tags            { type tag; list true; timeline tags; doc "Tags." }
              translation     { type translation; list true; doc "Its title and description in another language (docs/publishing.md)." }
            }

            """))
        #expect(r.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") && $0.hasSuffix("{") }.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == [
            "kind law", "record criminalisation", "record commencement", "record amendment", "record figure", "record translation",
            "enum law_topic", "enum model", "enum sex_trade_act", "enum law_stage", "enum unit",
        ])
        #expect(r.stdout.contains("""
            record figure "A number someone declared, with what it counts." {
              name        { type string; required true; doc "What is counted, e.g. \\"fines issued\\"." }
              value       { type number; required true; doc "The number: whole (5000), decimal (3.2) or a range low..high (85..90)." }
              unit        { type unit; doc "What it is counted in: an ISO 4217 currency (USD, EUR) or a unit word (percent, people…)." }
              approximate { type boolean; doc "The source gives it as approximate: \\"around 5,000\\"." }
              date        { type date; doc "The date the figure refers to: as of when." }
              source      { type url; doc "Where it comes from." }
            }
            """))
        #expect(r.stdout.contains("""
            enum model "The legal model a law puts in place." {
              abolitionist   "Nordic or Equality model: buying sex is an offence, selling it is not."
              prohibitionist "Buying and selling sex are both offences."
              legalised      "Prostitution is a legal, regulated trade; brothels may be licensed (Germany, the Netherlands)."
              decriminalised "Buying, selling and third-party profit are all decriminalised."
              partial        "Buying and selling are legal; procuring and brothel-keeping are offences."
            }
            """))
        // The whole schema is the prelude: every kind, in order, as .cap.
        let overview = try Self.run(["schema"])
        #expect(overview.status == 0)
        #expect(overview.stderr.isEmpty)
        #expect(overview.stdout.hasPrefix("// cap's built-in schema: the entity kinds, their fields, the records nested\n"))
        #expect(overview.stdout.split(separator: "\n").filter { $0.hasPrefix("kind ") }.map { $0.split(separator: " ")[1] } == [
            "coalition", "member", "partner", "person", "event", "campaign", "publication", "statement", "law", "tag",
            "report", "timeline", "map", "instrument", "ratification",
        ])
        #expect(overview.stdout.contains("""
            kind tag "A tag that events, publications and others can carry." {
              header label
              collection tags
              description { type string; doc "What the tag means." }
              translation { type translation; list true; doc "Its label and description in another language (docs/publishing.md)." }
            }
            """))
        let typo = try Self.run(["schema", "lwa"])
        #expect(typo.status == 2)
        #expect(typo.stdout.isEmpty)
        #expect(typo.stderr == "cap: error: no entity kind 'lwa'; did you mean 'law'?\n")
    }

    @Test func version() throws {
        let r = try Self.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout == "0.1.0\n")
    }
}
