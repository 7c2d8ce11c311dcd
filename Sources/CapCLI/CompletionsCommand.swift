import ArgumentParser

struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print the Tab-completion script of cap for bash, zsh or fish.",
        discussion: """
            `make install` installs all three. By hand:
              bash  cap completions bash > ~/.local/share/bash-completion/completions/cap
              zsh   cap completions zsh > ~/.zfunc/_cap   (with fpath+=(~/.zfunc) in ~/.zshrc, before compinit)
              fish  cap completions fish > ~/.config/fish/completions/cap.fish
            """
    )

    enum Shell: String, ExpressibleByArgument, CaseIterable { case bash, zsh, fish }

    @Argument(help: "bash, zsh or fish.")
    var shell: Shell

    func run() {
        // swift-argument-parser writes the script from the commands' own
        // definitions, so it never falls behind them.
        let script = CapCommand.completionScript(for: CompletionShell(rawValue: shell.rawValue)!)
        Terminal.write(script.hasSuffix("\n") ? script : script + "\n")
    }
}
