import Foundation
import Testing

/// The zsh and fish completion scripts `cap completions` prints, loaded in
/// Debian's own zsh and fish (installed by `make test`): each is sourced
/// without a word on standard error, and completes `cap expl` to `explain`.
/// (CommandLineTests drives bash's.)
@Suite(.serialized) struct ShellCompletionTests {
    static func shell(_ name: String) throws -> URL {
        let path = "/usr/bin/" + name
        try #require(FileManager.default.isExecutableFile(atPath: path),
                     "\(name) is needed to test its completion script: make test installs it (apt-get install \(name))")
        return URL(fileURLWithPath: path)
    }

    /// A home of its own, holding the script, so that no rc file or
    /// history of the user's takes part.
    static func home(shell: String, file: String) throws -> TemporaryFolder {
        let home = TemporaryFolder()
        let script = try EndToEndTests.run(["completions", shell])
        #expect(script.status == 0)
        home.write(file, script.stdout)
        return home
    }

    @Test func fishSourcesTheScriptAndCompletesASubcommand() throws {
        let fish = try Self.shell("fish")
        let home = try Self.home(shell: "fish", file: "cap.fish")
        let environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config", "XDG_DATA_HOME": home.path + "/data"]
        let sourced = try EndToEndTests.run(["--no-config", "-c", "source \(home.path)/cap.fish"], environment: environment,
                                            executable: fish)
        #expect(sourced.status == 0)
        #expect(sourced.stdout.isEmpty)
        #expect(sourced.stderr.isEmpty, "\(sourced.stderr)")
        // `complete -C` prints what fish would offer at the end of the
        // line: the candidate, a tab, its description.
        let completed = try EndToEndTests.run(
            ["--no-config", "-c", "source \(home.path)/cap.fish; complete -C 'cap expl'; complete -C 'cap check --format '"],
            environment: environment, executable: fish)
        #expect(completed.status == 0)
        #expect(completed.stderr.isEmpty, "\(completed.stderr)")
        #expect(completed.stdout == """
            explain\tExplain a diagnostic code, e.g. cap explain E0209; without a code, list them all.
            text\tOutput format: text, json or github (workflow annotations).
            json\tOutput format: text, json or github (workflow annotations).
            github\tOutput format: text, json or github (workflow annotations).

            """)
    }

    @Test func zshSourcesTheScriptAfterCompinit() throws {
        let zsh = try Self.shell("zsh")
        let home = try Self.home(shell: "zsh", file: "_cap")
        // compdef, which the script calls when sourced, comes with compinit.
        let r = try EndToEndTests.run(
            ["-f", "-c", "autoload -U compinit && compinit -u -D && source \(home.path)/_cap && print -r -- ${_comps[cap]}"],
            environment: ["HOME": home.path, "ZDOTDIR": home.path], executable: zsh)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout == "_cap\n", "the script registers _cap as cap's completion")
    }

    /// zsh completes only in its line editor, so it runs on a pseudo-
    /// terminal: Tab after `cap expl` must make the line `cap explain `,
    /// which, run, lists the codes (`cap expl` would be a usage error).
    @Test func zshCompletesASubcommandOnATerminal() throws {
        let zsh = try Self.shell("zsh")
        let binary = try #require(EndToEndTests.binary)
        let home = try Self.home(shell: "zsh", file: "_cap")
        home.write(".zshrc", """
            PS1='zsh> '
            autoload -U compinit && compinit -u -D
            source \(home.path)/_cap

            """)
        let t = try PseudoTerminal(zsh, ["-i"], environment: [
            "HOME": home.path, "ZDOTDIR": home.path, "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1",
            "PATH": binary.deletingLastPathComponent().path + ":/usr/bin:/bin",
        ], directory: home.path)
        #expect(t.waitFor("zsh> ") != nil, "no prompt: \(t.transcript)")
        t.type("cap expl\t")
        // zsh shows the space it adds after a completion in bold.
        #expect(t.waitFor("explain") != nil, "Tab did not complete: \(t.transcript)")
        t.type("\r")
        #expect(t.waitFor("\r\nE0001  ") != nil, "the completed line did not run cap explain: \(t.transcript)")
        #expect(t.waitFor("zsh> ") != nil, "\(t.transcript)")
        t.type("exit\r")
        #expect(t.exitStatus() == 0, "\(t.transcript)")
    }
}
