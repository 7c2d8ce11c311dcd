#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CapServer

struct LspCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server that editors start (LSP).",
        discussion: """
            An editor starts it and talks to it; it is not for typing at. It checks the
            workspace folder the editor opens as `cap check` does, with the editor's unsaved
            buffers in place of the files on disk, and answers hover, go to definition,
            references, rename, completion, symbols, folding, semantic tokens, formatting
            and quick fixes. docs/editors.md says how to set up VS Code, Neovim, Helix and Emacs.
            """
    )

    func run() throws {
        // A client that goes away closes the pipe: a write then fails
        // (EPIPE) instead of killing the process, and the server ends at
        // the end of its input.
        signal(SIGPIPE, SIG_IGN)
        let status = LanguageServer(version: CapCommand.version).run()
        if status != 0 { throw ExitCode(status) }
    }
}
