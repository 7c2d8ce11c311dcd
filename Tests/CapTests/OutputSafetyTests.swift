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

/// What an output may replace (issue 28, item 1): data in a pull request
/// chooses output paths, CI runs `cap build` on it, often as root.
@Suite struct OutputSafetyTests {
    static let event = """
        event e "An event" {
          date 2017-03-01
        }

        """

    static func timeline(_ id: String, _ output: String, format: String = "md") -> String {
        "timeline \(id) \"T\" {\n  output \"\(output)\"\n  format \(format)\n}\n"
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    static func fileType(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) == 0 else { return "missing" }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return "file"
        case S_IFLNK: return "link"
        case S_IFIFO: return "fifo"
        case S_IFCHR: return "device"
        case S_IFDIR: return "folder"
        default: return "other"
        }
    }

    @Test func aDeviceIsNeverReplaced() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.event])
        let run = try EndToEndTests.run(["timeline", "--color", "never", "-o", "/dev/null", dir.path])
        #expect(run.status == 2)
        #expect(run.stderr == "cap: error: cannot write '/dev/null': it is a device; cap replaces only regular files (write to standard output with -o -)\n")
        #expect(Self.fileType("/dev/null") == "device")
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.event])
        let fifo = dir.url.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let run = try EndToEndTests.run(["report", "--period", "2017", "-o", fifo, dir.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("it is a FIFO; cap replaces only regular files"), "\(run.stderr)")
        #expect(Self.fileType(fifo) == "fifo")
    }

    @Test func aLinkNamedAsTheOutputIsRefusedAndItsTargetKept() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.event, "victim.txt": "keep me\n"])
        dir.symlink("out.md", to: dir.url.appendingPathComponent("victim.txt").path)
        let run = try EndToEndTests.run(["timeline", "-o", dir.url.appendingPathComponent("out.md").path, dir.url.appendingPathComponent("data.cap").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("it is a symbolic link"), "\(run.stderr)")
        #expect(Self.fileType(dir.url.appendingPathComponent("out.md").path) == "link")
        #expect(try String(contentsOfFile: dir.url.appendingPathComponent("victim.txt").path, encoding: .utf8) == "keep me\n")
    }

    @Test func dashAndDevStdoutWriteToStandardOutput() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.event])
        for target in ["-", "/dev/stdout"] {
            let run = try EndToEndTests.run(["timeline", "--format", "csv", "-o", target, dir.path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("date,"), "-o \(target): \(run.stdout)")
            #expect(run.stderr == "")
            #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("-").path))
        }
        let build = try EndToEndTests.run(["build", "-o", "-", dir.path], input: nil)
        #expect(build.status == 0)
        let data = EndToEndTests.folder(["data.cap": Self.event + Self.timeline("t", "t.csv", format: "csv")])
        let built = try EndToEndTests.run(["build", "-o", "-", data.path])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.hasPrefix("==> t.csv <==\ndate,"), "\(built.stdout)")
    }

    @Test func anInputOfTheRunIsNeverReplaced() throws {
        // A data file not named .cap, given on the command line, that
        // declares itself as an output; and the CLI's -o at an input.
        let data = Self.event + Self.timeline("t", "notes.md")
        let dir = EndToEndTests.folder(["notes.md": data])
        let build = try EndToEndTests.run(["build", "-o", dir.path, dir.url.appendingPathComponent("notes.md").path])
        #expect(build.status == 2)
        #expect(build.stderr.contains("it is an input of this run; cap never writes over the data it reads"), "\(build.stderr)")
        #expect(try String(contentsOfFile: dir.url.appendingPathComponent("notes.md").path, encoding: .utf8) == data)

        let other = EndToEndTests.folder(["data.cap": Self.event])
        let input = other.url.appendingPathComponent("data.cap").path
        let report = try EndToEndTests.run(["timeline", "-o", input, input])
        #expect(report.status == 2)
        #expect(report.stderr.contains("it is an input of this run"), "\(report.stderr)")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == Self.event)
    }

    @Test func hiddenGitAndCapOutputsAreCheckErrors() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.event + Self.timeline("a", ".git/config") + Self.timeline("b", "x/.env")
                                        + Self.timeline("c", "data.cap") + Self.timeline("d", "ok\u{202E}dm.exe")])
        let run = try EndToEndTests.run(["check", "--color", "never", dir.path])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").compactMap { line in line.range(of: "error[").map { String(line[$0.lowerBound...]) } }
        #expect(lines == [
            "error[E0801]: output '.git/config' has a hidden part '.git'; outputs are never hidden files or folders",
            "error[E0801]: output 'x/.env' has a hidden part '.env'; outputs are never hidden files or folders",
            "error[E0801]: output 'data.cap' is a .cap file, which the next check would read as data",
            "error[E0801]: output 'ok\\u{202E}dm.exe' contains a control character",
        ])
    }

    @Test func aFileAndAFolderOfOneNameAreACheckError() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.event + Self.timeline("a", "x") + Self.timeline("b", "x/y.md")])
        let run = try EndToEndTests.run(["check", "--color", "never", dir.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("error[E0803]: output 'x/y.md' needs a folder 'x' where another output writes a file"), "\(run.stdout)")
        let out = dir.url.appendingPathComponent("out").path
        let build = try EndToEndTests.run(["build", "-o", out, dir.path])
        #expect(build.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aLinkedFolderInsideTheOutputFolderIsNotFollowed() throws {
        let dir = EndToEndTests.folder(["data/data.cap": Self.event + Self.timeline("t", "sub/t.md")])
        let outside = dir.mkdir("outside")
        let out = dir.mkdir("out")
        dir.symlink("out/sub", to: outside)
        let run = try EndToEndTests.run(["build", "-o", out, dir.url.appendingPathComponent("data").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("'sub' on the way is a symbolic link"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside) == [])
    }

    @Test func aReplacedFileKeepsItsMode() throws {
        let dir = EndToEndTests.folder(["data/data.cap": Self.event + Self.timeline("t", "t.md")])
        let out = dir.mkdir("out")
        let target = dir.write("out/t.md", "old\n")
        #expect(chmod(target, 0o600) == 0)
        let run = try EndToEndTests.run(["build", "-o", out, dir.url.appendingPathComponent("data").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("# T\n"))
        #expect(try Self.mode(target) == 0o600)
    }

    @Test func aNameOf253BytesIsWritten() throws {
        let name = String(repeating: "n", count: 250) + ".md"
        #expect(name.utf8.count == 253)
        let dir = EndToEndTests.folder(["data/data.cap": Self.event + Self.timeline("t", name)])
        let out = dir.mkdir("out")
        let run = try EndToEndTests.run(["build", "-o", out, dir.url.appendingPathComponent("data").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == [name])
        let single = try EndToEndTests.run(["timeline", "-o", dir.url.appendingPathComponent("out/" + name).path, dir.url.appendingPathComponent("data").path])
        #expect(single.status == 0, "\(single.stderr)")
    }

    @Test func theWrittenLineShowsControlsEscaped() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.event])
        let target = dir.url.appendingPathComponent("a\u{202E}dm.csv\n::error::forged").path
        let run = try EndToEndTests.run(["timeline", "--format", "csv", "-o", target, dir.url.appendingPathComponent("data.cap").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "wrote \(dir.path)/a\\u{202E}dm.csv\\u{A}::error::forged\n")
    }
}
