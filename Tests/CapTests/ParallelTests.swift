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

/// Files are parsed, and outputs rendered, side by side. Whatever the number
/// of processors, a run must see the same workspace (the same symbols in the
/// same order, the same trees and the same report) and build the same files.
@Suite struct ParallelTests {
    /// Loads `paths` with `workers` parser threads, and no minimum size, so
    /// that even a small test folder takes the side-by-side path.
    static func load(_ paths: [String], workers: Int) -> Workspace {
        let ws = Workspace()
        ws.parseWorkers = workers
        ws.parallelParseMinimumBytes = 0
        ws.load(paths: paths)
        ws.check()
        return ws
    }

    /// Every symbol in order, then every entity with its fields and values,
    /// words spelled out through the interner.
    static func dump(_ ws: Workspace) -> [String] {
        var lines = (0..<ws.interner.count).map { "symbol \($0) \(ws.interner[Symbol($0)])" }
        for tree in ws.trees {
            lines.append("file \(ws.sources[tree.file].path)")
            for entity in tree.entities {
                lines.append("\(entity.builtInKind?.rawValue ?? "?") \(entity.id == .max ? "<none>" : ws.interner[entity.id])")
                for field in tree.fields where field.nameStart > entity.kindStart && field.nameStart < entity.end {
                    let values = tree.values(of: field).map { v in
                        v.kind == .identifier ? ws.interner[v.payload] : "\(v.kind)@\(v.start)"
                    }
                    lines.append("  \(field.name == .max ? "<long>" : ws.interner[field.name]) \(values.joined(separator: ", "))")
                }
            }
        }
        return lines
    }

    static func report(_ ws: Workspace) -> String { BadInputTests.render(ws) }

    @Test(arguments: [2, 3, 8])
    func theExamplesLoadTheSameOnAnyNumberOfThreads(_ workers: Int) {
        let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples").path
        let one = Self.load([examples], workers: 1)
        let many = Self.load([examples], workers: workers)
        #expect(one.fileCount > 10)
        #expect(Self.dump(many) == Self.dump(one))
        #expect(Self.report(many) == Self.report(one))
        #expect(many.entities.count == one.entities.count)
        #expect(!many.diagnostics.hasErrors)
    }

    @Test(arguments: [2, 5, 16])
    func theBuildIsTheSameOnAnyNumberOfThreads(_ workers: Int) {
        let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples").path
        let ws = Workspace.load(paths: [examples])
        let program = ws.check(today: CaseRunner.today)
        let stamp = try! CapDateTime.parse("2026-01-01 12:00 UTC")
        let one = Build.outputs(program, today: CaseRunner.today, stamp: stamp, workers: 1)
        let many = Build.outputs(program, today: CaseRunner.today, stamp: stamp, workers: workers)
        #expect(one.count == 9)  // what Examples/outputs.cap declares
        #expect(many.map(\.path) == one.map(\.path))
        #expect(many.map(\.bytes) == one.map(\.bytes))
        #expect(!ws.diagnostics.hasErrors)
    }

    /// `Build.check` reads the timeline entries while the checker's second
    /// pass runs: the check must report what `Workspace.check` reports, and
    /// the outputs be those read after it.
    @Test func entriesReadWhileCheckingBuildTheSameOutputs() {
        let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples").path
        let stamp = try! CapDateTime.parse("2026-01-01 12:00 UTC")
        let after = Workspace.load(paths: [examples])
        let afterProgram = after.check(today: CaseRunner.today)
        let checked = Self.report(after)
        let expected = Build.outputs(afterProgram, today: CaseRunner.today, stamp: stamp)
        for _ in 0..<5 {
            let ws = Workspace.load(paths: [examples])
            let (program, entries) = Build.check(ws, today: CaseRunner.today)
            #expect(Self.report(ws) == checked)
            let built = Build.outputs(program, today: CaseRunner.today, stamp: stamp, entries: entries)
            #expect(built.map(\.path) == expected.map(\.path))
            #expect(built.map(\.bytes) == expected.map(\.bytes))
        }
    }

    /// Examples/ cut into files at random places and damaged at random
    /// bytes, again and again: whatever the parser makes of the pieces, two
    /// and three threads must make the same of them as one.
    @Test func randomlyCutAndDamagedFilesLoadTheSameOnAnyNumberOfThreads() throws {
        let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples")
        let names = try FileManager.default.subpathsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".cap") }.sorted()
        let all = try names.flatMap { try Array(Data(contentsOf: examples.appendingPathComponent($0))) }
        var random = KillTests.Generator(state: 0xCA9)  // seeded: a failing round replays
        for round in 0..<12 {
            var bytes = all
            for _ in 0..<(round % 4) * 5 {
                bytes[Int(random.next() % UInt64(bytes.count))] = Array("{}\"x1-:, \n\u{0}é".utf8).randomElement(using: &random)!
            }
            let cuts = (0..<(2 + round % 6)).map { _ in Int(random.next() % UInt64(bytes.count)) }.sorted()
            let dir = TemporaryFolder()
            for (i, range) in zip([0] + cuts, cuts + [bytes.count]).enumerated() {
                dir.write(String(format: "part-%02d.cap", i), Array(bytes[range.0..<range.1]))
            }
            let one = Self.load([dir.path], workers: 1)
            for workers in [2, 3] {
                let many = Self.load([dir.path], workers: workers)
                #expect(Self.dump(many) == Self.dump(one), "round \(round), \(workers) threads")
                #expect(Self.report(many) == Self.report(one), "round \(round), \(workers) threads")
            }
        }
    }

    @Test func brokenFilesReportTheSameOnAnyNumberOfThreads() {
        let dir = TemporaryFolder()
        let long = String(repeating: "x", count: Parser.maxIdentifierLength + 1)
        let main = dir.write("main.cap", """
            include "a.cap"
            include "b.cap"
            include "c.cap"
            tag t_main "Main" { }
            """)
        _ = dir.write("a.cap", """
            person p1 "Ana" { country SE; tags t_main, t_b }
            person p2 "Bo" { country: NO }
            person \(long) "Long" { }
            """)
        _ = dir.write("b.cap", "\u{FEFF}tag t_b \"B\" { }\nperson p3 \"Cy\" { tags t_missing\n")
        _ = dir.write("c.cap", "// nothing but a comment\n")
        _ = dir.write("d.cap", "event e1 \"E\" { date 14/03/2019; organisers p1, p9; kind conference }\n")
        for paths in [[main], [dir.path]] {
            let one = Self.load(paths, workers: 1)
            let two = Self.load(paths, workers: 2)
            // a.cap's "country:", the long id and p3's unclosed block with
            // its unknown tag; d.cap (only when the folder is read) its date
            // and its unknown organiser. Warnings: the byte order mark, the
            // file with only a comment.
            #expect(one.diagnostics.errorCount == (paths == [main] ? 4 : 6))
            #expect(one.diagnostics.warningCount == 2)
            #expect(Self.dump(two) == Self.dump(one))
            #expect(Self.report(two) == Self.report(one))
            #expect(BadInputTests.foundWithFiles(two) == BadInputTests.foundWithFiles(one))
        }
    }

    @Test func absorbingATableNumbersSymbolsAsOneTableWould() {
        // Enough words to grow the table and to span many read-ahead
        // batches, some already known, the empty word among them.
        let first = (0..<5_000).map { "w\($0)" }, second = [""] + (2_500..<9_000).map { "w\($0)" } + ["", "ñandú"]
        let one = Interner(), global = Interner(), local = Interner()
        for w in first + second { _ = one.intern(w) }
        for w in first { _ = global.intern(w) }
        for w in second { _ = local.intern(w) }
        let map = global.absorb(local)
        #expect(map.count == local.count)
        #expect((0..<local.count).allSatisfy { global[map[$0]] == local[Symbol($0)] })
        #expect(global.count == one.count)
        #expect((0..<one.count).allSatisfy { global[Symbol($0)] == one[Symbol($0)] })
        #expect(global.lookup("w8999") == one.lookup("w8999"))
    }

    @Test(arguments: [(0, 2), (1, 3), (50, 1), (50, 2), (50, 7)])
    func aPipelineConsumesEachResultInOrderAfterItIsMade(_ count: Int, _ workers: Int) {
        final class Made {
            let value: Int
            init(_ value: Int) { self.value = value }
        }
        var consumed: [Int] = []
        DeepStack.pipeline(count: count, workers: workers, produce: { i in
            usleep(UInt32(i % 7) * 300)  // uneven work, so that threads finish out of order
            return Made(i * i)
        }, consume: { i, made in
            #expect(made.value == i * i)
            // The only reference: a tree can be renumbered without a copy.
            #expect(isKnownUniquelyReferenced(&made))
            consumed.append(i)
        })
        #expect(consumed == Array(0..<count))
    }

    @Test(arguments: [(0, 2), (1, 1), (30, 1), (30, 2), (30, 5)])
    func aFeedRunsEachItemOnceAndReturnsResultsInTheOrderEmitted(_ count: Int, _ workers: Int) {
        let results = DeepStack.feed(workers: workers, produce: { (emit: (Int, Int) -> Void) in
            for i in 0..<count {
                if i % 4 == 0 { usleep(200) }  // items come while earlier ones are worked on
                emit(i, (i * 7) % 5)
            }
        }) { i -> Int in
            usleep(UInt32(i % 3) * 300)
            return i * i
        }
        #expect(results == (0..<count).map { $0 * $0 })
    }

    @Test func aFeedWorksOnAnItemBeforeTheNextIsMade() {
        // The producer waits for the first item to be started: it would
        // wait in vain if items were worked on only after the last was made.
        let started = DispatchSemaphore(value: 0)
        var waited: DispatchTimeoutResult = .timedOut
        let results = DeepStack.feed(workers: 2, produce: { (emit: (Int, Int) -> Void) in
            emit(1, 1)
            waited = started.wait(timeout: .now() + 20)
            emit(2, 1)
        }) { n -> Int in
            if n == 1 { started.signal() }
            return n * 10
        }
        #expect(waited == .success)
        #expect(results == [10, 20])
    }

    @Test func aFeedTakesTheCostliestWaitingItemFirst() {
        // One worker: all is emitted before anything is taken.
        var order: [String] = []
        _ = DeepStack.feed(workers: 1, produce: { (emit: (String, Int) -> Void) in
            for (name, cost) in [("a", 1), ("b", 5), ("c", 3), ("d", 5)] { emit(name, cost) }
        }) { name in order.append(name) }
        #expect(order == ["b", "d", "c", "a"])
    }

    /// What `cap build` relies on to remove the temporary file of a failed
    /// build: dropping work started in the background waits for it, even
    /// while its thread is in the middle of it.
    @Test func droppingBackgroundWorkWaitsForItsThread() {
        final class Flag: @unchecked Sendable {
            private let lock = NSLock()
            private var value = false
            var isSet: Bool { lock.withLock { value } }
            func set() { lock.withLock { value = true } }
        }
        let started = DispatchSemaphore(value: 0)
        let finished = Flag()
        var work: DeepStack.Background<Int>? = DeepStack.Background {
            started.signal()
            usleep(100_000)
            finished.set()
            return 1
        }
        #expect(started.wait(timeout: .now() + 20) == .success)
        work = nil
        #expect(work == nil)
        #expect(finished.isSet)
    }

    @Test func workIsDealtLargestFirstToTheLeastLoaded() {
        // Four outputs costing 1, 5, 1 and 1 on two threads: the big one
        // alone on one thread, the three small ones on the other.
        let costs = [1, 5, 1, 1]
        let threads = DeepStack.map(costs: costs, workers: 2) { _ in pthread_self() }
        #expect(threads.count == 4)
        #expect(threads[0] == threads[2] && threads[2] == threads[3])
        #expect(threads[1] != threads[0])
    }

    @Test func availableProcessorsAreWhatNprocSees() throws {
        // nproc (coreutils) counts the processors of the affinity mask, as
        // `taskset` or a container's CPU set leaves it.
        let nproc = Process()
        nproc.executableURL = URL(fileURLWithPath: "/usr/bin/nproc")
        let pipe = Pipe()
        nproc.standardOutput = pipe
        try nproc.run()
        ChildProcess.wait(nproc, seconds: 20, "nproc")
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) == DeepStack.availableProcessors)
    }
}
