#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapRuntime

/// The REPL's persistent history: plain text, one entry per line, newest
/// last. An entry is one whole input, so an input typed over several lines
/// is one entry: inside it a line end is written `\n`, a carriage return
/// `\r` and a backslash `\\`, and every other character as itself. (This
/// has been the format from the start; files written before entries were
/// whole inputs hold one typed line per entry and read as such.)
///
/// Each entry is appended as it is entered, with O_APPEND, so several
/// sessions share one history without overwriting each other, as bash's
/// `histappend` does. An entry already in the file moves to the end: the
/// file is rewritten without its earlier occurrence, as bash's `erasedups`
/// does, so the file holds no repeats. Appends and rewrites take a lock on
/// the history's folder, so that a rewrite never drops another session's
/// append. Loading keeps only the last occurrence of a repeated entry (old
/// files have repeats) and at most `limit` entries; when the file has grown
/// well past that, it is rewritten in that compact form. The file is only
/// the user's (mode 0600), rewritten or not.
public struct HistoryFile: Sendable {
    public let path: String
    public let limit: Int

    public init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = limit
    }

    /// The history entry for one input as typed: trailing spaces and tabs
    /// are dropped from each of its lines (they are invisible, and a string
    /// never spans lines, so no value depends on them), then blank lines at
    /// its end. Nil for an input that is all blank.
    public static func entry(_ input: String) -> String? {
        // "\r\n" is one Character in Swift: a separator of its own.
        var lines = input.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line -> Substring in
            var line = line
            while let last = line.last, last == " " || last == "\t" || last == "\r" { line.removeLast() }
            return line
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        while let first = lines.first, first.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeFirst() }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// `entries` with `entry` added as the newest and any earlier
    /// occurrence of it removed.
    public static func adding(_ entry: String, to entries: [String]) -> [String] {
        entries.filter { $0 != entry } + [entry]
    }

    /// Entries, oldest first, de-duplicated.
    public func load() -> [String] {
        locked {
            let lines = readLines()
            let entries = Self.compact(lines, limit: limit)
            if lines.count > 2 * limit || lines.count > entries.count + limit / 2 {
                rewrite(entries)
            }
            return entries
        }
    }

    /// Adds one entry at the end of the file, creating its folder if needed.
    /// An entry already in the file is moved to the end.
    public func append(_ entry: String) {
        guard !entry.isEmpty else { return }
        FileSystem.makeDirectories(FileSystem.directoryName(path))
        locked {
            let lines = readLines()
            if lines.contains(where: { Self.decode($0) == entry }) {
                rewrite(lines.map { Self.decode($0) }.filter { $0 != entry } + [entry])
                return
            }
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { return }
            defer { close(fd) }
            // One write call: even a session of an older cap, which takes
            // no lock, never sees half a line.
            var bytes = Array((Self.encode(entry) + "\n").utf8)
            _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress!, $0.count) }
        }
    }

    /// The newest `limit` distinct entries of `lines`, oldest first.
    static func compact(_ lines: [Substring], limit: Int) -> [String] {
        var seen = Set<String>()
        var newestFirst: [String] = []
        for line in lines.reversed() {
            let entry = decode(line)
            if seen.insert(entry).inserted { newestFirst.append(entry) }
            if newestFirst.count == limit { break }
        }
        return Array(newestFirst.reversed())
    }

    private func readLines() -> [Substring] {
        guard let bytes = try? FileSystem.readFile(path, limit: 16 << 20) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
    }

    /// Replaces the file by `entries`, atomically: a temporary file of mode
    /// 0600 beside it, renamed over it.
    private func rewrite(_ entries: [String]) {
        let temporary = path + ".tmp-\(getpid())"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        var bytes = Array(entries.map { Self.encode($0) + "\n" }.joined().utf8)
        var offset = 0
        let ok = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        if !ok || rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// Runs `body` holding an exclusive lock on the history's folder (the
    /// file itself is replaced by a rewrite, and a lock on it would go with
    /// the old one). Without the lock (a folder that cannot be opened),
    /// `body` runs all the same: a history is not worth failing over.
    private func locked<T>(_ body: () -> T) -> T {
        let fd = open(FileSystem.directoryName(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return body() }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(fd, LOCK_UN) }
        return body()
    }

    static func encode(_ entry: String) -> String {
        var out = ""
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
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
        // A lone backslash at the end (a hand-edited file) stays itself.
        if escaped { out.append("\\") }
        return out
    }
}
