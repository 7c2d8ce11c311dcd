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

/// `cap build` killed (SIGKILL: no handler, no clean-up) at random moments,
/// over and over, while the data changes between two versions. After every
/// kill each output must be absent (nothing was ever written to it) or
/// byte for byte one that a complete build of either version writes: never
/// truncated, never emptied, never a mix. The only other files allowed are
/// the hidden `.cap-tmp-PID-XXXXXX` temporaries a kill can leave, and a complete
/// build afterwards must remove them all.
///
/// 20 to 48 kills, as many as fit in about 12 s of builds. Half come after a
/// random delay over the whole build; the other half wait until a temporary
/// file appears, the most dangerous moment, and then strike within a few
/// milliseconds. At least one kill must land between a temporary file's
/// creation and its rename (more are made until one does), or the test
/// fails: a run that never struck mid-write proved nothing. Every build has
/// a deadline (ChildProcess.wait). The decisions come from a seeded
/// generator; the seed is in every failure message, and CAP_KILL_SEED=N
/// replays them (the timing of the child itself cannot be replayed).
@Suite struct KillTests {
    /// SplitMix64: small, seedable, good enough for delays.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// As many kills as fit in about 12 s of builds, 20 to 48: a sanitizer
    /// build of cap is ten times slower than a debug build.
    static func iterations(buildTime: Double) -> Int { min(48, max(20, Int(12 / max(buildTime, 0.001)))) }

    /// An extra data file whose events change the report and the timelines.
    static func extra(_ version: String) -> String {
        (1...12).map { month in
            """
            event kill_test_\(month) "Kill test meeting \(month), version \(version)" {
              date 2017-\(month < 10 ? "0" : "")\(month)-15
              kind meeting
              country SE
            }

            """
        }.joined()
    }

    /// Starts `cap build -o out data` with a fixed DTSTAMP, output to /dev/null.
    static func start(_ binary: URL, data: URL, out: URL) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["build", "--color", "never", "-o", out.path, data.path]
        var env = ProcessInfo.processInfo.environment
        env["SOURCE_DATE_EPOCH"] = "1700000000"
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every file under `folder`, by path relative to it.
    static func files(_ folder: URL) -> [String: Data] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        var out: [String: Data] = [:]
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            out[String(url.path.dropFirst(folder.path.count + 1))] = (try? EndToEndTests.read(url)) ?? Data()
        }
        return out
    }

    /// A complete build of one version: its outputs, by path.
    static func reference(_ binary: URL, data: URL, version: String, in scratch: TemporaryFolder) throws -> [String: Data] {
        try extra(version).write(to: data.appendingPathComponent("kill_test.cap"), atomically: true, encoding: .utf8)
        let out = scratch.url.appendingPathComponent("reference-\(version)")
        let process = try start(binary, data: data, out: out)
        ChildProcess.wait(process, seconds: 120, "the reference build of version \(version)")
        #expect(process.terminationStatus == 0, "the reference build of version \(version) failed")
        return files(out)
    }

    /// `.cap-tmp-PID-XXXXXX`: the temporary file of an output, in its folder.
    static func isTemporary(_ path: String, of outputs: Set<String>) -> Bool {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard name.hasPrefix(".cap-tmp-") else { return false }
        let rest = name.dropFirst(".cap-tmp-".count).split(separator: "-")
        return rest.count == 2 && rest[0].allSatisfy(\.isNumber) && rest[1].count == 6
    }

    @Test func killedBuildsNeverLeaveATruncatedOutput() throws {
        guard let binary = EndToEndTests.binary else {
            Issue.record("cannot find the cap executable; build it first: swift build --build-tests")
            return
        }
        let seed = ProcessInfo.processInfo.environment["CAP_KILL_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
        var random = Generator(state: seed)
        let scratch = TemporaryFolder()
        let data = scratch.url.appendingPathComponent("data")
        try FileManager.default.copyItem(at: EndToEndTests.packageRoot.appendingPathComponent("Examples"), to: data)

        let started = Date()
        let versions = ["A": try Self.reference(binary, data: data, version: "A", in: scratch),
                        "B": try Self.reference(binary, data: data, version: "B", in: scratch)]
        let buildTime = Date().timeIntervalSince(started) / 2
        let outputs = Set(versions["A"]!.keys)
        try #require(outputs.count >= 5 && outputs == Set(versions["B"]!.keys), "seed \(seed): the builds wrote \(outputs.sorted())")
        try #require(outputs.contains { versions["A"]![$0] != versions["B"]![$0] }, "the two versions must differ")

        let out = scratch.url.appendingPathComponent("out")
        var everWritten: Set<String> = []
        var killedRunning = 0, killedMidWrite = 0
        let iterations = Self.iterations(buildTime: buildTime)
        /// One build, killed at a moment the generator picks (`waitForWrite`:
        /// within 3 ms of a temporary file appearing); checks the folder after.
        func strike(_ iteration: Int, waitForWrite: Bool) throws {
            let version = Bool.random(using: &random) ? "A" : "B"
            try Self.extra(version).write(to: data.appendingPathComponent("kill_test.cap"), atomically: true, encoding: .utf8)
            let process = try Self.start(binary, data: data, out: out)
            let context = "seed \(seed), iteration \(iteration)"
            if !waitForWrite {
                usleep(UInt32(Double.random(in: 0...1.2, using: &random) * buildTime * 1_000_000))
            } else {
                // Wait for a temporary file of this build, then strike.
                let marker = ".cap-tmp-\(process.processIdentifier)-"
                let deadline = Date().addingTimeInterval(60)
                while process.isRunning, Date() < deadline,
                      !((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).contains(where: { $0.hasPrefix(marker) }) {
                    usleep(100)
                }
                usleep(UInt32.random(in: 0...3_000, using: &random))
            }
            if process.isRunning { killedRunning += 1 }
            kill(process.processIdentifier, SIGKILL)
            ChildProcess.wait(process, seconds: 20, "\(context): the killed build")

            let found = Self.files(out)
            if found.keys.contains(where: { $0.contains(".cap-tmp-\(process.processIdentifier)-") }) { killedMidWrite += 1 }
            for (path, bytes) in found {
                if Self.isTemporary(path, of: outputs) { continue }
                #expect(outputs.contains(path), "\(context): unexpected file '\(path)' in the build folder")
                if let a = versions["A"]![path], let b = versions["B"]![path] {
                    #expect(bytes == a || bytes == b,
                            "\(context): '\(path)' is \(bytes.count) bytes, matching neither complete build (\(a.count) or \(b.count) bytes)")
                }
            }
            let missing = everWritten.filter { found[$0] == nil }
            #expect(missing.isEmpty, "\(context): outputs written before are gone: \(missing.sorted())")
            everWritten.formUnion(outputs.filter { found[$0] != nil })
        }
        for iteration in 0..<iterations { try strike(iteration, waitForWrite: iteration % 2 == 1) }
        // The test is about kills that land while a file is being written:
        // if none of the planned ones did, strike on the temporary file until
        // one does (the window lasts while the outputs are staged, so this
        // ends quickly), and fail if it never does.
        var extra = 0
        while killedMidWrite == 0 && extra < 40 {
            try strike(iterations + extra, waitForWrite: true)
            extra += 1
        }
        #expect(killedRunning > 0, "seed \(seed): no kill landed while a build was running")
        #expect(killedMidWrite > 0, "seed \(seed): no kill landed between creating a temporary file and renaming it")

        // A complete build puts every output of its version in place and
        // removes every temporary file the kills left.
        let version = Bool.random(using: &random) ? "A" : "B"
        try Self.extra(version).write(to: data.appendingPathComponent("kill_test.cap"), atomically: true, encoding: .utf8)
        let last = try Self.start(binary, data: data, out: out)
        ChildProcess.wait(last, seconds: 120, "seed \(seed): the final build")
        #expect(last.terminationStatus == 0, "seed \(seed): the final build failed")
        let final = Self.files(out)
        #expect(final == versions[version]!, "seed \(seed): after a complete build the folder holds \(final.keys.sorted())")
        print("KillTests: seed \(seed); \(iterations + extra) kills, \(killedRunning) of a running build, "
              + "\(killedMidWrite) between creating a temporary file and renaming it")
    }

    @Test func temporaryFilesOfEndedProcessesAreRemovedOnTheNextWrite() throws {
        let dir = TemporaryFolder()
        let target = dir.url.appendingPathComponent("out.csv").path
        // A pid that cannot be running (above the kernel's maximum), of
        // another output in the same folder too, and pid 1's.
        let stale = dir.write(".cap-tmp-2147483646-abcdef", "half")
        let staleOther = dir.write(".cap-tmp-2147483645-ghijkl", "half of another output")
        let running = dir.write(".cap-tmp-1-mnopqr", "pid 1 is running")
        let unrelated = dir.write(".out.csv.tmp-2147483646", "not ours")
        try AtomicFile.write("a,b\n", to: target)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(left == ["out.csv", ".cap-tmp-1-mnopqr", ".out.csv.tmp-2147483646"])
        #expect(!FileManager.default.fileExists(atPath: stale) && !FileManager.default.fileExists(atPath: staleOther))
        #expect(FileManager.default.fileExists(atPath: running) && FileManager.default.fileExists(atPath: unrelated))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "a,b\n")
    }

    @Test func aLinkAtTheTargetIsNotReplacedNorWrittenThrough() throws {
        let dir = TemporaryFolder()
        let victim = dir.write("victim.txt", "keep me")
        dir.symlink("out.csv", to: victim)
        #expect(throws: FileSystem.Failure.self) { try AtomicFile.write("a,b\n", to: dir.url.appendingPathComponent("out.csv").path) }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: dir.url.appendingPathComponent("out.csv").path)
        #expect(link == victim)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["out.csv", "victim.txt"])
    }

    /// Outputs are rendered into temporary files side by side and renamed
    /// only when all were written: one that cannot be written leaves every
    /// output as it was, and no temporary file behind.
    @Test func aBuildWithOneUnwritableOutputChangesNothing() throws {
        let dir = TemporaryFolder()
        let data = dir.write("data.cap", """
            timeline first "First" {
              output "first.md"
              format md
            }
            timeline blocked "Blocked" {
              output "blocked/inner.csv"
              format csv
            }
            event e "An event" {
              date 2017-03-01
            }

            """)
        let out = dir.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // A file where the build needs a folder.
        try "not a folder".write(to: out.appendingPathComponent("blocked"), atomically: true, encoding: .utf8)
        try "old\n".write(to: out.appendingPathComponent("first.md"), atomically: true, encoding: .utf8)
        let run = try EndToEndTests.run(["build", "--color", "never", "-o", out.path, data])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "cap: error: cannot write '\(out.path)/blocked/inner.csv': a part of the path is not a directory\n")
        #expect(try String(contentsOf: out.appendingPathComponent("first.md"), encoding: .utf8) == "old\n")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) == ["blocked", "first.md"])

        // Unblocked, the same build writes both.
        try FileManager.default.removeItem(at: out.appendingPathComponent("blocked"))
        let again = try EndToEndTests.run(["build", "--color", "never", "-o", out.path, data])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("first.md"), encoding: .utf8).hasPrefix("# First\n"))
        #expect(try String(contentsOf: out.appendingPathComponent("blocked/inner.csv"), encoding: .utf8).hasPrefix("date,"))
    }

    /// `Build.stage` writes what `Build.outputs` returns, byte for byte, and
    /// holds the outputs to the same size limit, leaving no file for one
    /// over it.
    @Test func stagedFilesHoldWhatOutputsReturns() throws {
        let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples").path
        let stamp = try CapDateTime.parse("2026-01-01 00:00:00 UTC")
        let ws = Workspace.load(paths: [examples])
        let program = ws.check(today: CaseRunner.today)
        let expected = Build.outputs(program, today: CaseRunner.today, stamp: stamp)
        #expect(expected.count > 5)
        for workers in [1, 3] {
            let dir = TemporaryFolder()
            let staged = try Build.stage(program, in: dir.path, today: CaseRunner.today, stamp: stamp, workers: workers)
            #expect(staged.map(\.path) == expected.map { dir.path + "/" + $0.path })
            for file in staged { try file.commit() }
            for output in expected {
                let written = try Data(contentsOf: dir.url.appendingPathComponent(output.path))
                #expect([UInt8](written) == output.bytes, "\(output.path) with \(workers) workers")
            }
        }

        var limits = Workspace.Limits()
        let sizes = expected.map(\.bytes.count).sorted()
        limits.maxOutputBytes = sizes[sizes.count - 1] - 1
        let tight = Workspace.load(paths: [examples], limits: limits)
        let dir = TemporaryFolder()
        let staged = try Build.stage(tight.check(today: CaseRunner.today), in: dir.path, today: CaseRunner.today, stamp: stamp)
        #expect(staged.count == expected.count - sizes.filter { $0 > limits.maxOutputBytes }.count)
        #expect(Set(BadInputTests.found(tight).map { String($0.prefix(5)) }.filter { $0.hasPrefix("E") }) == ["E0603"])
        staged.forEach { $0.discard() }
        let left = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir.url.appendingPathComponent($0).path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
