#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers only ever see the old contents or the new,
/// complete ones: the bytes go to a temporary file beside the target, are
/// flushed to disk, and the temporary file is renamed over the target. A
/// failure or a kill midway leaves the target as it was.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(FileSystem.Failure) {
        let directory = FileSystem.directoryName(path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = FileSystem.join(directory, ".\(name).tmp-\(getpid())")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(errno) }
        var ok = true
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; ok = false; return }
                offset += n
            }
        }
        let code = errno
        if ok && fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let error = ok ? errno : code
            unlink(temporary)
            throw failure(error)
        }
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
