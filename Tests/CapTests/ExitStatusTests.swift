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
    /// Each subcommand's usage, as a usage error ends with it.
    static func usage(_ line: String, _ command: String) -> String {
        "Usage: \(line)\n  See '\(command) --help' for more information.\n"
    }
    static let checkUsage = usage(
        "cap check [<paths> ...] [--format <format>] [--werror] [--max-diagnostics <max-diagnostics>] [--color <color>]", "cap check")
    static let mapUsage = usage("cap map [--as-of <as-of>] [--format <format>] [--years-by <years-by>] [--lang <lang>] [--output <output>] [--color <color>] [<paths> ...]",
                                "cap map")
    static let reportUsage = usage(
        "cap report [--period <period>] [--format <format>] [--lang <lang>] [--output <output>] [--color <color>] [<paths> ...]", "cap report")
    static let timelineUsage = usage("""
        cap timeline [--from <from>] [--to <to>] [--country <country> ...] [--tag <tag> ...] [--campaign <campaign> ...] \
        [--kind <kind> ...] [--format <format>] [--lang <lang>] [--output <output>] [--color <color>] [<paths> ...]
        """, "cap timeline")

    /// Each wrong command line and its whole standard error: the message,
    /// the option's help line where swift-argument-parser gives one, and
    /// the usage of the subcommand being parsed.
    static let usageErrors: [(arguments: [String], stderr: String)] = [
        (["check", "--bogus", "Examples"], "Error: Unknown option '--bogus'\n" + checkUsage),
        (["check", "--max-diagnostics", "many", "Examples"], """
            Error: The value 'many' is invalid for '--max-diagnostics <max-diagnostics>'
            Help:  --max-diagnostics <max-diagnostics>  Print at most this many diagnostics; 0 prints all.

            """ + checkUsage),
        (["map", "--format", "png", "Examples"], """
            Error: The value 'png' is invalid for '--format <format>'. Please provide one of the following:
              - csv
              - json
              - geojson
              - years
              - svg
              - html
            Help:  --format <format>  csv (CSV keyed for Datawrapper's world choropleth), json (JSON), geojson (GeoJSON (RFC 7946)), \
            years (a jurisdiction × year matrix of models, CSV), svg (a world choropleth, SVG) or html (one self-contained \
            interactive page: the map, a slider over the years, a table).

            """ + mapUsage),
        (["map", "--as-of", "2017-13", "Examples"], "Error: --as-of takes a date such as 2016-12-31, not '2017-13'\n" + mapUsage),
        (["report", "--period", "2017-13", "Examples"],
         "Error: --period takes 2017, 2017-03 or 2017-01..2017-06, not '2017-13'\n" + reportUsage),
        (["report", "--period", "2018..2017", "Examples"],
         "Error: --period takes 2017, 2017-03 or 2017-01..2017-06, not '2018..2017'\n" + reportUsage),
        (["eval"], """
            Error: Missing expected argument '<expression>'
            Help:  <expression>  The expression, e.g. 'members | count'.

            """ + usage("cap eval <expression> [<paths> ...] [--format <format>] [--color <color>]", "cap eval")),
        (["timeline", "--country", "XX", "Examples"], "Error: --country: unknown country 'XX'\n" + timelineUsage),
        (["timeline", "--kind", "party", "Examples"],
         "Error: --kind takes event, instrument, law, member, publication, ratification, statement, not 'party'\n" + timelineUsage),
        (["timeline", "--from", "March", "Examples"], "Error: --from takes a date such as 2017-03, not 'March'\n" + timelineUsage),
        (["run", "--format", "xml", "Examples"], """
            Error: The value 'xml' is invalid for '--format <format>'. Please provide one of 'text', 'json' or 'csv'.
            Help:  --format <format>  Output format: text (a table on a terminal), json or csv.

            """ + usage("cap run [<paths> ...] [--format <format>] [--color <color>]", "cap run")),
        (["repl", "--color", "purple", "Examples"], """
            Error: The value 'purple' is invalid for '--color <color>'. Please provide one of 'auto', 'always' or 'never'.
            Help:  --color <color>  Colour for diagnostics: auto, always or never.

            """ + usage("cap repl [<paths> ...] [--color <color>]", "cap repl")),
        (["build", "--output"], """
            Error: Missing value for '--output <output>'
            Help:  --output <output>  Write here (atomically) instead of standard output.

            """ + usage("cap build [--output <output>] [--color <color>] [<paths> ...]", "cap build")),
        (["explain", "E0209", "E0210"], "Error: Unexpected argument 'E0210'\n" + usage("cap explain [<code>] [--all]", "cap explain")),
        (["nonsense"], "Error: Unexpected argument 'nonsense'\n" + usage("cap <subcommand>", "cap")),
    ]

    @Test func everyUsageErrorExitsTwoWithItsSubcommandsUsage() throws {
        for (arguments, stderr) in Self.usageErrors {
            let r = try EndToEndTests.run(arguments)
            #expect(r.status == 2, "cap \(arguments.joined(separator: " ")): status \(r.status)\n\(r.stderr)")
            #expect(r.stdout.isEmpty, "cap \(arguments.joined(separator: " ")): \(r.stdout)")
            #expect(r.stderr == stderr, "cap \(arguments.joined(separator: " "))")
        }
    }

    /// A bad option value is refused before any data is read: nothing of
    /// the data's diagnostics comes with it.
    @Test func aBadValueIsRefusedBeforeTheDataIsRead() throws {
        let dir = EndToEndTests.folder(["bad.cap": EndToEndTests.bad])
        let r = try EndToEndTests.run(["report", "--period", "2017-13", "bad.cap"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "Error: --period takes 2017, 2017-03 or 2017-01..2017-06, not '2017-13'\n" + Self.reportUsage)
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
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == """
            OVERVIEW: Check, query and publish the coalition's .cap data files.

            Exit status, for every subcommand but diff: 0 success; 1 the data has
            errors or its rules do not hold; 2 the command line is wrong (an unknown
            option, a bad option value, a missing argument) or a path cannot be
            read. cap diff: 0 nothing changed, 1 something did, 2 an error.

            USAGE: cap <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              check                   Check .cap files and report every problem found.
              eval                    Evaluate an expression over .cap data and print its
                                      value.
              run                     Run the scripts in .cap files: print statements show
                                      values, assert statements are checked.
              repl                    Explore .cap data interactively: queries,
                                      definitions, :commands (:help lists them).
              report                  Write a report for a period: activities month by
                                      month, statistics, campaigns, laws, publications.
              timeline                Write events, law stages, members joining and
                                      publications in one chronological order.
              map                     Write the abolitionist-law map dataset: one row per
                                      country and per subdivision with its own law.
              build                   Write every output the data declares: its report,
                                      timeline and map entities.
              fmt                     Rewrite .cap files in cap's one canonical layout.
              export                  Export the data to a SQLite database (for Datasette)
                                      or to PostgreSQL.
              diff                    Show what changed in the data between two folders or
                                      git revisions.
              explain                 Explain a diagnostic code, e.g. cap explain E0209;
                                      without a code, list them all.
              schema                  Show the entity kinds and their fields, or one kind's
                                      fields.
              completions             Print the Tab-completion script of cap for bash, zsh
                                      or fish.
              lsp                     Run the language server that editors start (LSP).
              version                 Print cap's version (as cap --version and cap -V do).

              See 'cap help <subcommand>' for detailed help.

            """)
    }
}
