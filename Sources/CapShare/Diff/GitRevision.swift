#if canImport(Glibc)
import Glibc
#endif
import CapRuntime

/// The .cap files of a git revision of the repository around the current
/// folder, read with `git ls-tree` and `git cat-file --batch`: nothing is
/// checked out, and neither the working tree nor the index is touched.
package enum GitRevision {
    package struct Failure: Error, Sendable {
        package let message: String
    }

    /// Whether `revision` names a commit (or tree) of the repository.
    package static func exists(_ revision: String) -> Bool {
        guard !revision.hasPrefix("-") else { return false }
        return (try? run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{tree}"]))?.status == 0
    }

    /// The .cap files under `paths` (relative to the current folder, as
    /// git shows them) at `revision`, with their bytes.
    package static func capFiles(at revision: String, paths: [String]) throws(Failure) -> [(path: String, bytes: [UInt8])] {
        guard exists(revision) else {
            throw Failure(message: "'\(revision)' is neither a folder nor a revision of this git repository")
        }
        let listing = try run(["git", "ls-tree", "-r", "-z", "--end-of-options", revision, "--"] + (paths.isEmpty ? ["."] : paths))
        guard listing.status == 0 else { throw Failure(message: "git ls-tree failed: \(String(decoding: listing.errors, as: UTF8.self))") }
        // "<mode> blob <sha>\t<path>\0"
        var objects: [(sha: String, path: String)] = []
        for entry in listing.output.split(separator: 0) {
            guard let tab = entry.firstIndex(of: 9) else { continue }
            let header = entry[entry.startIndex..<tab].split(separator: 32)
            let path = String(decoding: entry[(tab + 1)...], as: UTF8.self)
            // Regular files only: a symbolic link's blob is the path it
            // points to, not data, and is left out.
            guard header.count == 3, header[1].elementsEqual("blob".utf8),
                  header[0].elementsEqual("100644".utf8) || header[0].elementsEqual("100755".utf8), path.hasSuffix(".cap"),
                  !path.split(separator: "/").contains("..") else { continue }
            objects.append((String(decoding: header[2], as: UTF8.self), path))
        }
        guard !objects.isEmpty else { return [] }
        let batch = try run(["git", "cat-file", "--batch"], input: objects.map { $0.sha + "\n" }.joined())
        guard batch.status == 0 else { throw Failure(message: "git cat-file failed: \(String(decoding: batch.errors, as: UTF8.self))") }
        // Each object: "<sha> blob <size>\n<bytes>\n".
        var out: [(path: String, bytes: [UInt8])] = []
        var offset = 0
        let bytes = batch.output
        for object in objects {
            guard let newline = bytes[offset...].firstIndex(of: 10) else { break }
            let header = bytes[offset..<newline].split(separator: 32)
            guard header.count == 3, let size = Int(String(decoding: header[2], as: UTF8.self)), newline + 1 + size <= bytes.count else {
                throw Failure(message: "git cat-file gave an unexpected answer for \(object.path)")
            }
            out.append((object.path, Array(bytes[(newline + 1)..<(newline + 1 + size)])))
            offset = newline + 1 + size + 1
        }
        return out
    }

    struct Result {
        var status: Int32
        var output: [UInt8]
        var errors: [UInt8]
    }

    /// Runs a command and collects what it prints. `input` goes to its
    /// standard input through a temporary file, so that a long input and
    /// a long output cannot block each other in pipes.
    static func run(_ arguments: [String], input: String? = nil) throws(Failure) -> Result {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw Failure(message: "cannot make a pipe") }
        var inputPath: String? = nil
        if let input {
            var template = Array("/tmp/cap-git-XXXXXX".utf8CString)
            let fd = mkstemp(&template)
            guard fd >= 0 else { throw Failure(message: "cannot make a temporary file: \(String(cString: strerror(errno)))") }
            inputPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            defer { close(fd) }
            let problem = Array(input.utf8).withUnsafeBytes { buffer -> FileSystem.Failure? in
                do throws(FileSystem.Failure) { try FileSystem.writeAll(fd, buffer); return nil } catch { return error }
            }
            if let problem { throw Failure(message: "cannot write a temporary file for git: \(problem.message)") }
        }
        defer { if let inputPath { unlink(inputPath) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, outPipe[0])
        posix_spawn_file_actions_addclose(&actions, errPipe[0])
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw Failure(message: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        // Both pipes at once: git may fill either while we wait on the other.
        var output: [UInt8] = [], errors: [UInt8] = []
        var open = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else { if errno == EINTR { continue }; break }
            for entry in fds where entry.revents != 0 {
                let n = read(entry.fd, &buffer, buffer.count)
                if n > 0 {
                    if entry.fd == outPipe[0] { output += buffer[0..<n] } else { errors += buffer[0..<n] }
                } else if n == 0 || errno != EINTR {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: code, output: output, errors: errors)
    }
}
