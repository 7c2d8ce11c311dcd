import Foundation
import Testing

/// The README's query examples are run as written: every fenced block that
/// starts with `$ cap eval …` must print exactly the lines below it.
@Suite struct ReadmeTests {
    struct Example: CustomStringConvertible {
        var arguments: [String]
        var expected: String
        var description: String { arguments.joined(separator: " ") }
    }

    static func examples() -> [Example] {
        let url = EndToEndTests.packageRoot.appendingPathComponent("README.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var out: [Example] = []
        for block in text.components(separatedBy: "```").enumerated() where block.offset % 2 == 1 {
            var lines = block.element.components(separatedBy: "\n").dropFirst()  // the fence's info string
            guard let command = lines.first, command.hasPrefix("$ cap eval ") else { continue }
            lines = lines.dropFirst()
            out.append(Example(arguments: shellWords(String(command.dropFirst("$ cap ".count))),
                               expected: lines.joined(separator: "\n")))
        }
        return out
    }

    /// Splits a command line the way a shell would for these examples:
    /// spaces separate words, single quotes keep a word whole.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = [], word = "", quoted = false, started = false
        for c in line {
            if c == "'" { quoted.toggle(); started = true; continue }
            if c == " " && !quoted {
                if started { words.append(word) }
                word = ""; started = false
                continue
            }
            word.append(c); started = true
        }
        if started { words.append(word) }
        return words
    }

    @Test func thereAreExamples() {
        #expect(Self.examples().count >= 6)
    }

    @Test("README example", arguments: examples())
    func example(_ example: Example) throws {
        let run = try EndToEndTests.run(example.arguments)
        #expect(run.status == 0, "exit \(run.status): \(run.stderr)")
        #expect(run.stdout == example.expected, "printed:\n\(run.stdout)")
    }
}
