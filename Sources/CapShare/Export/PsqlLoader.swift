#if canImport(Glibc)
import Glibc
#endif

/// Loads a PostgreSQL script into a server by running `psql` on it: the
/// client every PostgreSQL installation has, which already knows
/// connection URLs, ~/.pgpass, PGPASSWORD, TLS and Unix sockets. A driver
/// in Swift (postgres-nio) would bring swift-nio and minutes of build on
/// two cores for the same single COPY-heavy script (docs/sharing.md).
package enum PsqlLoader {
    package struct Failure: Error, Sendable {
        package let message: String
    }

    /// Pipes `script` to `psql -d url`; psql's own messages go to standard
    /// error. The script is one transaction, so a failure changes nothing.
    package static func load(_ script: String, url: String, psql: String = "psql") throws(Failure) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(message: "cannot make a pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        // Its result lines (none with -q) are not ours to print.
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let arguments = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, psql, &actions, nil, &argv, environ)
        close(fds[0])
        guard spawned == 0 else {
            close(fds[1])
            throw Failure(message: "cannot run \(psql): \(String(cString: strerror(spawned))) (install the PostgreSQL client: apt-get install postgresql-client)")
        }
        // psql may stop reading (a failed connection): a write then fails
        // with EPIPE instead of killing cap.
        let previous = signal(SIGPIPE, SIG_IGN)
        var text = script
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fds[1], buffer.baseAddress! + offset, min(buffer.count - offset, 1 << 20))
                if n < 0 { if errno == EINTR { continue }; break }
                offset += n
            }
        }
        close(fds[1])
        signal(SIGPIPE, previous)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw Failure(message: exited ? "psql failed (exit status \(code)); the database was not changed"
                                          : "psql was killed by signal \(status & 0x7f); the database was not changed")
        }
    }
}
