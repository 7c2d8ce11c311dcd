import Foundation
import Testing

/// The tables cap embeds from Debian's data packages are what their
/// generator scripts write from the installed packages (`make test`
/// installs them), so that they can be regenerated.
enum GeneratedTables {
    /// Runs `script` (under Scripts/) with Debian's python3, by a deadline,
    /// and expects it to write `committed` (a path in the package) as it
    /// is in git. Returns the committed text, for checks of what it holds.
    @discardableResult
    static func expectScript(_ script: String, writes committed: String, from packages: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let root = EndToEndTests.packageRoot
        let folder = TemporaryFolder()
        let output = folder.url.appendingPathComponent(URL(fileURLWithPath: committed).lastPathComponent).path
        let run = try EndToEndTests.run([root.appendingPathComponent("Scripts/" + script).path, "--output", output],
                                        executable: URL(fileURLWithPath: "/usr/bin/python3"), sourceLocation: sourceLocation)
        #expect(run.status == 0, "make test installs \(packages): \(run.stderr)", sourceLocation: sourceLocation)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        let text = try String(contentsOfFile: root.appendingPathComponent(committed).path, encoding: .utf8)
        #expect(written == text, "\(committed) is not what \(script) writes", sourceLocation: sourceLocation)
        return text
    }
}
