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
    /// completes a subcommand's name.
    @Test func bashTakesTheScript() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { return }
        let dir = TemporaryFolder()
        let script = try EndToEndTests.run(["completions", "bash"]).stdout
        dir.write("cap.bash", Array(script.utf8))
        dir.write("try.sh", Array("""
            source "\(dir.path)/cap.bash"
            COMP_WORDS=(cap expl); COMP_CWORD=1; COMP_LINE="cap expl"; COMP_POINT=${#COMP_LINE}
            _cap
            printf '%s\\n' "${COMPREPLY[@]}"

            """.utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [dir.path + "/try.sh"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.split(separator: "\n").contains("explain"), "\(output)")
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
