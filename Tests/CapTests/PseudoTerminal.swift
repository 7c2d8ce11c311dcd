import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program on a real pseudo-terminal, as a user at a terminal would:
/// the slave side is its controlling terminal (so Ctrl-C raises SIGINT),
/// and the test types into the master side and reads what is shown.
final class PseudoTerminal {
    let master: Int32
    let slave: Int32
    private(set) var pid: pid_t = 0
    private var status: Int32?
    /// Everything the program has shown so far, as bytes: a read may end
    /// in the middle of a UTF-8 sequence.
    private var shown: [UInt8] = []
    private var consumed = 0
    var transcript: String { String(decoding: shown, as: UTF8.self) }

    init(_ executable: URL, _ arguments: [String], environment: [String: String], directory: String? = nil) throws {
        master = Self.libc.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, Self.libc.grant(master) == 0, Self.libc.unlock(master) == 0, let name = Self.libc.name(master) else {
            throw POSIXError(.ENOTTY)
        }
        let path = String(cString: name)
        slave = open(path, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.ENOTTY) }
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        // Like forkpty: a new session whose controlling terminal is the
        // slave (opened, not inherited, after setsid), with default signal
        // handling and nothing blocked whatever the test runner has.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, path, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        if let directory { _ = Self.libc.addchdir(&actions, directory) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID, hidden behind _GNU_SOURCE
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        // Under `make asan` LeakSanitizer lists the suppressions it used at
        // exit, on the terminal the test reads; EndToEndTests.run does the same.
        var environment = environment
        environment["LSAN_OPTIONS"] = (environment["LSAN_OPTIONS"].map { $0 + ":" } ?? "") + "print_suppressions=0"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL) }
        pid = child
    }

    /// glibc declares the pty functions only under _XOPEN_SOURCE, which
    /// Swift's Glibc module does not set; they are looked up by name.
    private struct LibC: @unchecked Sendable {
        typealias FD = @convention(c) (Int32) -> Int32
        let openpt: FD, grant: FD, unlock: FD
        let name: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        /// posix_spawn_file_actions_addchdir_np (glibc 2.29): the child starts there.
        let addchdir: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        init() {
            let handle = dlopen(nil, RTLD_NOW)
            func symbol<T>(_ name: String, _: T.Type) -> T { unsafeBitCast(dlsym(handle, name)!, to: T.self) }
            openpt = symbol("posix_openpt", FD.self)
            grant = symbol("grantpt", FD.self)
            unlock = symbol("unlockpt", FD.self)
            name = symbol("ptsname", (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
            addchdir = symbol("posix_spawn_file_actions_addchdir_np",
                              (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
        }
    }
    private static let libc = LibC()

    deinit {
        if isRunning { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0) }
        close(master)
        close(slave)
    }

    /// Types `text`. Unless `anyMode`, first waits until the program has the
    /// terminal in raw mode (the line editor is reading): keys typed ahead in
    /// cooked mode are the kernel's to interpret (^R reprints, ^D ends the
    /// read), which is not what a test of the line editor means to check.
    func type(_ text: String, anyMode: Bool = false) {
        type(bytes: Array(text.utf8), anyMode: anyMode)
    }

    /// Bytes as a terminal would send them, valid UTF-8 or not.
    func type(bytes: [UInt8], anyMode: Bool = false) {
        if !anyMode {
            let deadline = Date().addingTimeInterval(10)
            while modes.c_lflag & tcflag_t(ICANON) != 0 && isRunning && Date() < deadline {
                readAvailable()
            }
        }
        var bytes = bytes
        _ = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress!, $0.count) }
    }

    /// Waits until the program has the terminal in cooked mode again (the
    /// line editor has handed over a line and the program works on it);
    /// false if that does not happen within the deadline.
    func waitForCookedMode(seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while modes.c_lflag & tcflag_t(ICANON) == 0 {
            guard isRunning, Date() < deadline else { return false }
            readAvailable()
        }
        return true
    }

    /// Waits until `text` appears in what was shown since the last wait that
    /// succeeded, and returns that stretch. A deadline keeps a broken REPL
    /// from hanging the suite; it is not a speed test.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 20) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let pending = String(decoding: shown[consumed...], as: UTF8.self)
            if let range = pending.range(of: text) {
                let upTo = String(pending[..<range.upperBound])
                consumed += upTo.utf8.count
                return upTo
            }
            guard Date() < deadline else { return nil }
            readAvailable()
        }
    }

    private func readAvailable() {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 10) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        if n > 0 { shown += buffer[..<n] }
    }

    var isRunning: Bool {
        if status != nil { return false }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
        // WIFEXITED / WEXITSTATUS are C macros Swift cannot import.
        status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        return false
    }

    /// Waits for the program to end (its exit code, or 128 + a signal);
    /// nil if it does not end within the deadline.
    func exitStatus(seconds: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning {
            guard Date() < deadline else { return nil }
            readAvailable()
        }
        readAvailable()
        return status
    }

    /// The terminal's modes as the program left them.
    var modes: termios {
        var t = termios()
        tcgetattr(slave, &t)
        return t
    }
}
