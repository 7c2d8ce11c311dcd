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

/// What cap reads (issue 28, item 2): paths chosen by data in a pull
/// request, and special files, must neither leak, probe nor block.
@Suite struct InputSafetyTests {
    static let secret = "SECRET_TOKEN=hunter2\n"

    @Test func aNULInAnIncludeIsRefusedBeforeAnythingIsRead() throws {
        let escaped = EndToEndTests.folder([
            "main.cap": "include \"x.env\\u{0}.cap\"\n",
            "x.env": Self.secret,
        ])
        let run = try EndToEndTests.run(["check", "--color", "never", escaped.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("error[E0504]: the include path 'x.env\\u{0}.cap' contains a control character"), "\(run.stdout)")
        #expect(!run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"))

        let raw = TemporaryFolder()
        raw.write("main.cap", Array("include \"x.env".utf8) + [0] + Array(".cap\"\n".utf8))
        raw.write("x.env", Self.secret)
        let rawRun = try EndToEndTests.run(["check", "--color", "never", raw.path])
        #expect(rawRun.status == 1)
        #expect(rawRun.stdout.contains("E0504"), "\(rawRun.stdout)")
        #expect(!rawRun.stdout.contains("hunter2") && !rawRun.stderr.contains("hunter2"))
    }

    /// Whether something exists outside changes nothing in the answer.
    @Test func aRefusedIncludeSaysTheSameWhateverExistsOutside() throws {
        let dir = TemporaryFolder()
        dir.write("outside/exists.cap", "member m \"M\" {\n  country SE\n}\n")
        dir.mkdir("data")
        dir.symlink("data/link_exists.cap", to: dir.url.appendingPathComponent("outside/exists.cap").path)
        dir.symlink("data/link_missing.cap", to: dir.url.appendingPathComponent("outside/missing.cap").path)
        dir.symlink("data/folder_link", to: dir.url.appendingPathComponent("outside").path)
        dir.write("data/main.cap", """
            include "../outside/exists.cap"
            include "../outside/missing.cap"
            include "link_exists.cap"
            include "link_missing.cap"
            include "folder_link/exists.cap"
            include "folder_link/missing.cap"
            include "../outside/nothing/../exists.cap"

            """)
        let ws = Workspace.load(paths: [dir.url.appendingPathComponent("data/main.cap").path])
        ws.check()
        let codes = ws.diagnostics.sorted().map(\.code.id)
        #expect(codes == Array(repeating: "E0503", count: 7), "\(ws.diagnostics.sorted().map(\.message))")
    }

    @Test func aMissingIncludeInsideIsStillNotFound() {
        let dir = TemporaryFolder()
        dir.write("main.cap", "include \"sub/../nothing.cap\"\n")
        let ws = Workspace.load(paths: [dir.path])
        ws.check()
        #expect(ws.diagnostics.sorted().map(\.code.id) == ["E0501"])
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let dir = EndToEndTests.folder(["main.cap": "include \"pipe.cap\"\n"])
        let fifo = dir.url.appendingPathComponent("pipe.cap").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let started = Date()
        // Named on the command line, found in the folder, and included.
        let named = try EndToEndTests.run(["check", "--color", "never", fifo])
        #expect(named.status == 2)
        #expect(named.stderr == "cap: error: cannot read '\(fifo)': is not a regular file\n")
        let folder = try EndToEndTests.run(["check", "--color", "never", dir.path])
        #expect(folder.status == 2)
        #expect(folder.stdout.contains("error[E0504]: 'pipe.cap' is not a regular file"), "\(folder.stdout)")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func devicesAreRefused() throws {
        let run = try EndToEndTests.run(["check", "--color", "never", "/dev/zero"])
        #expect(run.status == 2)
        #expect(run.stderr == "cap: error: cannot read '/dev/zero': is not a regular file\n")
    }

    @Test func aFileTheKernelSizesAsEmptyIsReadToItsEnd() throws {
        let bytes = try FileSystem.readFile("/proc/self/status", limit: 1 << 20)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("Name:"))
        #expect(throws: FileSystem.Failure.self) { try FileSystem.readFile("/proc/self/status", limit: 10) }
    }

    @Test func notADirectorySaysSo() throws {
        let dir = EndToEndTests.folder(["a.cap": "member m \"M\" {\n  country SE\n}\n"])
        let run = try EndToEndTests.run(["check", dir.url.appendingPathComponent("a.cap/b.cap").path])
        #expect(run.status == 2)
        #expect(run.stderr.hasSuffix("a.cap/b.cap': a part of the path is not a directory\n"), "\(run.stderr)")
    }

    /// As root every folder is readable, so the check runs as nobody then.
    @Test func anUnreadableFolderIsDiagnosed() throws {
        let dir = EndToEndTests.folder(["data/a.cap": "member m \"M\" {\n  country SE\n}\n",
                                        "data/locked/b.cap": "member n \"N\" {\n  country SE\n}\n"])
        let data = dir.url.appendingPathComponent("data").path
        #expect(chmod(dir.path, 0o755) == 0 && chmod(data, 0o755) == 0)
        #expect(chmod(data + "/a.cap", 0o644) == 0)
        #expect(chmod(data + "/locked", 0o000) == 0)
        defer { chmod(data + "/locked", 0o755) }
        let run: EndToEndTests.Run
        if geteuid() == 0 {
            guard let binary = EndToEndTests.binary else { return }
            run = try EndToEndTests.run(["--reuid=65534", "--regid=65534", "--clear-groups", binary.path,
                                         "check", "--color", "never", data], executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        } else {
            run = try EndToEndTests.run(["check", "--color", "never", data])
        }
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("error[E0505]: cannot read the folder '\(data)/locked': permission denied; the files in it were not checked"), "\(run.stdout)")
    }

    /// A write the disk cannot take (/dev/full: no space) is an error with
    /// the system's reason, not a copy silently left short.
    @Test func aWriteThatCannotFinishSaysWhy() throws {
        let fd = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        let bytes: [UInt8] = Array("member a \"A\" {}\n".utf8)
        var failure: FileSystem.Failure? = nil
        bytes.withUnsafeBytes { buffer in
            do throws(FileSystem.Failure) { try FileSystem.writeAll(fd, buffer) } catch { failure = error }
        }
        #expect(failure?.message.contains("No space left on device") == true, "\(String(describing: failure))")
    }
}
