import Testing
import Foundation
@testable import CapBase
@testable import CapServer

/// The server's own pieces, below the protocol: URIs, edits in UTF-16
/// ranges, the framing. Tests/LSP drives the whole server with real clients.
@Suite struct LanguageServerTests {
    @Test func fileURIsDecodeAsClientsWriteThem() {
        #expect(URIs.path("file:///home/a/Examples/members.cap") == "/home/a/Examples/members.cap")
        // VS Code escapes spaces and non-ASCII; Neovim leaves them.
        #expect(URIs.path("file:///tmp/caf%C3%A9%20data/m.cap") == "/tmp/café data/m.cap")
        #expect(URIs.path("file:///tmp/café data/m.cap") == "/tmp/café data/m.cap")
        #expect(URIs.path("file://localhost/tmp/m.cap") == "/tmp/m.cap")
        #expect(URIs.path("file://otherhost/tmp/m.cap") == nil)
        #expect(URIs.path("untitled:Untitled-1") == nil)
        #expect(URIs.uri("/tmp/café data/m.cap") == "file:///tmp/caf%C3%A9%20data/m.cap")
    }

    @Test func anEditInUTF16ColumnsReplacesTheRightBytes() throws {
        var document = Document(uri: "file:///x.cap", path: "/x.cap", version: 1,
                                bytes: Array("a\n🎉é SE x\n".utf8))
        // Line 1: 🎉 is two units, é one, the space one: SE is at 4 to 6.
        try document.apply(["range": ["start": ["line": 1, "character": 4], "end": ["line": 1, "character": 6]], "text": "FR"])
        #expect(String(decoding: document.bytes, as: UTF8.self) == "a\n🎉é FR x\n")
        // A range past the end is clamped to it.
        try document.apply(["range": ["start": ["line": 9, "character": 0], "end": ["line": 9, "character": 3]], "text": "end"])
        #expect(String(decoding: document.bytes, as: UTF8.self) == "a\n🎉é FR x\nend")
        // No range: the whole text.
        try document.apply(["text": "new"])
        #expect(document.bytes == Array("new".utf8))
        #expect(throws: InvalidParams.self) { try document.apply(["range": ["start": "here"], "text": "x"]) }
    }

    @Test func framingSkipsWhatItCannotReadAndGoesOn() throws {
        var pipe: [Int32] = [0, 0]
        #expect(Foundation.pipe(&pipe) == 0)
        let input = "Content-Length: x\r\n\r\n\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}Content-Length: 3\r\n\r\n[1]"
        let bytes = Array(input.utf8)
        #expect(bytes.withUnsafeBytes { write(pipe[1], $0.baseAddress, $0.count) } == bytes.count)
        close(pipe[1])
        let channel = MessageChannel(input: pipe[0], output: -1)
        guard case .malformed = channel.read() else { Issue.record("a bad Content-Length is malformed"); return }
        guard case .message(let first) = channel.read() else { Issue.record("the next message is read"); return }
        #expect(first == Array("{}".utf8))
        guard case .message(let second) = channel.read() else { Issue.record("and the one after"); return }
        #expect(second == Array("[1]".utf8))
        guard case .endOfInput = channel.read() else { Issue.record("then the end"); return }
        close(pipe[0])
    }
}
