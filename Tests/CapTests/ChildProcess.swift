import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every child process a test starts ends by a deadline: a hung child is
/// killed (SIGKILL, which it cannot ignore) and the test fails, instead of
/// the suite hanging. There is no `waitUntilExit()` without one.
enum ChildProcess {
    /// Waits for `process` up to `seconds`; past it, kills it and records a
    /// failure naming `what`. Returns whether it ended by itself.
    @discardableResult
    static func wait(_ process: Process, seconds: Double, _ what: @autoclosure () -> String,
                     sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        var ended = true
        if process.isRunning {
            ended = false
            kill(process.processIdentifier, SIGKILL)
            Issue.record("\(what()) did not finish within \(Int(seconds)) s and was killed", sourceLocation: sourceLocation)
        }
        // Ended or killed: this returns at once.
        process.waitUntilExit()
        return ended
    }
}
