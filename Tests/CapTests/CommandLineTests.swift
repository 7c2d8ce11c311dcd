import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL

/// What a newcomer reaches for: the version, shell completions, and a word
/// from `cap run` when all went well.
@Suite struct CommandLineTests {
    @Test func theVersionThreeWays() throws {
        for arguments in [["--version"], ["-V"], ["version"]] {
            let r = try EndToEndTests.run(arguments)
            #expect(r.status == 0, "\(arguments)")
            #expect(r.stdout == "0.1.0\n", "\(arguments)")
        }
    }

    /// The scripts are swift-argument-parser's; what cap puts in them (its
    /// subcommands and their descriptions, the command they complete) is
    /// pinned here, and ShellCompletionTests loads each in its shell.
    @Test func completionScriptsForEachShell() throws {
        let bash = try EndToEndTests.run(["completions", "bash"])
        #expect(bash.status == 0)
        #expect(bash.stderr.isEmpty)
        #expect(bash.stdout.hasPrefix("#!/bin/bash\n"))
        #expect(bash.stdout.hasSuffix("\n}\n\ncomplete -o filenames -F _cap cap\n"), "\(bash.stdout.suffix(300))")
        let zsh = try EndToEndTests.run(["completions", "zsh"])
        #expect(zsh.status == 0)
        #expect(zsh.stderr.isEmpty)
        #expect(zsh.stdout.hasPrefix("#compdef cap\n"))
        #expect(zsh.stdout.hasSuffix("""

            if [[ "${funcstack[1]}" = _cap ]]; then
                _cap "${@}"
            else
                compdef _cap cap
            fi

            """), "\(zsh.stdout.suffix(300))")
        let fish = try EndToEndTests.run(["completions", "fish"])
        #expect(fish.status == 0)
        #expect(fish.stderr.isEmpty)
        let offered = "complete -c 'cap' -n '__cap_should_offer_completions_for_positional \"cap\" -eq 1' -fa "
        #expect(fish.stdout.split(separator: "\n").filter { $0.hasPrefix(offered) }.map { $0.dropFirst(offered.count) } == [
            "'check' -d 'Check .cap files and report every problem found.'",
            "'eval' -d 'Evaluate an expression over .cap data and print its value.'",
            "'run' -d 'Run the scripts in .cap files: print statements show values, assert statements are checked.'",
            "'repl' -d 'Explore .cap data interactively: queries, definitions, :commands (:help lists them).'",
            "'report' -d 'Write a report for a period: activities month by month, statistics, campaigns, laws, publications.'",
            "'timeline' -d 'Write events, law stages, members joining and publications in one chronological order.'",
            "'map' -d 'Write the abolitionist-law map dataset: one row per country and per subdivision with its own law.'",
            "'build' -d 'Write every output the data declares: its report, timeline and map entities.'",
            "'fmt' -d 'Rewrite .cap files in cap\\'s one canonical layout.'",
            "'export' -d 'Export the data to a SQLite database (for Datasette) or to PostgreSQL.'",
            "'diff' -d 'Show what changed in the data between two folders or git revisions.'",
            "'explain' -d 'Explain a diagnostic code, e.g. cap explain E0209; without a code, list them all.'",
            "'schema' -d 'Show the entity kinds and their fields, or one kind\\'s fields.'",
            "'completions' -d 'Print the Tab-completion script of cap for bash, zsh or fish.'",
            "'lsp' -d 'Run the language server that editors start (LSP).'",
            "'version' -d 'Print cap\\'s version (as cap --version and cap -V do).'",
            "'help' -d 'Show subcommand help information.'",
        ], "\(fish.stdout.prefix(2000))")
        let wrong = try EndToEndTests.run(["completions", "tcsh"])
        #expect(wrong.status == 2)
        #expect(wrong.stdout.isEmpty)
        #expect(wrong.stderr == """
            Error: The value 'tcsh' is invalid for '<shell>'. Please provide one of 'bash', 'zsh' or 'fish'.
            Help:  <shell>  bash, zsh or fish.
            Usage: cap completions <shell>
              See 'cap completions --help' for more information.

            """)
    }

    /// The bash script is read by bash without a syntax error, and
    /// completes what was begun: a subcommand's name, and a format from the
    /// one list of formats.
    @Test(arguments: [("cap expl", "explain"), ("cap map --format g", "geojson"),
                      ("cap timeline --format ", "md,csv,json,timelinejs,ics"), ("cap zzz", "")])
    func bashCompletes(typed: String, expected: String) throws {
        let bash = "/bin/bash"
        try #require(FileManager.default.isExecutableFile(atPath: bash), "bash is needed to test its completion")
        let dir = TemporaryFolder()
        let script = try EndToEndTests.run(["completions", "bash"]).stdout
        dir.write("cap.bash", Array(script.utf8))
        // As bash calls a completion function: the words so far, the index
        // of the word being completed, and (command, current word, previous
        // word) as arguments.
        dir.write("try.sh", Array("""
            source "\(dir.path)/cap.bash"
            COMP_LINE='\(typed)'; read -ra COMP_WORDS <<< "$COMP_LINE"
            [[ "$COMP_LINE" == *' ' ]] && COMP_WORDS+=('')
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_POINT=${#COMP_LINE}
            _cap cap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            ( IFS=,; printf '%s\\n' "${COMPREPLY[*]}" )

            """.utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bash)
        process.arguments = [dir.path + "/try.sh"]
        let out = dir.path + "/out", err = dir.path + "/err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        try process.run()
        ChildProcess.wait(process, seconds: 20, "bash completing '\(typed)'")
        #expect(process.terminationStatus == 0)
        // EndToEndTests.read: Foundation's String(contentsOfFile:) leaks
        // 4 KiB per empty file, which `make asan` reports.
        #expect(try EndToEndTests.read(URL(fileURLWithPath: err)).isEmpty)
        #expect(String(decoding: try EndToEndTests.read(URL(fileURLWithPath: out)), as: UTF8.self) == expected + "\n")
    }

    /// On a terminal, a clean `cap run` says its rules held; piped, it
    /// prints only the values.
    @Test func runSaysItsRulesHeldOnATerminal() throws {
        let dir = EndToEndTests.folder(["data.cap": "tag t \"T\" { }\ntag u \"U\" { }\nassert tags | count == 2, \"two tags\"\nassert tags | all name != \"\"\nprint tags | count\n"])
        let piped = try EndToEndTests.run(["run", "."], in: dir.url)
        #expect(piped.status == 0)
        #expect(piped.stdout == "2\n")
        #expect(piped.stderr.isEmpty, "\(piped.stderr)")
        guard let binary = EndToEndTests.binary else { throw CancellationError() }
        let t = try PseudoTerminal(binary, ["run", dir.path], environment: ["TERM": "xterm", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
        #expect(t.waitFor("ran 1 file: all 2 rules held") != nil, "\(t.transcript)")
        #expect(t.exitStatus() == 0)
    }

    /// `cap schema` guesses the kind meant, short names included.
    @Test func schemaSuggestsTheKindMeant() throws {
        for (typed, meant) in [("lw", "law"), ("laws", "law"), ("mpa", "map"), ("pub", "publication"), ("evnt", "event")] {
            let r = try EndToEndTests.run(["schema", typed])
            #expect(r.status == 2)
            #expect(r.stderr == "cap: error: no entity kind '\(typed)'; did you mean '\(meant)'?\n", "\(typed): \(r.stderr)")
        }
        let far = try EndToEndTests.run(["schema", "xyz"])
        #expect(far.stderr == "cap: error: no entity kind 'xyz' (cap schema lists them)\n")
    }
}
