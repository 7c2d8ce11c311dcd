#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapRuntime

/// The REPL's persistent history: plain text, one entry per line (a
/// backslash and a line end inside an entry are escaped), newest last.
///
/// Each entry is appended as it is typed, with O_APPEND, so several
/// sessions share one history without overwriting each other, as bash's
/// `histappend` does. Loading keeps only the last occurrence of a repeated
/// entry and at most `limit` entries; when the file has grown well past
/// that, it is rewritten (atomically) in that compact form.
public struct HistoryFile: Sendable {
    public let path: String
    public let limit: Int

    public init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = limit
    }

    /// Entries, oldest first, de-duplicated.
    public func load() -> [String] {
        guard let bytes = try? FileSystem.readFile(path, limit: 16 << 20) else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        var seen = Set<String>()
        var newestFirst: [String] = []
        for line in lines.reversed() {
            let entry = Self.decode(line)
            if seen.insert(entry).inserted { newestFirst.append(entry) }
            if newestFirst.count == limit { break }
        }
        let entries = Array(newestFirst.reversed())
        if lines.count > 2 * limit || lines.count > entries.count + limit / 2 {
            try? AtomicFile.write(entries.map { Self.encode($0) + "\n" }.joined(), to: path)
        }
        return entries
    }

    /// Adds one entry at the end of the file, creating its folder if needed.
    public func append(_ entry: String) {
        guard !entry.isEmpty else { return }
        FileSystem.makeDirectories(FileSystem.directoryName(path))
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        // One write call, so concurrent sessions' lines never interleave.
        var bytes = Array((Self.encode(entry) + "\n").utf8)
        _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress!, $0.count) }
    }

    static func encode(_ entry: String) -> String {
        var out = ""
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out
    }

    static func decode(_ line: Substring) -> String {
        var out = ""
        var escaped = false
        for c in line {
            if escaped {
                out.append(c == "n" ? "\n" : c == "r" ? "\r" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
