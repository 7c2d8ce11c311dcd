import Foundation
import Testing

/// Every shell example in README.md and in every Markdown file under docs/
/// runs as written, through the built binary, and must print exactly what
/// the document shows (docs/testing.md says how to write one):
///
/// - A fenced block whose first line starts with `$ cap ` is an example.
///   Each `$ cap …` line in it runs, and the lines up to the next `$ ` line
///   (or the block's end) are its standard output, exactly. Words are split
///   as a shell would for these examples: spaces, and '…' or "…" quoting.
/// - The exit status is 1 when the expected output shows an error
///   (`error[E…`), 0 otherwise; `exit=N` in the fence's info string says it
///   outright (```` ```console exit=2 ````).
/// - `$ cap repl …` blocks are transcripts: lines starting with `cap> ` or
///   `...> ` are typed, the others are what the session shows (standard
///   output and standard error as they interleave). The lines before the
///   first prompt are the banner a terminal shows, checked on a real
///   pseudo-terminal; the rest runs with standard input from a pipe.
/// - Each command runs in a scratch folder holding a copy of Examples/ and
///   of Tests/DocExamples/ (files an example names that are not in the
///   repository, such as the README's members.cap), with today and the
///   publishing stamp fixed at 2021-12-31 23:59:59 UTC (SOURCE_DATE_EPOCH).
/// - A block that cannot run says so in its info string with `norun`
///   (```` ```sh norun ````); such blocks are listed by `blocksMarkedNorun`,
///   never skipped silently. docs/_incoming/ (drafts the lead folds into
///   docs/) is not read.
@Suite struct ReadmeTests {
    struct Example: CustomStringConvertible, Sendable {
        var document: String
        var line: Int
        var arguments: [String]
        var expected: String
        var status: Int32
        /// For a transcript: the typed lines, and the banner shown before them.
        var typed: [String]? = nil
        var banner: [String] = []
        var description: String { "\(document):\(line): cap \(arguments.joined(separator: " "))" }
    }

    struct Block {
        var info: [String]
        var line: Int
        var lines: [String]
    }

    static let root = EndToEndTests.packageRoot

    /// README.md, then every .md under docs/ but docs/_incoming, by path.
    static func documents() -> [String] {
        var found = ["README.md"]
        let docs = root.appendingPathComponent("docs")
        if let walker = FileManager.default.enumerator(atPath: docs.path) {
            for case let path as String in walker where path.hasSuffix(".md") && !path.hasPrefix("_incoming/") {
                found.append("docs/" + path)
            }
        }
        return [found[0]] + found.dropFirst().sorted()
    }

    /// Fenced code blocks (``` or ~~~), with their info string's words and
    /// the line their first line of content is on.
    static func blocks(in text: String) -> [Block] {
        var result: [Block] = []
        var open: (fence: String, block: Block)?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let current = open {
                if trimmed.hasPrefix(current.fence) && trimmed.drop(while: { $0 == current.fence.first }).isEmpty {
                    result.append(current.block)
                    open = nil
                } else {
                    open!.block.lines.append(line)
                }
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let mark = trimmed.first!
                let fence = String(trimmed.prefix { $0 == mark })
                let info = trimmed.dropFirst(fence.count).split(separator: " ").map(String.init)
                open = (fence, Block(info: info, line: index + 2, lines: []))
            }
        }
        return result
    }

    static func isExample(_ block: Block) -> Bool { block.lines.first?.hasPrefix("$ cap ") == true }

    static func examples(in block: Block, document: String) -> [Example] {
        let explicit = block.info.first { $0.hasPrefix("exit=") }.flatMap { Int32($0.dropFirst(5)) }
        func status(_ expected: String) -> Int32 { explicit ?? (expected.contains("error[E") ? 1 : 0) }
        if block.lines[0].hasPrefix("$ cap repl") {
            let arguments = shellWords(String(block.lines[0].dropFirst("$ cap ".count)))
            let rest = block.lines.dropFirst()
            let isPrompt = { (l: String) in l.hasPrefix("cap> ") || l.hasPrefix("...> ") }
            let banner = Array(rest.prefix { !isPrompt($0) })
            let session = rest.dropFirst(banner.count)
            let typed = session.filter(isPrompt).map { String($0.dropFirst(5)) }
            let shown = session.filter { !isPrompt($0) }.map { $0 + "\n" }.joined()
            return [Example(document: document, line: block.line, arguments: arguments, expected: shown,
                            status: status(shown), typed: typed, banner: banner)]
        }
        var result: [Example] = []
        for (offset, line) in block.lines.enumerated() where line.hasPrefix("$ ") {
            let output = block.lines[(offset + 1)...].prefix { !$0.hasPrefix("$ ") }
            let expected = output.map { $0 + "\n" }.joined()
            let words = shellWords(String(line.dropFirst(2)))
            result.append(Example(document: document, line: block.line + offset,
                                  arguments: Array(words.dropFirst(words.first == "cap" ? 1 : 0)),
                                  expected: expected, status: status(expected)))
        }
        return result
    }

    /// Every runnable example, and the blocks marked `norun`.
    static func scan() -> (examples: [Example], norun: [String]) {
        var examples: [Example] = [], norun: [String] = []
        for document in documents() {
            let url = root.appendingPathComponent(document)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for block in blocks(in: text) where isExample(block) {
                if block.info.contains("norun") {
                    norun.append("\(document):\(block.line): \(block.lines[0])")
                } else {
                    examples += Self.examples(in: block, document: document)
                }
            }
        }
        return (examples, norun)
    }

    /// Splits a command line the way a shell would for these examples:
    /// spaces separate words, '…' and "…" keep a word whole.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = [], word = "", quote: Character? = nil, started = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
                continue
            }
            if c == "'" || c == "\"" { quote = c; started = true; continue }
            if c == " " {
                if started { words.append(word) }
                word = ""; started = false
                continue
            }
            word.append(c); started = true
        }
        if started { words.append(word) }
        return words
    }

    /// A scratch folder with Examples/ and Tests/DocExamples/ copied in.
    static func scratch() throws -> TemporaryFolder {
        let dir = TemporaryFolder()
        let fm = FileManager.default
        try fm.copyItem(at: root.appendingPathComponent("Examples"), to: dir.url.appendingPathComponent("Examples"))
        let fixtures = root.appendingPathComponent("Tests/DocExamples")
        for name in try fm.contentsOfDirectory(atPath: fixtures.path) {
            try fm.copyItem(at: fixtures.appendingPathComponent(name), to: dir.url.appendingPathComponent(name))
        }
        return dir
    }

    static let fixed = ["SOURCE_DATE_EPOCH": GoldenTests.epoch]

    /// README.md's tour holds two `cap eval`, the `cap check` of members.cap
    /// and a REPL transcript; docs/queries.md six `cap eval`, docs/cli.md
    /// the same `cap check`, docs/repl.md the full transcript and
    /// docs/testing.md one more `cap eval`, docs/cli.md a `cap explain`,
    /// docs/format.md a `cap fmt --diff` and a `cap fmt --check`.
    /// Adding one updates the count, so
    /// an example that stops being found fails.
    @Test func everyExampleIsFound() {
        let (examples, norun) = Self.scan()
        #expect(examples.count == 16, "\(examples.map(\.description).joined(separator: "\n"))")
        #expect(examples.filter { $0.arguments.first == "eval" }.count == 9)
        #expect(examples.filter { $0.arguments.first == "check" }.count == 2)
        #expect(examples.filter { $0.typed != nil }.count == 2)
        #expect(norun.isEmpty, "blocks marked norun:\n\(norun.joined(separator: "\n"))")
    }

    @Test("shell example", arguments: scan().examples)
    func example(_ example: Example) throws {
        let dir = try Self.scratch()
        if let typed = example.typed {
            // What loading says (diagnostics on standard error) comes first,
            // before any prompt; the transcript shows the session after it.
            let load = try EndToEndTests.run(example.arguments, in: dir.url, environment: Self.fixed, input: "",
                                             mergingStandardError: true)
            let run = try EndToEndTests.run(example.arguments, in: dir.url, environment: Self.fixed,
                                            input: typed.map { $0 + "\n" }.joined(), mergingStandardError: true)
            #expect(run.status == example.status, "exit \(run.status)")
            try #require(run.stdout.hasPrefix(load.stdout), "\(run.stdout)")
            let session = String(run.stdout.dropFirst(load.stdout.count))
            #expect(session == example.expected)
            return
        }
        let run = try EndToEndTests.run(example.arguments, in: dir.url, environment: Self.fixed)
        #expect(run.status == example.status, "exit \(run.status): \(run.stderr)")
        #expect(run.stdout == example.expected, "printed:\n\(run.stdout)")
    }

    /// The banner of a transcript, as a terminal shows it before the first
    /// prompt.
    @Test("REPL banner", arguments: scan().examples.filter { $0.typed != nil })
    func banner(_ example: Example) throws {
        let binary = try #require(EndToEndTests.binary)
        let dir = try Self.scratch()
        let home = TemporaryFolder()
        let environment = [
            "HOME": home.path, "XDG_STATE_HOME": home.path + "/state", "TERM": "xterm", "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "SOURCE_DATE_EPOCH": GoldenTests.epoch,
        ]
        let terminal = try PseudoTerminal(binary, example.arguments, environment: environment, directory: dir.path)
        let shown = try #require(terminal.waitFor("cap> "), "no prompt: \(terminal.transcript)")
        let lines = Array(shown.components(separatedBy: "\r\n").dropLast())  // the prompt
        terminal.type("\u{04}")
        #expect(terminal.exitStatus() == 0)
        #expect(lines.first == example.banner.first, "the banner line itself")
        #expect(lines == example.banner)
    }

    /// The reading of blocks, on a document written here.
    @Test func blocksAreReadAsDocumented() {
        let text = """
            ```
            $ cap eval '1 + 1'
            2
            $ cap check "my data"
            checked 1 file: 1 error, 0 warnings
            ```

            ```sh norun
            $ cap build -o /somewhere Examples
            ```

            ~~~console exit=2
            $ cap check nope.cap
            ~~~

            ```
            $ cap repl Examples
            cap 0.1.0 · banner
            cap> [1,
            ...> 2] | count
            2
            ```

            ```
            plain text, not an example
            ```
            """
        let blocks = Self.blocks(in: text)
        #expect(blocks.count == 5)
        #expect(blocks.map(Self.isExample) == [true, true, true, true, false])
        #expect(blocks[1].info == ["sh", "norun"])
        let first = Self.examples(in: blocks[0], document: "d.md")
        #expect(first.map(\.arguments) == [["eval", "1 + 1"], ["check", "my data"]])
        #expect(first.map(\.expected) == ["2\n", "checked 1 file: 1 error, 0 warnings\n"])
        #expect(first.map(\.status) == [0, 0])
        #expect(first.map(\.line) == [2, 4])
        #expect(Self.examples(in: blocks[2], document: "d.md").map(\.status) == [2])
        let repl = Self.examples(in: blocks[3], document: "d.md")
        #expect(repl.first?.typed == ["[1,", "2] | count"])
        #expect(repl.first?.banner == ["cap 0.1.0 · banner"])
        #expect(repl.first?.expected == "2\n")
    }
}
