#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations cap needs, on POSIX directly: reading a 25 MB file
/// is one `read`, with no Foundation start-up or copies.
public enum FileSystem {
    public enum Kind: Sendable { case file, directory, other, missing }

    public enum Failure: Error, Equatable, Sendable {
        case notFound, isDirectory, notRegularFile, permissionDenied
        case notDirectory, readOnlyFileSystem
        /// A NUL byte would cut the path short in the system call: refused
        /// before the file system is touched.
        case nulInPath
        /// What an output must never replace: a link, a device, a FIFO or a
        /// socket (`what` names it), an input of the run, or a file of git.
        case notReplaceable(String)
        case tooLarge(size: Int, limit: Int)
        case other(String)

        public var message: String {
            switch self {
            case .notFound: "no such file or directory"
            case .isDirectory: "is a directory"
            case .notRegularFile: "is not a regular file"
            case .permissionDenied: "permission denied"
            case .notDirectory: "a part of the path is not a directory"
            case .readOnlyFileSystem: "read-only file system"
            case .nulInPath: "the path contains a NUL byte"
            case .notReplaceable(let what): what
            case .tooLarge(let size, let limit): "the file is \(size) bytes; cap reads files of at most \(limit) bytes"
            case .other(let text): text
            }
        }
    }

    public static func kind(_ path: String) -> Kind {
        guard !hasNUL(path) else { return .missing }
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The canonical absolute path with symbolic links resolved, or nil.
    public static func realPath(_ path: String) -> String? {
        guard !hasNUL(path), let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Why `path` cannot be looked at: what `kind` calls `.missing`, in
    /// words ("not a directory" when a part of it is a file).
    public static func whyMissing(_ path: String) -> Failure {
        guard !hasNUL(path) else { return .nulInPath }
        var st = stat()
        return stat(path, &st) == 0 ? .other("it changed while being read") : failure(errno)
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    ///
    /// Opened with O_NONBLOCK so that a FIFO or a device named as data is
    /// refused at once instead of blocking `open` forever; the type is
    /// checked on the opened descriptor, so that nothing is read from what
    /// the path pointed to a moment later. The file is read to its end
    /// whatever size the kernel reports (files in /proc say 0).
    public static func readFile(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        guard !hasNUL(path) else { throw .nulInPath }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure(errno) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .isDirectory
        default: throw .notRegularFile
        }
        let reported = Int(st.st_size)
        guard reported <= limit else { throw .tooLarge(size: reported, limit: limit) }
        // The reported size, and one byte more to see the end (or that the
        // file is longer than it said).
        var bytes = [UInt8](repeating: 0, count: reported + 1)
        var total = 0
        while true {
            if total == bytes.count {
                guard total <= limit else { throw .tooLarge(size: total, limit: limit) }
                bytes.append(contentsOf: repeatElement(0, count: min(max(total, 4096), limit + 1 - total)))
            }
            let n = bytes.withUnsafeMutableBytes { buffer in read(fd, buffer.baseAddress! + total, buffer.count - total) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            if n == 0 { break }
            total += n
        }
        guard total <= limit else { throw .tooLarge(size: total, limit: limit) }
        bytes.removeSubrange(total...)
        return bytes
    }

    /// Writes the whole of `bytes` to `fd`, again after an interruption;
    /// throws the system's reason when it cannot (a full disk), so that a
    /// copy is never left short without a word.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            if n == 0 { throw failure(EIO) }
            offset += n
        }
    }

    /// The failure an errno stands for, in words that say what happened.
    static func failure(_ code: Int32) -> Failure {
        switch code {
        case ENOENT: .notFound
        case ENOTDIR: .notDirectory
        case EACCES, EPERM: .permissionDenied
        case EROFS: .readOnlyFileSystem
        case EISDIR: .isDirectory
        case ELOOP: .notReplaceable("a part of the path is a symbolic link")
        default: .other(String(cString: strerror(code)))
        }
    }

    /// Whether `path` can be handed to the system as it is: a NUL byte
    /// would end it early, so that `a.cap\0/../x` opens `a.cap`.
    public static func hasNUL<S: StringProtocol>(_ path: S) -> Bool { path.utf8.contains(0) }

    /// A file as the kernel knows it, whatever the path that led to it.
    public struct Identity: Hashable, Sendable {
        public let device: UInt64, inode: UInt64
        init(_ st: stat) { device = UInt64(st.st_dev); inode = UInt64(st.st_ino) }
    }

    /// The identity of the file at `path` (links followed), or nil.
    public static func identity(_ path: String) -> Identity? {
        guard !hasNUL(path) else { return nil }
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Identity(st)
    }

    /// What changes when a file is written: an editor's cache reads a file
    /// again only when its stamp differs from the one it kept.
    public struct Stamp: Hashable, Sendable {
        let device: UInt64, inode: UInt64, size: Int64
        let modified: Int64, modifiedNanoseconds: Int64, changed: Int64, changedNanoseconds: Int64
    }

    /// The stamp of the regular file at `path` (links followed), or nil.
    public static func stamp(_ path: String) -> Stamp? {
        guard !hasNUL(path) else { return nil }
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        return Stamp(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
                     modified: Int64(st.st_mtim.tv_sec), modifiedNanoseconds: Int64(st.st_mtim.tv_nsec),
                     changed: Int64(st.st_ctim.tv_sec), changedNanoseconds: Int64(st.st_ctim.tv_nsec))
    }

    /// Every `.cap` file below `directory`, sorted, skipping hidden folders
    /// (.git, .build) so a checkout can be checked as it is.
    ///
    /// Symbolic links are followed only while they stay inside `directory`
    /// (a link to /etc/passwd or to an outside folder is listed in
    /// `outside`, never read), and each real folder is walked once, so a
    /// link back up the tree cannot loop.
    /// `unreadable`: the folders that could not be listed, with why: their
    /// files were not checked, and saying nothing would pass them as clean.
    /// A `.cap` entry that is not a regular file (a FIFO, a device) is
    /// listed in `files`, for `readFile` to refuse with its reason.
    public static func capFiles(under directory: String)
        -> (files: [String], outside: [String], unreadable: [(path: String, failure: Failure)]) {
        guard let root = realPath(directory) else { return ([], [], [(directory, whyMissing(directory))]) }
        func inside(_ real: String) -> Bool { real == root || real.hasPrefix(root == "/" ? "/" : root + "/") }
        var result: [String] = [], outside: [String] = [], unreadable: [(path: String, failure: Failure)] = []
        var visited: Set<String> = [root]
        var pending = [directory]
        while let dir = pending.popLast() {
            guard let handle = opendir(dir) else {
                unreadable.append((dir, failure(errno)))
                continue
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name.hasPrefix(".") { continue }
                let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
                let entryKind = kind(path)
                guard entryKind == .directory || (entryKind != .missing && name.hasSuffix(".cap")) else { continue }
                guard let real = realPath(path) else { continue }
                if !inside(real) {
                    outside.append(path)
                } else if entryKind == .directory {
                    if visited.insert(real).inserted { pending.append(path) }
                } else {
                    result.append(path)
                }
            }
        }
        return (result.sorted(), outside.sorted(), unreadable.sorted { $0.path < $1.path })
    }

    /// The current folder, absolute ("/" if it cannot be found).
    public static func currentDirectory() -> String {
        guard let cwd = getcwd(nil, 0) else { return "/" }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    /// What the symbolic link at `path` points to, or nil when it is no link.
    public static func linkTarget(_ path: String) -> String? {
        guard !hasNUL(path) else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Joins a relative path to a directory; absolute paths stay as they are.
    public static func join(_ directory: String, _ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if directory == "." { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}

extension FileSystem {
    /// mkdir -p: creates the folder and its missing parents.
    public static func makeDirectories(_ path: String) {
        guard !path.isEmpty, kind(path) == .missing else { return }
        makeDirectories(directoryName(path))
        mkdir(path, 0o755)
    }
}

extension FileSystem {
    /// The names in one folder (no `.` or `..`), unsorted; empty when it
    /// cannot be read. For path completion at the REPL.
    public static func names(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
