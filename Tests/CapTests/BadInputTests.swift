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

/// A folder under the system temporary directory, removed when released.
final class TemporaryFolder {
    let url: URL
    var path: String { url.path }

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cap-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let file = url.appendingPathComponent(name)
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(bytes).write(to: file)
        return file.path
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    @discardableResult
    func mkdir(_ name: String) -> String {
        let dir = url.appendingPathComponent(name)
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    func symlink(_ name: String, to destination: String) {
        try! FileManager.default.createSymbolicLink(atPath: url.appendingPathComponent(name).path,
                                                    withDestinationPath: destination)
    }
}

/// Broken, hostile and huge input, through `Workspace.load` on real files.
/// Each test asserts what a user would see: the codes, lines and counts.
@Suite struct BadInputTests {
    static func load(_ paths: [String], limits: Workspace.Limits = Workspace.Limits()) -> Workspace {
        let ws = Workspace.load(paths: paths, limits: limits)
        ws.check()
        return ws
    }

    /// "E0001@2:11" per diagnostic, in order (no file name: one-file tests).
    static func found(_ ws: Workspace) -> [String] {
        ws.diagnostics.sorted().map { d in
            guard let r = d.range else { return d.code.id }
            let (line, column) = ws.sources.lineColumn(r.file, r.start)
            return "\(d.code.id)@\(line):\(column)"
        }
    }

    /// "E0503@main.cap:2" per diagnostic, for tests with several files.
    static func foundWithFiles(_ ws: Workspace) -> [String] {
        ws.diagnostics.sorted().map { d in
            guard let r = d.range else { return d.code.id }
            let line = ws.sources.lineColumn(r.file, r.start).line
            let name = ws.sources[r.file].path.split(separator: "/").last.map(String.init) ?? ""
            return "\(d.code.id)@\(name):\(line)"
        }
    }

    static func render(_ ws: Workspace, _ format: DiagnosticReport.Format = .text, maxShown: Int = 0) -> String {
        DiagnosticReport(format: format, maxShown: maxShown).render(ws.diagnostics, sources: ws.sources, fileCount: ws.fileCount)
    }


    // MARK: - Encodings and bytes

    @Test func invalidUTF8IsReportedOnItsLineAndColumn() {
        let dir = TemporaryFolder()
        let path = dir.write("bad.cap", Array("// café\ntag t \"caf".utf8) + [0xE9] + Array("\" { }\n".utf8))
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["E0001@2:11"])
        let text = Self.render(ws)
        #expect(text.contains("2 | tag t \"caf\u{FFFD}\" { }"))
        #expect(text.contains("invalid UTF-8 byte 0xE9"))
    }

    @Test func latin1FileReportsEveryBadByteAndNoCascade() {
        let dir = TemporaryFolder()
        // "Grégoire Théry" and "Žbogar" in Latin-1/Windows-1250 bytes.
        let path = dir.write("latin1.cap", Array("person g \"Gr".utf8) + [0xE9] + Array("goire Th".utf8) + [0xE9]
                             + Array("ry\" {\n  aka \"".utf8) + [0x8E] + Array("bogar\"; contry SE\n}\n".utf8))
        let ws = Self.load([path])
        // Each bad byte counts as one column, like the U+FFFD an editor shows
        // for it, whether or not it looks like a continuation byte (0x8E).
        #expect(Self.found(ws) == ["E0001@1:13", "E0001@1:22", "E0001@2:8", "E0202@2:17"])
        // The entity is still there and checked.
        #expect(ws.entities.count == 1)
    }

    @Test func utf16FileDoesNotCrashAndIsReportedOnLineOne() {
        let dir = TemporaryFolder()
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in "tag t \"T\" { }".utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let path = dir.write("utf16.cap", bytes)
        let ws = Self.load([path])
        #expect(ws.diagnostics.hasErrors)
        #expect(ws.diagnostics.sorted().first.map(\.code.id) == "E0001")
        #expect(Self.found(ws).allSatisfy { $0.contains("@1:") })
        #expect(ws.entities.count == 0)
    }

    @Test func nulAndOtherControlBytesAreReportedOnTheirLines() {
        let dir = TemporaryFolder()
        let path = dir.write("ctl.cap", Array("tag t \"T\" {\n  description \"a".utf8) + [0x00]
                             + Array("b\"\n  // bell".utf8) + [0x07] + Array("\n}\n".utf8) + [0x01] + Array("\n".utf8))
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["E0002@2:17", "E0002@3:10", "E0002@5:1"])
        #expect(ws.diagnostics.sorted().map(\.message) == [
            "unexpected control character NUL", "unexpected control character U+0007", "unexpected control character U+0001",
        ])
        let text = Self.render(ws)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no raw control bytes in the output")
    }

    @Test func deleteCharacterInsideAStringIsAControlCharacter() {
        // The grammar: "A one-line string may not contain a raw line break or
        // a control character other than tab". DEL (0x7F) is a control
        // character, and is reported as one outside strings.
        let dir = TemporaryFolder()
        let path = dir.write("del.cap", Array("tag t \"T\" {\n  description \"a".utf8) + [0x7F] + Array("b\"\n}\n".utf8))
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["E0002@2:17"])
    }

    @Test func byteOrderMarkIsAWarningAndColumnsAreAsAnEditorShowsThem() {
        let dir = TemporaryFolder()
        let path = dir.write("bom.cap", [0xEF, 0xBB, 0xBF] + Array("tag t \"T\" { descripton \"x\" }\ntag u \"U\" { descripton \"y\" }\n".utf8))
        let ws = Self.load([path])
        // Editors do not show the BOM, so "tag" is column 1 and the
        // misspelt field column 13, on line 1 as on line 2.
        #expect(Self.found(ws) == ["W0002@1:1", "E0202@1:13", "E0202@2:13"])
        #expect(ws.diagnostics.warningCount == 1 && ws.diagnostics.errorCount == 2)
    }

    // MARK: - Line endings

    @Test(arguments: [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")])
    func lineNumbersWithEveryLineEnding(_ name: String, _ eol: String) {
        let dir = TemporaryFolder()
        let lines = [
            "tag a \"A\" { }",                 // 1
            "// comment",                      // 2
            "",                                // 3
            "member m \"M\" {",                // 4
            "  description \"\"\"one",         // 5
            "two\"\"\"",                       // 6
            "  country SWD",                   // 7
            "  contry SE",                     // 8
            "}",                               // 9
        ]
        let path = dir.write("eol.cap", lines.joined(separator: eol) + eol)
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["E0209@7:11", "E0202@8:3"], "\(name)")
        let text = Self.render(ws)
        #expect(text.contains("7 |   country SWD\n"), "\(name)")
        #expect(!text.contains("\r"), "\(name)")
    }

    @Test func mixedLineEndingsCountEachBreakOnce() {
        let dir = TemporaryFolder()
        let path = dir.write("mixed.cap", "tag a \"A\" { }\n\r\n\r\n\rmember m \"M\" {\r  country SWD\n}\n")
        let ws = Self.load([path])
        // 1 tag ⏎LF · 2 ⏎CRLF · 3 ⏎CRLF · 4 ⏎CR · 5 member ⏎CR · 6 country
        #expect(Self.found(ws) == ["E0209@6:11"])
    }

    // MARK: - Empty and unterminated

    @Test func emptyFileIsAWarning() {
        let dir = TemporaryFolder()
        let path = dir.write("empty.cap", [])
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["W0001@1:1"])
        #expect(ws.diagnostics.errorCount == 0 && ws.diagnostics.warningCount == 1)
        #expect(ws.fileCount == 1)
        #expect(Self.render(ws).contains("empty.cap:1:1: warning[W0001]"))
    }

    @Test func whitespaceOnlyFileIsAWarning() {
        let dir = TemporaryFolder()
        let path = dir.write("blank.cap", "\n  \r\n\t\r")
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["W0001@1:1"])
    }

    @Test func unterminatedStringAtEndOfFile() {
        let dir = TemporaryFolder()
        let path = dir.write("s.cap", "tag t \"T\" {\n  description \"abc")
        let ws = Self.load([path])
        // The open block is a consequence, not a second mistake.
        #expect(Self.found(ws) == ["E0003@2:15"])
    }

    @Test func unterminatedLongStringAtEndOfFile() {
        let dir = TemporaryFolder()
        let path = dir.write("l.cap", "tag t \"T\" {\n  description \"\"\"abc\n\nmore\n")
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["E0003@2:15"])
    }

    @Test func unterminatedBlockAtEndOfFile() {
        let dir = TemporaryFolder()
        let path = dir.write("b.cap", "tag t \"T\" {\n  description \"abc\"\n")
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["E0104@1:11"])
    }

    // MARK: - Deep, long and many

    @Test func hundredThousandNestedBlocks() {
        let dir = TemporaryFolder()
        let open = String(repeating: "{ x ", count: 100_000)
        let path = dir.write("deep.cap", "tag deep \"D\" {\n  description " + open + "\n}\ntag after \"A\" { }\n")
        // The 33rd block is the 32nd '{' on line 2, at column 15 + 4 × 31.
        let ws = Self.load([path])
        let found = Self.found(ws)
        #expect(found.contains("E0107@2:139"), "\(found.prefix(5))")
        #expect(ws.diagnostics.errorCount < 10, "one mistake, not a cascade: \(found.count) diagnostics: \(found.prefix(10))")
    }

    @Test func hundredThousandNestedBalancedBlocks() {
        let dir = TemporaryFolder()
        let body = String(repeating: "{ x ", count: 100_000) + String(repeating: "} ", count: 100_000)
        let path = dir.write("deep.cap", "tag deep \"D\" {\n  description " + body + "\n}\ntag after \"A\" { }\n")
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["E0301@2:15", "E0107@2:139"])
        #expect(ws.entities.count == 2)
    }

    @Test func hundredThousandBareBraces() {
        let dir = TemporaryFolder()
        let path = dir.write("braces.cap", String(repeating: "{", count: 100_000))
        let ws = Self.load([path])
        #expect(ws.diagnostics.hasErrors)
        #expect(ws.diagnostics.errorCount < 10)
    }

    static func blob(_ head: String, _ tail: String, count: Int = 20_000_000, byte: UInt8 = UInt8(ascii: "a")) -> [UInt8] {
        Array(head.utf8) + [UInt8](repeating: byte, count: count) + Array(tail.utf8)
    }

    @Test func twentyMegabyteValidLine() {
        let dir = TemporaryFolder()
        let path = dir.write("long.cap", Self.blob("tag t \"T\" { description \"", "\" }\n"))
        let ws = Self.load([path])
        #expect(Self.found(ws) == [])
    }

    @Test func twentyMegabyteLineWithOneMistake() {
        let dir = TemporaryFolder()
        let head = "tag t \"T\" { description \""
        let path = dir.write("long.cap", Self.blob(head, "\"; contry SE }\n"))
        let ws = Self.load([path])
        let text = Self.render(ws)
        #expect(Self.found(ws) == ["E0202@1:\(head.count + 20_000_000 + 4)"])
        #expect(text.utf8.count < 2_000, "the report is \(text.utf8.count) bytes")
    }

    @Test func hugeValueQuotedInAMessageDoesNotFloodTheReport() {
        // A pasted blob in a field that quotes the value back: the report
        // must stay a few lines, not repeat the blob (in the message, in the
        // help, in the snippet and under it). 2 MB and 1 MB keep it quick.
        let dir = TemporaryFolder()
        let path = dir.write("blob.cap", Self.blob("coalition c \"C\" { email \"", "\" }\n", count: 2_000_000)
                             + Self.blob("publication p \"P\" { pages \"", "\" }\n", count: 1_000_000, byte: 0x39))
        let ws = Self.load([path])
        #expect(Self.found(ws).map { String($0.prefix(5)) } == ["E0306", "E0301"])
        for format in DiagnosticReport.Format.allCases {
            let out = Self.render(ws, format)
            #expect(out.utf8.count < 10_000, "\(format) report is \(out.utf8.count) bytes")
        }
    }

    @Test func twoHundredThousandErrorsInOneFile() {
        let dir = TemporaryFolder()
        var text = "member m \"M\" {\n  country SE\n"
        text.reserveCapacity(3_000_000)
        for i in 0..<200_000 { text += "  tags t\(i)\n" }
        text += "}\n"
        let path = dir.write("many.cap", text)
        let ws = Self.load([path])
        #expect(ws.diagnostics.errorCount == 200_000)
        #expect(ws.diagnostics.warningCount == 0)
        #expect(ws.diagnostics.diagnostics.count == ws.diagnostics.storeLimit)
        #expect(ws.diagnostics.droppedCount == 200_000 - ws.diagnostics.storeLimit)
        #expect(ws.diagnostics.diagnostics.allSatisfy { $0.code == .unknownReference })
        let out = Self.render(ws, maxShown: 100)
        #expect(out.hasSuffix("… and 199,900 more diagnostics not shown (--max-diagnostics 0 shows all)\nchecked 1 file: 200,000 errors, 0 warnings\n"))
        // The first shown is on line 3.
        #expect(out.hasPrefix("\(path):3:8: error[E0204]"))
    }

    @Test func twoHundredThousandLexicalErrors() {
        let dir = TemporaryFolder()
        let path = dir.write("junk.cap", String(repeating: "@\n", count: 200_000))
        let ws = Self.load([path])
        #expect(ws.diagnostics.errorCount == 200_000)
        #expect(ws.diagnostics.diagnostics.count <= ws.diagnostics.storeLimit)
        // A thousand are made; the rest are counted, and a note at the end
        // of the file says so.
        #expect(Self.found(ws).suffix(2) == ["E0005@1000:1", "E0009@200001:1"])
        let json = Self.render(ws, .json, maxShown: 10)
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["errors"] as? Int == 200_000)
        #expect(object?["omitted"] as? Int == 199_990)
    }

    @Test func numberTooLarge() {
        let dir = TemporaryFolder()
        let huge = String(repeating: "9", count: 100_000)
        let path = dir.write("n.cap", """
            publication p "P" {
              pages 99999999999999999999999999999999
            }
            coalition c "C" {
              figure { name "x"; value \(huge) }
              figure { name "y"; value 1_000_000 }
            }

            """)
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["E0006@2:9", "E0006@5:28"])
        #expect(Self.render(ws).utf8.count < 5_000, "a 100,000-digit number is not echoed whole")
    }

    @Test func fileLargerThanTheLimit() {
        let dir = TemporaryFolder()
        let path = dir.write("big.cap", String(repeating: "// filler\n", count: 100))
        var limits = Workspace.Limits()
        limits.maxFileBytes = 500
        let ws = Self.load([path], limits: limits)
        #expect(Self.found(ws) == ["E0601"])
        #expect(ws.fileCount == 0)
    }

    // MARK: - Includes and the file system

    @Test func includeCycleIsReportedOnceAndEachFileLoadsOnce() {
        let dir = TemporaryFolder()
        let a = dir.write("a.cap", "include \"b.cap\"\ntag a \"A\" { }\n")
        dir.write("b.cap", "tag b \"B\" { }\ninclude \"c.cap\"\n")
        dir.write("c.cap", "// c\n\ninclude \"a.cap\"\ntag c \"C\" { }\n")
        let ws = Self.load([a])
        #expect(Self.foundWithFiles(ws) == ["E0502@c.cap:3"])
        #expect(ws.fileCount == 3)
        #expect(ws.entities.count == 3)
        let message = ws.diagnostics.diagnostics.first?.message ?? ""
        #expect(message.hasPrefix("include cycle: "))
        #expect(message.components(separatedBy: " → ").count == 4)
    }

    @Test func includeCycleFoundFromAFolder() {
        let dir = TemporaryFolder()
        dir.write("a.cap", "include \"b.cap\"\n")
        dir.write("b.cap", "include \"a.cap\"\n")
        let ws = Self.load([dir.path])
        #expect(ws.diagnostics.diagnostics.filter { $0.code == .includeCycle }.count == 1)
        #expect(ws.fileCount == 2)
    }

    static let marker = "SECRET_MARKER_7f3a9c"

    /// A root folder to check and, next to it, an outside folder holding
    /// files with a secret marker that must never be read or shown.
    static func outsideSetup() -> (TemporaryFolder, root: String, outside: String) {
        let dir = TemporaryFolder()
        let root = dir.mkdir("root")
        let outside = dir.mkdir("outside")
        // Were it read, this file would produce diagnostics quoting the marker.
        dir.write("outside/secret.cap", "member \(marker) \"\(marker)\" {\n  city \"\(marker)\"\n  \(marker) \(marker)\n}\n")
        dir.write("outside/passwd", "root:x:0:0:\(marker):/root:/bin/bash\n")
        return (dir, root, outside)
    }

    static func expectNoLeak(_ ws: Workspace, sourceLocation: SourceLocation = #_sourceLocation) {
        for format in DiagnosticReport.Format.allCases {
            let out = render(ws, format)
            #expect(!out.contains(marker), "\(format) output leaks the outside file:\n\(out)", sourceLocation: sourceLocation)
        }
        #expect(!ws.sources.files.contains { String(decoding: $0.bytes, as: UTF8.self).contains(marker) },
                "an outside file was read", sourceLocation: sourceLocation)
    }

    @Test func includesOutsideTheRootAreRefusedUnread() {
        let (dir, root, outside) = Self.outsideSetup()
        let main = dir.write("root/main.cap", """
            include "../outside/secret.cap"
            include "\(outside)/secret.cap"
            include "\(outside)/passwd"
            include "../outside/../outside/./secret.cap"
            include "/etc/passwd"
            tag t "T" { }

            """)
        for paths in [[root], [main]] {
            let ws = Self.load(paths)
            #expect(Self.foundWithFiles(ws) == ["E0503@main.cap:1", "E0503@main.cap:2", "E0504@main.cap:3",
                                                "E0503@main.cap:4", "E0504@main.cap:5"], "\(paths)")
            #expect(ws.fileCount == 1)
            Self.expectNoLeak(ws)
        }
    }

    @Test func symlinkIncludedFromInsideTheRootIsRefused() {
        let (dir, root, outside) = Self.outsideSetup()
        dir.symlink("root/link.cap", to: outside + "/secret.cap")
        let main = dir.write("root/main.cap", "tag t \"T\" { }\ninclude \"link.cap\"\n")
        let ws = Self.load([main])
        #expect(Self.foundWithFiles(ws) == ["E0503@main.cap:2"])
        Self.expectNoLeak(ws)
        _ = root
    }

    @Test func symlinkFoundWhileWalkingTheRootIsNotRead() {
        // `cap check .` on a pull request's checkout: a committed symbolic
        // link `evil.cap -> /etc/…` must not put the target into the CI log.
        let (dir, root, outside) = Self.outsideSetup()
        dir.symlink("root/evil.cap", to: outside + "/secret.cap")
        dir.write("root/main.cap", "tag t \"T\" { }\n")
        let ws = Self.load([root])
        Self.expectNoLeak(ws)
        #expect(ws.fileCount == 1, "only main.cap is inside the root")
    }

    @Test func symlinkedFolderInsideTheRootIsNotWalkedOutside() {
        let (dir, root, outside) = Self.outsideSetup()
        dir.symlink("root/sub", to: outside)
        dir.write("root/main.cap", "tag t \"T\" { }\n")
        let ws = Self.load([root])
        Self.expectNoLeak(ws)
        #expect(ws.fileCount == 1)
    }

    @Test func symlinkInsideTheRootToAFileInsideIsFine() {
        let dir = TemporaryFolder()
        let root = dir.mkdir("root")
        dir.write("root/data/members.cap", "member m \"M\" {\n  country SE\n}\n")
        dir.symlink("root/alias.cap", to: root + "/data/members.cap")
        dir.write("root/main.cap", "include \"alias.cap\"\ninclude \"data/members.cap\"\n")
        let ws = Self.load([root])
        // One file reached three ways is loaded once: no duplicate id.
        #expect(Self.found(ws) == [])
        #expect(ws.fileCount == 2)
    }

    @Test func directoryNamedLikeACapFile() {
        let dir = TemporaryFolder()
        let root = dir.mkdir("root")
        let folder = dir.mkdir("root/folder.cap")
        dir.write("root/main.cap", "tag t \"T\" { }\ninclude \"folder.cap\"\n")
        let ws = Self.load([root])
        #expect(Self.foundWithFiles(ws) == ["E0504@main.cap:2"])
        #expect(ws.fileCount == 1)
        #expect(ws.usageErrors.isEmpty)
        // Named on the command line, an empty folder has no .cap files.
        let alone = Self.load([folder])
        #expect(alone.fileCount == 0)
        #expect(alone.usageErrors.count == 1)
        #expect(alone.usageErrors.first?.contains("no .cap files") == true)
    }

    @Test func missingIncludeAndMissingPath() {
        let dir = TemporaryFolder()
        let main = dir.write("main.cap", "\ninclude \"nowhere.cap\"\n")
        let ws = Self.load([main, dir.path + "/absent.cap"])
        #expect(Self.foundWithFiles(ws) == ["E0501@main.cap:2"])
        #expect(ws.usageErrors.count == 1)
        #expect(ws.usageErrors.first?.contains("absent.cap") == true)
    }

    // MARK: - Text from the data in messages

    @Test func userTextInMessagesCannotDriveTheTerminalOrTheCILog() {
        // Escapes in a string decode to ESC and a line break; a message that
        // quotes the string must not emit them raw (an ANSI sequence, or a
        // forged "::error" workflow command on a line of its own).
        let dir = TemporaryFolder()
        let path = dir.write("esc.cap", "coalition c \"C\" {\n  email \"\\u{1B}[2J\\n::error file=x.cap,line=1::forged\"\n}\n")
        let ws = Self.load([path])
        #expect(Self.found(ws) == ["E0306@2:9"])
        for format in DiagnosticReport.Format.allCases {
            let out = Self.render(ws, format)
            #expect(!out.unicodeScalars.contains("\u{1B}"), "\(format) output holds a raw ESC")
            #expect(!out.components(separatedBy: "\n").dropFirst().contains { $0.hasPrefix("::") },
                    "\(format) output holds a forged workflow command:\n\(out)")
        }
    }
}
