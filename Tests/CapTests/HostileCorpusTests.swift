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

/// Runs every file of Tests/Hostile (see its README) with the built cap,
/// under `prlimit --as` and a time cap, in a fresh folder: the exit status
/// and the codes its header expects, no secret printed, and nothing changed
/// outside the output folder.
@Suite struct HostileCorpusTests {
    static let directory = EndToEndTests.packageRoot.appendingPathComponent("Tests/Hostile")

    static func allCases() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".cap") }.sorted()
    }

    /// The issue's 1 GB, as address space: the deep-stack threads then get
    /// smaller stacks than their 1 GiB (DeepStack.start), and the peak size
    /// of the children is checked after each case as well.
    static let addressSpace = 1 << 30
    /// Under a sanitizer (`make asan`, `make tsan`) the binary maps terabytes
    /// of shadow memory at start, which a cap on address space forbids, and
    /// its resident size is the sanitizer's as much as cap's: there, the
    /// cases run with the time cap only.
    static let underSanitizer: Bool = ["__asan_init", "__tsan_init"].contains { (name: String) in
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) != nil
    }
    /// The issue's 10 s for a release build; a debug build's evaluator is
    /// about ten times slower (equality over sixty levels of shared lists,
    /// 50 million steps: 43 s in debug on a loaded machine).
    /// Under a sanitizer, several times slower again, the cap only guards
    /// against a hang.
    #if DEBUG
    static let seconds = underSanitizer ? 600.0 : 60.0
    #else
    static let seconds = underSanitizer ? 600.0 : 10.0
    #endif

    /// A child that blocks (on a FIFO, say) uses no CPU: the wall clock
    /// stops it, with room for a loaded machine.
    static let wallSeconds = seconds * 3

    struct Header {
        var arguments: [String] = []
        var setup: [[String]] = []
        var status: String = "0"
        var codes: [String] = []
        var stdout: [String] = []
        var stderr: [String] = []
    }

    static func header(_ text: String) -> Header {
        var h = Header()
        for line in text.split(separator: "\n") {
            guard line.hasPrefix("// ") else { continue }
            let body = line.dropFirst(3)
            if body.hasPrefix("hostile: ") {
                h.arguments = body.dropFirst(9).split(separator: " ").map(String.init)
            } else if body.hasPrefix("setup: ") {
                h.setup.append(body.dropFirst(7).split(separator: " ", maxSplits: 3).map(String.init))
            } else if body.hasPrefix("expect: status ") {
                h.status = String(body.dropFirst(15))
            } else if body.hasPrefix("expect: code ") {
                h.codes.append(String(body.dropFirst(13)))
            } else if body.hasPrefix("expect: stdout ") {
                h.stdout.append(String(body.dropFirst(15)))
            } else if body.hasPrefix("expect: stderr ") {
                h.stderr.append(String(body.dropFirst(15)))
            }
        }
        return h
    }

    /// Every path under `root` but `out/`, with its type and contents.
    static func snapshot(_ root: URL) -> [String: String] {
        var out: [String: String] = [:]
        func walk(_ relative: String) {
            let path = relative.isEmpty ? root.path : root.path + "/" + relative
            var st = stat()
            guard lstat(path, &st) == 0 else { return }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                out[relative] = "folder"
                for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() {
                    let child = relative.isEmpty ? name : relative + "/" + name
                    if child != "out" { walk(child) }
                }
            case S_IFREG: out[relative] = "file \(st.st_mode & 0o7777) " + String(decoding: (try? EndToEndTests.read(URL(fileURLWithPath: path))) ?? Data(), as: UTF8.self)
            case S_IFLNK: out[relative] = "link " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
            case S_IFIFO: out[relative] = "fifo"
            default: out[relative] = "other"
            }
        }
        walk("")
        return out
    }

    static func setUp(_ steps: [[String]], root: URL) throws {
        func path(_ p: String) -> String {
            p.replacingOccurrences(of: "DATA", with: root.appendingPathComponent("data").path)
                .replacingOccurrences(of: "OUT", with: root.appendingPathComponent("out").path)
        }
        for step in steps {
            let target = path(step[1])
            switch step[0] {
            case "file": try (step.count > 2 ? step[2...].joined(separator: " ") : "").write(toFile: target, atomically: false, encoding: .utf8)
            case "fifo": #expect(mkfifo(target, 0o644) == 0)
            case "link": try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: step[2])
            case "nul": try Data(count: Int(step[2])!).write(to: URL(fileURLWithPath: target))
            case "repeat": try String(repeating: step[3] + "\n", count: Int(step[2])!).write(toFile: target, atomically: false, encoding: .utf8)
            case "chain":
                let n = Int(step[2])!
                try ("let a0 = 1\n" + (1..<n).map { "let a\($0) = a\($0 - 1) + 1\n" }.joined() + "print a\(n - 1)\n")
                    .write(toFile: target, atomically: false, encoding: .utf8)
            case "fields":
                let n = Int(step[2])!
                try ("kind wide \"Wide\" {\n" + (0..<n).map { "  f\($0) { type string; doc \"Field \($0).\" }\n" }.joined() + "}\n")
                    .write(toFile: target, atomically: false, encoding: .utf8)
            case "extensions":
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                for i in 0..<Int(step[2])! {
                    try "extend tag {\n  f\(i) { type string; doc \"Field \(i).\" }\n}\n"
                        .write(toFile: target + "/e\(i).cap", atomically: false, encoding: .utf8)
                }
            default: Issue.record("unknown setup step \(step[0])")
            }
        }
    }

    @Test("hostile case", arguments: HostileCorpusTests.allCases())
    func hostileCase(_ name: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let h = Self.header(text)
        try #require(!h.arguments.isEmpty, "\(name) has no '// hostile:' line")
        let scratch = TemporaryFolder()
        let root = scratch.url
        for folder in ["data", "out", "outside"] { _ = scratch.mkdir(folder) }
        scratch.write("data/" + name, text)
        scratch.write("outside/sentinel.cap", "member secret \"SECRET_TOKEN=hunter2\" {\n  country SE\n}\n")
        scratch.write("outside/sentinel.txt", "SECRET_TOKEN=hunter2\n")
        try Self.setUp(h.setup, root: root)
        let before = Self.snapshot(root)

        guard let binary = EndToEndTests.binary else { Issue.record("build cap first"); return }
        // The time cap is on CPU time (RLIMIT_CPU: SIGXCPU past it, SIGKILL
        // 5 s later, a soft and a hard limit), which
        // is cap's; the wall clock, which five builds beside the suite made
        // 4× longer (a case of 16 s of CPU went past 60 s), only guards
        // against a child that blocks without using the CPU.
        let limit = (Self.underSanitizer ? [] : ["--as=\(Self.addressSpace)"]) + ["--cpu=\(Int(Self.seconds)):\(Int(Self.seconds) + 5)"]
        let arguments = limit + ["--", binary.path, h.arguments[0], "--color", "never"]
            + h.arguments.dropFirst().map {
                $0.replacingOccurrences(of: "DATA", with: root.appendingPathComponent("data").path)
                    .replacingOccurrences(of: "OUT", with: root.appendingPathComponent("out").path)
            }
        let started = Date()
        let run = try EndToEndTests.run(arguments, in: root, executable: URL(fileURLWithPath: "/usr/bin/prlimit"),
                                        seconds: Self.wallSeconds + 5)
        let elapsed = Date().timeIntervalSince(started)
        let output = run.stdout + run.stderr

        #expect(run.status != SIGXCPU, "\(name): used more than \(Self.seconds) s of CPU time")
        #expect(elapsed < Self.wallSeconds, "\(name): took \(elapsed) s")
        switch h.status {
        case "usage": #expect(run.status == 2, "\(name): exit \(run.status)")  // the command line is wrong (docs/cli.md)
        default: #expect(String(run.status) == h.status, "\(name): exit \(run.status)\n\(output.prefix(2000))")
        }
        for code in h.codes { #expect(output.contains("[\(code)]"), "\(name): no \(code) in\n\(output.prefix(2000))") }
        for t in h.stdout { #expect(run.stdout.contains(t), "\(name): stdout lacks '\(t)':\n\(run.stdout.prefix(2000))") }
        for t in h.stderr { #expect(run.stderr.contains(t), "\(name): stderr lacks '\(t)':\n\(run.stderr.prefix(2000))") }
        #expect(!output.contains("hunter2"), "\(name): a secret was printed")
        #expect(Self.snapshot(root) == before, "\(name): something outside out/ changed")
        // The peak memory of the children waited for so far (Linux keeps
        // the largest): this case's, or a larger one's.
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        if !Self.underSanitizer {
            #expect(usage.ru_maxrss < 1 << 20, "\(name): a child process peaked at \(usage.ru_maxrss) KiB")
        }
    }
}
