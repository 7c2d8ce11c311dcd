import CSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers only ever see the old contents or the new,
/// complete ones: the bytes go to a temporary file beside the target, are
/// flushed to disk, and the temporary file is renamed over the target. A
/// failure or a kill midway leaves the target as it was.
///
/// The temporary file is `.NAME.tmp-PID`: hidden, named after its target,
/// and never a `.cap` file, so neither a person nor `cap check` takes it for
/// data. A kill (SIGKILL, a power cut) between creating and renaming it
/// leaves it behind; the next write of the same target removes it once its
/// process is gone. Tests/CapTests/KillTests.swift kills `cap build` at
/// random moments to hold this to account.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(FileSystem.Failure) {
        var text = text
        // withUTF8 rethrows untyped errors; carry the typed one out.
        var failure: FileSystem.Failure?
        text.withUTF8 { buffer in
            do throws(FileSystem.Failure) { try write(bytes: buffer, to: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private static func write(bytes buffer: UnsafeBufferPointer<UInt8>, to path: String) throws(FileSystem.Failure) {
        let file = try Pending(path)
        try file.write(buffer)
        try file.finish()
        try file.commit()
    }

    /// A file being written: its bytes go to the temporary file, and
    /// `commit` renames it over the target. `cap build` keeps one per output
    /// while it renders them all, and commits them only when every one was
    /// written, so a failed build still changes nothing.
    ///
    /// A class, so that dropping it removes what was not committed: a
    /// build that stops midway leaves no temporary behind.
    public final class Pending: @unchecked Sendable {
        public let path: String
        private let temporary: String
        private var fd: Int32
        /// Renamed over the target, or removed.
        private var settled = false

        public init(_ path: String) throws(FileSystem.Failure) {
            let directory = FileSystem.directoryName(path)
            let name = path.split(separator: "/").last.map(String.init) ?? path
            removeStaleTemporaries(of: name, in: directory)
            let temporary = FileSystem.join(directory, ".\(name).tmp-\(getpid())")
            // O_EXCL and O_NOFOLLOW: never write through a link planted under
            // the temporary name. One left by an earlier process with this pid
            // is stale and goes.
            let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
            var fd = open(temporary, flags, 0o644)
            if fd < 0 && errno == EEXIST {
                unlink(temporary)
                fd = open(temporary, flags, 0o644)
            }
            guard fd >= 0 else { throw failure(errno) }
            self.path = path
            self.temporary = temporary
            self.fd = fd
        }

        /// One write() of tens of megabytes took up to ten times as long as
        /// the same bytes in 1 MiB writes (0.29 s against 0.03 s for 79 MB,
        /// ext4 on this project's CI machine).
        static let chunkSize = 1 << 20

        /// Bytes written so far, and those of them the disk was asked to
        /// take (`cap_start_writeback`).
        private var size = 0, handedToDisk = 0

        public func write(_ buffer: UnsafeBufferPointer<UInt8>) throws(FileSystem.Failure) {
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, min(buffer.count - offset, Pending.chunkSize))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(errno)
                }
                offset += n
                size += n
            }
            // Each megabyte starts on its way to the disk while the next is
            // rendered, so that `finish` waits for the last ones only: on
            // 100,000 events (80 MB of outputs) the flush and the wait for
            // it had added 60-90 ms to a build (with `finish` on a thread of
            // its own, Build.stage).
            if size - handedToDisk >= Pending.chunkSize {
                _ = cap_start_writeback(fd, Int64(handedToDisk), Int64(size - handedToDisk))
                handedToDisk = size
            }
        }

        /// Flushed to disk and closed: what a rename may then publish.
        public func finish() throws(FileSystem.Failure) {
            let code = fsync(fd) != 0 ? errno : 0
            let closed = close(fd)
            fd = -1
            if code != 0 { throw failure(code) }
            if closed != 0 { throw failure(errno) }
        }

        /// Renames the finished file over the target.
        public func commit() throws(FileSystem.Failure) {
            guard rename(temporary, path) == 0 else { throw failure(errno) }
            settled = true
        }

        /// Leaves the target as it was (as dropping the value does).
        public func discard() {
            if fd >= 0 { close(fd) }
            fd = -1
            if !settled { unlink(temporary) }
            settled = true
        }

        deinit { discard() }
    }

    /// Removes the `.NAME.tmp-PID` files beside `name` whose process has
    /// ended: what a kill between creating and renaming one leaves.
    static func removeStaleTemporaries(of name: String, in directory: String) {
        let prefix = ".\(name).tmp-"
        guard let handle = opendir(directory) else { return }
        var stale: [String] = []
        while let entry = readdir(handle) {
            let entryName = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard entryName.hasPrefix(prefix), let pid = pid_t(entryName.dropFirst(prefix.count)), pid > 0,
                  pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { stale.append(entryName) }
        }
        closedir(handle)
        for entryName in stale { unlink(FileSystem.join(directory, entryName)) }
    }

    private static func failure(_ code: Int32) -> FileSystem.Failure {
        switch code {
        case ENOENT, ENOTDIR: .notFound
        case EACCES, EPERM, EROFS: .permissionDenied
        case EISDIR: .isDirectory
        default: .other(String(cString: strerror(code)))
        }
    }
}
