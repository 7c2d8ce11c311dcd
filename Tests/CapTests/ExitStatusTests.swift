import Foundation
import Testing
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL

/// The documented exit statuses, through the binary: 0 success, 1 the data
/// has errors, 2 the command line is wrong. swift-argument-parser's own
/// status for a usage error is 64; cap maps it to 2, and a bad option value
/// is reported with the usage of the subcommand being parsed.
@Suite struct ExitStatusTests {
    /// Each wrong command line, the words its message must quote, and the
    /// usage line it must show.
    static let usageErrors: [(arguments: [String], quoted: String, usage: String)] = [
        (["check", "--bogus", "Examples"], "Unknown option '--bogus'", "Usage: cap check [<paths> ...] [--format <format>]"),
        (["check", "--max-diagnostics", "many", "Examples"], "'many'", "Usage: cap check [<paths> ...]"),
        (["map", "--format", "png", "Examples"], "The value 'png' is invalid for '--format <format>'", "Usage: cap map [--as-of <as-of>]"),
        (["map", "--as-of", "2017-13", "Examples"], "--as-of takes a date such as 2016-12-31, not '2017-13'", "Usage: cap map [--as-of <as-of>]"),
        (["report", "--period", "2017-13", "Examples"], "--period takes 2017, 2017-03 or 2017-01..2017-06, not '2017-13'",
         "Usage: cap report [--period <period>]"),
        (["report", "--period", "2018..2017", "Examples"], "not '2018..2017'", "Usage: cap report [--period <period>]"),
        (["eval"], "Missing expected argument '<expression>'", "Usage: cap eval <expression> [<paths> ...]"),
        (["timeline", "--country", "XX", "Examples"], "--country: unknown country 'XX'", "Usage: cap timeline [--from <from>]"),
        (["timeline", "--kind", "party", "Examples"], "not 'party'", "Usage: cap timeline [--from <from>]"),
        (["timeline", "--from", "March", "Examples"], "--from takes a date such as 2017-03, not 'March'", "Usage: cap timeline [--from <from>]"),
        (["run", "--format", "xml", "Examples"], "'xml'", "Usage: cap run [<paths> ...]"),
        (["repl", "--color", "purple", "Examples"], "'purple'", "Usage: cap repl [<paths> ...]"),
        (["build", "--output"], "Missing value for '--output <output>'", "Usage: cap build [--output <output>]"),
        (["explain", "E0209", "E0210"], "Unexpected argument 'E0210'", "Usage: cap explain"),
        (["nonsense"], "Unexpected argument 'nonsense'", "Usage: cap <subcommand>"),
    ]

    @Test func everyUsageErrorExitsTwoWithItsSubcommandsUsage() throws {
        for (arguments, quoted, usage) in Self.usageErrors {
            let r = try EndToEndTests.run(arguments)
            #expect(r.status == 2, "cap \(arguments.joined(separator: " ")): status \(r.status)\n\(r.stderr)")
            #expect(r.stdout.isEmpty, "cap \(arguments.joined(separator: " ")): \(r.stdout)")
            #expect(r.stderr.hasPrefix("Error: "), "cap \(arguments.joined(separator: " ")): \(r.stderr)")
            #expect(r.stderr.contains(quoted), "cap \(arguments.joined(separator: " ")): \(r.stderr)")
            let usageLine = r.stderr.split(separator: "\n").first { $0.hasPrefix("Usage: ") }.map(String.init) ?? ""
            #expect(usageLine.hasPrefix(usage), "cap \(arguments.joined(separator: " ")): \(r.stderr)")
        }
    }

    /// A bad option value is refused before any data is read: nothing of
    /// the data's diagnostics comes with it.
    @Test func aBadValueIsRefusedBeforeTheDataIsRead() throws {
        let dir = EndToEndTests.folder(["bad.cap": EndToEndTests.bad])
        let r = try EndToEndTests.run(["report", "--period", "2017-13", "bad.cap"], in: dir.url)
        #expect(r.status == 2)
        #expect(!r.stderr.contains("E0209"), "\(r.stderr)")
    }

    @Test func zeroAndOneAreSuccessAndDataErrors() throws {
        let dir = EndToEndTests.folder(["bad.cap": EndToEndTests.bad, "ok.cap": "tag t \"T\" { }\n"])
        for arguments in [["check", "ok.cap"], ["eval", "tags | count", "ok.cap"], ["run", "ok.cap"], ["map", "ok.cap"],
                          ["timeline", "ok.cap"], ["report", "--period", "2017", "ok.cap"]] {
            let r = try EndToEndTests.run(arguments, in: dir.url)
            #expect(r.status == 0, "cap \(arguments.joined(separator: " ")): \(r.stderr)")
        }
        for arguments in [["check", "bad.cap"], ["eval", "members | count", "bad.cap"], ["run", "bad.cap"], ["map", "bad.cap"],
                          ["timeline", "bad.cap"], ["report", "--period", "2017", "bad.cap"], ["build", "bad.cap"]] {
            let r = try EndToEndTests.run(arguments, in: dir.url)
            #expect(r.status == 1, "cap \(arguments.joined(separator: " ")): \(r.stderr)")
        }
        let failing = EndToEndTests.folder(["rule.cap": "tag t \"T\" { }\nassert tags | count == 2, \"two tags\"\n"])
        let rule = try EndToEndTests.run(["run", "rule.cap"], in: failing.url)
        #expect(rule.status == 1, "a rule that does not hold: \(rule.stderr)")
    }

    @Test func theTopLevelHelpDocumentsTheStatuses() throws {
        let r = try EndToEndTests.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Exit status, for every subcommand: 0 success; 1 the data has errors or"), "\(r.stdout)")
    }
}
