#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CLineEditor
import CapRuntime
import CapREPL
import CapBase

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Explore .cap data interactively: queries, definitions, :commands (:help lists them).",
        discussion: """
            With no PATH, the current folder is loaded when it holds .cap files.
            On a terminal: line editing (emacs keys; ~/.editrc is read, so `bind -v`
            gives vi keys), history in $XDG_STATE_HOME/cap/history (default
            ~/.local/state/cap/history; one entry per input, multi-line ones
            included, without repeats) with Ctrl-R search, and Tab completion.
            The data's warnings are counted in one line (cap check lists them).
            When standard input is not a terminal, lines are read plainly, with no
            prompt, and the exit status is 1 if any input failed:
              printf ':list members\\n' | cap repl Examples
            """
    )

    @Argument(help: "Files or folders to load.")
    var paths: [String] = []

    @Option(help: "Colour for diagnostics: auto, always or never.")
    var color: Terminal.ColorChoice = .auto

    func run() throws {
        _ = cap_setup_locale()
        let interactive = isatty(0) == 1
        var options = Session.Options()
        options.palette = Terminal.palette(color, fd: 2)
        options.stamp = Publishing.stamp
        if interactive { options.interruption = { cap_interrupt_pending() != 0 } }
        let session = Session(paths: paths.isEmpty ? Self.currentFolderIfData() : paths, options: options)
        if interactive {
            runInteractive(session)
        } else if !runPiped(session) {
            throw ExitCode(1)
        }
    }

    /// `cap repl` with no paths loads the current folder only when it holds
    /// data, so starting it in $HOME does not walk the whole home folder.
    static func currentFolderIfData() -> [String] {
        FileSystem.names(in: ".").contains { $0.hasSuffix(".cap") } ? ["."] : []
    }

    /// Reads plain lines: no prompt, no echo, no history. Returns whether
    /// every input (and the load) succeeded.
    private func runPiped(_ session: Session) -> Bool {
        Terminal.write(session.loadReply.errors, to: 2)
        var ok = !session.loadReply.failed
        var buffer = ""
        var continuation = InputContinuation()
        var next = Swift.readLine(strippingNewline: true)
        while let line = next {
            buffer += buffer.isEmpty ? line : "\n" + line
            let more = continuation.add(line)
            next = Swift.readLine(strippingNewline: true)
            // As in a file, a line starting with '|' continues the pipeline.
            if more || next?.trimmingCharacters().hasPrefix("|") == true { continue }
            let reply = session.handle(buffer)
            buffer = ""
            continuation = InputContinuation()
            show(reply)
            if reply.failed { ok = false }
            if reply.quit { return ok }
        }
        if !buffer.isEmpty {
            let reply = session.handle(buffer)  // unfinished: the parser says what is missing
            show(reply)
            if reply.failed { ok = false }
        }
        return ok
    }

    private func runInteractive(_ session: Session) {
        cap_install_interrupt_handler()
        let historyFile = Self.historyPath().map { HistoryFile(path: $0) }
        guard let editor = LineEditor(program: "cap", history: historyFile?.load() ?? [], complete: session.complete) else {
            Terminal.error("cannot start the line editor")
            _ = runPiped(session)
            return
        }
        defer { editor.close() }
        let p = Terminal.palette(color, fd: 1)
        Terminal.write(p.paint("cap \(CapCommand.version)", .emphasis) + " · " + session.summary
                       + " · :help for help, Ctrl-D to leave\n")
        Terminal.write(session.loadReply.errors, to: 2)
        var buffer = ""
        var continuation = InputContinuation()
        while true {
            editor.prompt = buffer.isEmpty ? "cap> " : "...> "
            switch editor.readLine() {
            case .end:
                Terminal.write("\n")
                return
            case .interrupted:
                buffer = ""
                continuation = InputContinuation()
                Terminal.write("\n")
            case .line(let line):
                buffer += buffer.isEmpty ? line : "\n" + line
                if continuation.add(line) { continue }
                // The whole input is one entry, its continuation lines
                // included: Up recalls what ran, not a fragment of it.
                if let entry = HistoryFile.entry(buffer) {
                    editor.remember(entry)
                    historyFile?.append(entry)
                }
                let reply = session.handle(buffer)
                buffer = ""
                continuation = InputContinuation()
                _ = cap_take_interrupt()
                show(reply)
                if reply.quit { return }
            }
        }
    }

    /// The session spells out control characters; bidirectional controls
    /// from the data are escaped here, on their way to the terminal.
    private func show(_ reply: Reply) {
        Terminal.write(Excerpt.bidiEscaped(reply.output))
        Terminal.write(Excerpt.bidiEscaped(reply.errors), to: 2)
    }

    /// $XDG_STATE_HOME/cap/history, else ~/.local/state/cap/history.
    static func historyPath() -> String? {
        if let state = getenv("XDG_STATE_HOME").map({ String(cString: $0) }), state.hasPrefix("/") {
            return state + "/cap/history"
        }
        guard let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty else { return nil }
        return home + "/.local/state/cap/history"
    }
}

extension String {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
