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
/// What it replaces is held to rules, because the paths come from data in a
/// pull request and CI runs as root: the target must be missing or a
/// regular file (never a link, a device such as /dev/null, a FIFO or a
/// socket), never an input of the run (`protecting`), and never inside a
/// `.git` folder; the folders on the way from the output folder to the
/// target are never symbolic links (they are opened with O_NOFOLLOW, one
/// at a time, and the rename is made relative to the last one). A replaced
/// file keeps its mode (and, for root, its owner).
///
/// The temporary file is `.cap-tmp-PID-XXXXXX`: short, so that any legal
/// target name works (255 bytes); hidden and never a `.cap` file, so neither
/// a person nor `cap check` takes it for data. A kill (SIGKILL, a power cut)
/// between creating and renaming it leaves it behind; the next write in the
/// same folder removes it once its process is gone.
/// Tests/CapTests/KillTests.swift kills `cap build` at random moments to
/// hold this to account.
public enum AtomicFile {
    public static func write(_ text: String, to path: String,
                             protecting inputs: Set<FileSystem.Identity> = []) throws(FileSystem.Failure) {
        var text = text
        // withUTF8 rethrows untyped errors; carry the typed one out.
        var failure: FileSystem.Failure?
        text.withUTF8 { buffer in
            do throws(FileSystem.Failure) { try write(bytes: buffer, to: path, protecting: inputs) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private static func write(bytes buffer: UnsafeBufferPointer<UInt8>, to path: String,
                              protecting inputs: Set<FileSystem.Identity>) throws(FileSystem.Failure) {
        let file = try Pending(path, protecting: inputs)
        try file.write(buffer)
        try file.finish()
        try file.commit()
    }

    /// The prefix of every temporary file; what follows is `PID-XXXXXX`.
    static let temporaryPrefix = ".cap-tmp-"

    /// A folder outputs are written below, held open so that every path
    /// under it is resolved from the same folder however it is renamed or
    /// relinked meanwhile.
    public final class Folder: @unchecked Sendable {
        public let path: String
        fileprivate let fd: Int32

        /// Opens `path` (a folder the user named: links in it are followed),
        /// refusing one inside a `.git` folder.
        public init(_ path: String) throws(FileSystem.Failure) {
            guard !FileSystem.hasNUL(path) else { throw .nulInPath }
            let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw FileSystem.failure(errno) }
            self.path = path
            self.fd = fd
            if let real = FileSystem.realPath(path), real.split(separator: "/").contains(".git") {
                throw .notReplaceable("is inside a .git folder; cap never writes there")
            }
        }

        deinit { close(fd) }

        /// The folder `segments` below this one, opened without following
        /// a link at any step; created when `creating` and missing. The
        /// caller closes the descriptor.
        fileprivate func openFolder(_ segments: ArraySlice<Substring>, creating: Bool) throws(FileSystem.Failure) -> Int32 {
            var current = dup(fd)
            guard current >= 0 else { throw FileSystem.failure(errno) }
            for segment in segments {
                let name = String(segment)
                if creating && mkdirat(current, name, 0o755) != 0 && errno != EEXIST {
                    let code = errno
                    close(current)
                    throw FileSystem.failure(code)
                }
                let next = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                let code = errno
                var st = stat()
                // Linux answers ENOTDIR (not ELOOP) for a link with O_DIRECTORY.
                let isLink = next < 0 && fstatat(current, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_mode & S_IFMT == S_IFLNK
                close(current)
                guard next >= 0 else {
                    throw isLink ? .notReplaceable("'\(name)' on the way is a symbolic link; cap never writes through one")
                                 : FileSystem.failure(code)
                }
                current = next
            }
            return current
        }
    }

    /// A file being written: its bytes go to the temporary file, and
    /// `commit` renames it over the target. `cap build` keeps one per output
    /// while it renders them all, and commits them only when every one was
    /// written, so a failed build still changes nothing.
    ///
    /// A class, so that dropping it removes what was not committed: a
    /// build that stops midway leaves no temporary behind.
    public final class Pending: @unchecked Sendable {
        /// The target, as shown to the user.
        public let path: String
        private let folder: Folder
        /// The folders from `folder` to the target, and its name.
        private let segments: ArraySlice<Substring>, name: String
        private var temporary: String
        private let inputs: Set<FileSystem.Identity>
        private var fd: Int32
        /// Renamed over the target, or removed.
        private var settled = false

        /// The file at `path`, in a folder the user named.
        public convenience init(_ path: String, protecting inputs: Set<FileSystem.Identity> = []) throws(FileSystem.Failure) {
            guard !FileSystem.hasNUL(path) else { throw .nulInPath }
            guard let name = path.split(separator: "/").last, !path.hasSuffix("/"), name != ".", name != ".." else {
                throw .isDirectory
            }
            try self.init(in: Folder(FileSystem.directoryName(path)), relative: String(name), shownAs: path, protecting: inputs)
        }

        /// The file at `relative` (already held to `Build.isSafe`) below
        /// `folder`, its folders made as needed.
        public init(in folder: Folder, relative: String, shownAs path: String? = nil,
                    protecting inputs: Set<FileSystem.Identity> = []) throws(FileSystem.Failure) {
            guard !FileSystem.hasNUL(relative) else { throw .nulInPath }
            let parts = relative.split(separator: "/")
            guard let last = parts.last else { throw .isDirectory }
            self.path = path ?? FileSystem.join(folder.path, relative)
            self.folder = folder
            self.segments = parts.dropLast()
            self.name = String(last)
            self.inputs = inputs
            self.fd = -1
            self.temporary = ""
            self.settled = true
            let directory = try folder.openFolder(segments, creating: true)
            defer { close(directory) }
            let existing = try AtomicFile.replaceable(name, in: directory, protecting: inputs)
            removeStaleTemporaries(in: directory)
            // O_EXCL and O_NOFOLLOW: never write through a link planted under
            // the temporary name; a name taken is tried again with others.
            let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
            var fd: Int32 = -1, temporary = ""
            for _ in 0..<64 {
                temporary = AtomicFile.temporaryPrefix + "\(getpid())-" + AtomicFile.randomSuffix()
                fd = openat(directory, temporary, flags, 0o644)
                if fd >= 0 || errno != EEXIST { break }
            }
            guard fd >= 0 else { throw FileSystem.failure(errno) }
            if let existing {
                // The replacement keeps what the old file allowed: a 0600
                // file must not become readable by everyone.
                if existing.st_uid != geteuid() || existing.st_gid != getegid() {
                    _ = fchown(fd, existing.st_uid, existing.st_gid)
                }
                _ = fchmod(fd, existing.st_mode & 0o7777)
            }
            self.temporary = temporary
            self.fd = fd
            self.settled = false
        }

        /// One write() of tens of megabytes took up to ten times as long as
        /// the same bytes in 1 MiB writes (0.29 s against 0.03 s for 79 MB,
        /// ext4 on this project's CI machine).
        static let chunkSize = 1 << 20

        /// The temporary file's path, for a writer that opens the file by
        /// name (SQLite): it writes there, then `finish` and `commit`.
        package var temporaryPath: String {
            FileSystem.join(folder.path, (segments.map(String.init) + [temporary]).joined(separator: "/"))
        }

        /// Bytes written so far, and those of them the disk was asked to
        /// take (`cap_start_writeback`).
        private var size = 0, handedToDisk = 0

        public func write(_ buffer: UnsafeBufferPointer<UInt8>) throws(FileSystem.Failure) {
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, min(buffer.count - offset, Pending.chunkSize))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileSystem.failure(errno)
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
            if code != 0 { throw FileSystem.failure(code) }
            if closed != 0 { throw FileSystem.failure(errno) }
        }

        /// Renames the finished file over the target, checking the target
        /// again: it may have been replaced by a link since.
        public func commit() throws(FileSystem.Failure) {
            let directory = try folder.openFolder(segments, creating: false)
            defer { close(directory) }
            _ = try AtomicFile.replaceable(name, in: directory, protecting: inputs)
            guard renameat(directory, temporary, directory, name) == 0 else { throw FileSystem.failure(errno) }
            settled = true
        }

        /// Leaves the target as it was (as dropping the value does).
        public func discard() {
            if fd >= 0 { close(fd) }
            fd = -1
            if !settled, let directory = try? folder.openFolder(segments, creating: false) {
                unlinkat(directory, temporary, 0)
                close(directory)
            }
            settled = true
        }

        deinit { discard() }
    }

    /// What stands at `name` in `directory`, if it may be replaced: nothing
    /// (nil) or a regular file that is not an input of the run.
    static func replaceable(_ name: String, in directory: Int32,
                            protecting inputs: Set<FileSystem.Identity>) throws(FileSystem.Failure) -> stat? {
        var st = stat()
        guard fstatat(directory, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw FileSystem.failure(errno)
        }
        let kind: String
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            if inputs.contains(FileSystem.Identity(st)) {
                throw .notReplaceable("it is an input of this run; cap never writes over the data it reads")
            }
            return st
        case S_IFDIR: throw .isDirectory
        case S_IFLNK: kind = "a symbolic link"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFIFO: kind = "a FIFO"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        throw .notReplaceable("it is \(kind); cap replaces only regular files (write to standard output with -o -)")
    }

    static func randomSuffix() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<6).map { _ in letters.randomElement()! })
    }

    /// Removes the `.cap-tmp-PID-…` files in `directory` whose process has
    /// ended: what a kill between creating and renaming one leaves.
    static func removeStaleTemporaries(in directory: Int32) {
        let copy = dup(directory)
        guard copy >= 0 else { return }
        guard let handle = fdopendir(copy) else { close(copy); return }
        var stale: [String] = []
        while let entry = readdir(handle) {
            let entryName = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard entryName.hasPrefix(temporaryPrefix),
                  let pidText = entryName.dropFirst(temporaryPrefix.count).split(separator: "-").first,
                  let pid = pid_t(pidText), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { stale.append(entryName) }
        }
        closedir(handle)
        for entryName in stale { unlinkat(directory, entryName, 0) }
    }
}
