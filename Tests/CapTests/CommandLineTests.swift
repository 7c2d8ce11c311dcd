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

    @Test func completionScriptsForEachShell() throws {
        let bash = try EndToEndTests.run(["completions", "bash"])
        #expect(bash.status == 0)
        #expect(bash.stdout.hasPrefix("#!/bin/bash\n"))
        #expect(bash.stdout.contains("complete -o filenames -F _cap cap") || bash.stdout.contains("-F _cap cap"), "\(bash.stdout.suffix(300))")
        for word in ["check", "eval", "explain", "completions", "--max-diagnostics", "--period"] {
            #expect(bash.stdout.contains(word), "bash completes \(word)")
        }
        let zsh = try EndToEndTests.run(["completions", "zsh"])
        #expect(zsh.stdout.hasPrefix("#compdef cap\n"))
        let fish = try EndToEndTests.run(["completions", "fish"])
        #expect(fish.stdout.contains("complete -c 'cap'") || fish.stdout.contains("complete -c cap"), "\(fish.stdout.prefix(600))")
        let wrong = try EndToEndTests.run(["completions", "tcsh"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("Usage: cap completions <shell>"))
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
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
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
