#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CapBase
import CapRuntime
import CapAnalysis
import CapTooling

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite .cap files in cap's one canonical layout.",
        discussion: """
            Formats the files and folders given (every .cap file under a folder) in
            place, each written whole or not at all; `cap fmt -` formats standard
            input to standard output. Nothing is reordered and every comment is kept
            (docs/format.md). A file that does not parse is left alone and its errors
            are printed. Before anything is written, the formatted files are checked
            to give the same syntax tree and the same analysis as before.
            Exit status: 0 when every file is (now) formatted; 1 when a file does not
            parse, or with --check or --diff when a file would change; 2 when a path
            cannot be read or written, or the command line is wrong.
            """
    )

    @Argument(help: "Files or folders to format (default: the current folder); - for standard input.")
    var paths: [String] = []

    @Flag(help: "Write nothing; list the files that would change.")
    var check = false

    @Flag(help: "Write nothing; print a unified diff of the changes.")
    var diff = false

    @Option(help: "Colour of the diagnostics: auto, always or never. NO_COLOR is honoured.")
    var color: Terminal.ColorChoice = .auto

    func validate() throws {
        if paths.contains("-") && paths.count > 1 {
            throw ValidationError("'-' (standard input) cannot be given with other paths")
        }
        if check && diff { throw ValidationError("give --check or --diff, not both") }
    }

    func run() throws {
        if paths == ["-"] { return try standardInput() }
        var usageErrors: [String] = []
        let files = Self.files(paths.isEmpty ? ["."] : paths, usageErrors: &usageErrors)
        for message in usageErrors { Terminal.error(message) }
        // Each file is read, formatted and checked on its own, side by side.
        let results = DeepStack.map(costs: files.map(\.size), workers: DeepStack.defaultWorkers) { i in
            Self.format(files[i], keepingOutput: !check)
        }
        var failed = false, changed: [(file: FileToFormat, output: [UInt8])] = []
        var diagnostics: [(FileToFormat, [Diagnostic], [UInt8])] = []
        for (file, result) in zip(files, results) {
            switch result {
            case .unreadable(let message):
                usageErrors.append(message)
                Terminal.error(message)
            case .failed(let ds, let bytes):
                failed = true
                diagnostics.append((file, ds, bytes))
            case .unchanged:
                break
            case .changed(let output):
                changed.append((file, output))
            }
        }
        // Every file's own check passed; before writing (or showing what
        // would be written), the whole analysis must agree too.
        if !check && !changed.isEmpty {
            let refused = refusedByAnalysis(changed)
            for i in refused.keys.sorted(by: >) {
                failed = true
                let bytes = (try? FileSystem.readFile(changed[i].file.path, limit: Workspace.Limits().maxFileBytes)) ?? []
                diagnostics.append((changed[i].file, [Self.refusal(refused[i]!)], bytes))
                changed.remove(at: i)
            }
        }
        printDiagnostics(diagnostics)
        if check {
            for (file, _) in changed { Terminal.write(Excerpt.forTerminal(file.display) + "\n") }
        } else if diff {
            for (file, output) in changed {
                let old = (try? FileSystem.readFile(file.path, limit: Workspace.Limits().maxFileBytes)) ?? []
                // Parsed text holds no control but tab and line ends; the
                // bidirectional ones are shown escaped, as in every listing.
                Terminal.write(Excerpt.bidiEscaped(UnifiedDiff.render(String(decoding: old, as: UTF8.self),
                                                                      String(decoding: output, as: UTF8.self),
                                                                      oldName: Self.side("a", file.display),
                                                                      newName: Self.side("b", file.display))))
            }
        } else {
            for (file, output) in changed {
                do throws(FileSystem.Failure) {
                    try AtomicFile.write(String(decoding: output, as: UTF8.self), to: file.path)
                } catch {
                    usageErrors.append(error.message)
                    Terminal.error("cannot write '\(Excerpt.forTerminal(file.display))': \(error.message)")
                }
            }
        }
        if !usageErrors.isEmpty { throw ExitCode(2) }
        if failed || ((check || diff) && !changed.isEmpty) { throw ExitCode(1) }
    }

    /// `a/x.cap` as git and `diff -u` label the two sides; an absolute
    /// path is labelled `a/tmp/x.cap`, not `a//tmp/x.cap`.
    static func side(_ prefix: String, _ path: String) -> String {
        prefix + (path.hasPrefix("/") ? "" : "/") + path
    }

    // MARK: Files

    struct FileToFormat: Sendable {
        var path: String
        var display: String
        var size: Int
    }

    enum Outcome: Sendable {
        case unchanged
        case changed([UInt8])
        /// Does not parse, or the formatter refused its output: the
        /// diagnostics, and the file's bytes to show them with.
        case failed([Diagnostic], [UInt8])
        case unreadable(String)
    }

    /// The files to format: those named, and the .cap files under the
    /// folders named, each once.
    static func files(_ paths: [String], usageErrors: inout [String]) -> [FileToFormat] {
        var out: [FileToFormat] = [], seen: Set<String> = []
        func add(_ path: String) {
            guard let real = FileSystem.realPath(path), seen.insert(real).inserted else { return }
            var display = path
            while display.hasPrefix("./") { display.removeFirst(2) }
            var st = stat()
            out.append(FileToFormat(path: path, display: display, size: stat(path, &st) == 0 ? Int(st.st_size) : 0))
        }
        for path in paths {
            switch FileSystem.kind(path) {
            case .missing:
                usageErrors.append("cannot read '\(Excerpt.forTerminal(path))': \(FileSystem.whyMissing(path).message)")
            case .directory:
                let (files, outside, unreadable) = FileSystem.capFiles(under: path)
                for (folder, failure) in unreadable {
                    usageErrors.append("cannot read the folder '\(Excerpt.forTerminal(folder))': \(failure.message)")
                }
                for link in outside {
                    usageErrors.append("'\(Excerpt.forTerminal(link))' links outside the folder; it was not formatted")
                }
                if files.isEmpty && outside.isEmpty && unreadable.isEmpty {
                    usageErrors.append("no .cap files found under '\(Excerpt.forTerminal(path))'")
                }
                files.forEach(add)
            case .file, .other:
                add(path)
            }
        }
        return out
    }

    static func format(_ file: FileToFormat, keepingOutput: Bool) -> Outcome {
        let bytes: [UInt8]
        do throws(FileSystem.Failure) {
            bytes = try FileSystem.readFile(file.path, limit: Workspace.Limits().maxFileBytes)
        } catch {
            return .unreadable("cannot read '\(Excerpt.forTerminal(file.display))': \(error.message)")
        }
        // --check writes nothing: whether the file would change is all it
        // asks, so the output is not held to the checks made before writing.
        let result = Formatter.format(SourceFile(id: 0, path: file.display, bytes: bytes), verifying: keepingOutput)
        guard let output = result.output else { return .failed(result.diagnostics, bytes) }
        return result.changed ? .changed(keepingOutput ? output : []) : .unchanged
    }

    /// Indices of `changed` whose formatting would change the analysis,
    /// with the difference found. All together first; only when they
    /// disagree, each file alone, to name the ones at fault.
    func refusedByAnalysis(_ changed: [(file: FileToFormat, output: [UInt8])]) -> [Int: String] {
        let roots = paths.isEmpty ? ["."] : paths
        var formatted: [String: [UInt8]] = [:]
        for (file, output) in changed { if let real = FileSystem.realPath(file.path) { formatted[real] = output } }
        guard AnalysisComparison.difference(paths: roots, formatted: formatted) != nil else { return [:] }
        var refused: [Int: String] = [:]
        for (i, (file, output)) in changed.enumerated() {
            guard let real = FileSystem.realPath(file.path) else { continue }
            if let d = AnalysisComparison.difference(paths: roots, formatted: [real: output]) { refused[i] = d }
        }
        // Each alone agreed but not all together: refuse them all.
        if refused.isEmpty { for i in changed.indices { refused[i] = "the analysis of the files together differs" } }
        return refused
    }

    static func refusal(_ difference: String) -> Diagnostic {
        .error(.formatterFailed, "cap fmt would change the analysis of this file (\(difference)); the file was left as it is",
               at: nil, help: "this is a bug in cap fmt: please report it with the file; the file itself is fine")
    }

    // MARK: Standard input

    func standardInput() throws {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let limit = Workspace.Limits().maxFileBytes
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            if n < 0 { if errno == EINTR { continue }; Terminal.error("cannot read standard input"); throw ExitCode(2) }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > limit {
                Terminal.error("standard input is more than \(limit) bytes, the limit of a file")
                throw ExitCode(2)
            }
        }
        let name = "<stdin>"
        var result = Formatter.format(SourceFile(id: 0, path: name, bytes: bytes))
        if let output = result.output, result.changed,
           let difference = AnalysisComparison.difference(text: bytes, formatted: output, name: name) {
            result.output = nil
            result.diagnostics = [Self.refusal(difference)]
        }
        guard let output = result.output else {
            printDiagnostics([(FileToFormat(path: name, display: name, size: bytes.count), result.diagnostics, bytes)])
            throw ExitCode(1)
        }
        if check {
            if result.changed { Terminal.write(name + "\n") }
        } else if diff {
            Terminal.write(Excerpt.bidiEscaped(UnifiedDiff.render(String(decoding: bytes, as: UTF8.self),
                                                                  String(decoding: output, as: UTF8.self),
                                                                  oldName: "a/" + name, newName: "b/" + name)))
        } else {
            // The text itself, byte for byte: an editor replaces its buffer with it.
            Terminal.write(String(decoding: output, as: UTF8.self))
        }
        if (check || diff) && result.changed { throw ExitCode(1) }
    }

    // MARK: Diagnostics

    func printDiagnostics(_ failures: [(FileToFormat, [Diagnostic], [UInt8])]) {
        guard !failures.isEmpty else { return }
        let sources = SourceManager()
        let renderer = TextRenderer(sources: sources, palette: Terminal.palette(color, fd: 2))
        var text = ""
        for (file, diagnostics, bytes) in failures {
            // Each file was formatted as file 0: its diagnostics move to
            // the id it gets here.
            let id = sources.add(path: file.display, bytes: bytes).id
            func moved(_ r: SourceRange?) -> SourceRange? { r.map { SourceRange(file: id, start: $0.start, end: $0.end) } }
            var count = 0
            for var d in diagnostics {
                d.range = moved(d.range) ?? SourceRange(file: id, start: 0, end: 0)
                d.notes = d.notes.map { DiagnosticNote($0.message, at: moved($0.range)) }
                d.fixIts = d.fixIts.map { FixIt(range: moved($0.range)!, replacement: $0.replacement) }
                if count < 20 { text += renderer.render(d) + "\n" }
                count += 1
            }
            if count > 20 { text += "… and \(count - 20) more in \(Excerpt.forTerminal(file.display))\n" }
            text += "\(Excerpt.forTerminal(file.display)): not formatted\n"
        }
        Terminal.write(text, to: 2)
    }
}
