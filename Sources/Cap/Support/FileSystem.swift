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
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public static func readFile(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure(errno) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .isDirectory
        default: throw .notRegularFile
        }
        let size = Int(st.st_size)
        guard size <= limit else { throw .tooLarge(size: size, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: size)
        var total = 0
        let ok = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while total < size {
                let n = read(fd, buffer.baseAddress! + total, size - total)
                if n < 0 { if errno == EINTR { continue }; return false }
                if n == 0 { break }  // the file shrank while being read
                total += n
            }
            return true
        }
        guard ok else { throw failure(errno) }
        if total < size { bytes.removeSubrange(total...) }
        return bytes
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

    /// Every `.cap` file below `directory`, sorted, skipping hidden folders
    /// (.git, .build) so a checkout can be checked as it is.
    ///
    /// Symbolic links are followed only while they stay inside `directory`
    /// (a link to /etc/passwd or to an outside folder is listed in
    /// `outside`, never read), and each real folder is walked once, so a
    /// link back up the tree cannot loop.
    public static func capFiles(under directory: String) -> (files: [String], outside: [String]) {
        guard let root = realPath(directory) else { return ([], []) }
        func inside(_ real: String) -> Bool { real == root || real.hasPrefix(root == "/" ? "/" : root + "/") }
        var result: [String] = [], outside: [String] = []
        var visited: Set<String> = [root]
        var pending = [directory]
        while let dir = pending.popLast() {
            guard let handle = opendir(dir) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name.hasPrefix(".") { continue }
                let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
                let entryKind = kind(path)
                guard entryKind == .directory || (entryKind == .file && name.hasSuffix(".cap")) else { continue }
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
        return (result.sorted(), outside.sorted())
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
