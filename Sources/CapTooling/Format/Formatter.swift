import CapBase
import CapSyntax
import CapSchema
import CapRuntime

/// `cap fmt`'s engine, for the command line and the language server: one
/// file's text in, the same file in cap's canonical layout out
/// (docs/format.md). Pure: it reads no file and writes none.
///
///     let result = Formatter.format(text)
///     if let formatted = result.text { … }   // nil: the text does not parse
///
/// The text is parsed with cap's own parser (no second one), laid out from
/// its syntax tree, and the output is parsed again and held to three
/// guarantees before it is given out: it parses to the same tree, trivia
/// aside (`TreeComparison`); every comment is in it, in order; and
/// formatting it again changes nothing. Should any fail — a bug in the
/// formatter, never the user's — the result carries an internal error
/// (E0901) instead of the text. Whether the whole analysis stays the same
/// across files is `AnalysisComparison`'s to say.
public enum Formatter {
    public struct Result: Sendable {
        /// The formatted text; nil when the input does not parse (see
        /// `diagnostics`) or the output failed its own check (E0901).
        public var output: [UInt8]?
        /// The parser's diagnostics when the input does not parse; an
        /// E0901 internal error when the output was refused; else empty.
        /// Ranges point into the file given.
        public var diagnostics: [Diagnostic]
        /// The output differs from the input.
        public var changed: Bool

        public var text: String? { output.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Formats `text` as a file of its own (for an editor's buffer).
    public static func format(_ text: String) -> Result {
        format(SourceFile(id: 0, path: "<buffer>", bytes: Array(text.utf8)))
    }

    /// Formats one file; its diagnostics point into `file` (its id, its
    /// offsets), to be rendered with the `SourceManager` it belongs to.
    public static func format(_ file: SourceFile) -> Result {
        DeepStack.run { formatOnDeepStack(file) }
    }

    /// Without `verifying`, a changed output is not held to the checks:
    /// for `cap fmt --check`, which writes nothing and only asks whether
    /// the file would change.
    package static func format(_ file: SourceFile, verifying: Bool) -> Result {
        DeepStack.run { formatOnDeepStack(file, verifying: verifying) }
    }

    /// For tests of the check itself: `tamper` changes the output before
    /// it is checked, as a bug in the layout would.
    static func format(_ file: SourceFile, tamper: @escaping ([UInt8]) -> [UInt8]) -> Result {
        DeepStack.run { formatOnDeepStack(file, tamper: tamper) }
    }

    private static func formatOnDeepStack(_ file: SourceFile, verifying: Bool = true,
                                          tamper: (([UInt8]) -> [UInt8])? = nil) -> Result {
        let interner = Interner(capacity: max(64, file.bytes.count / 256))
        var bag = DiagnosticBag()
        let tree = Parser.parse(file, vocabulary: .builtIn, interner: interner, diagnostics: &bag)
        // A file that does not parse is not touched: its tree is the
        // parser's guess, and laying a guess out could change its meaning.
        guard !bag.hasErrors else { return Result(output: nil, diagnostics: bag.diagnostics, changed: false) }
        var output = layOut(tree, file.bytes)
        if let tamper { output = tamper(output) }
        if output == file.bytes { return Result(output: output, diagnostics: [], changed: false) }
        if verifying, let problem = check(output, of: tree, file, interner) {
            let diagnostic = Diagnostic.error(
                .formatterFailed, "cap fmt would change what this file means (\(problem)); the file was left as it is",
                at: SourceRange(file: file.id, start: 0, end: 0),
                help: "this is a bug in cap fmt: please report it with the file; the file itself is fine")
            return Result(output: nil, diagnostics: [diagnostic], changed: false)
        }
        return Result(output: output, diagnostics: [], changed: true)
    }

    static func layOut(_ tree: SyntaxTree, _ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { buffer in
            // A byte order mark is kept: dropping it would drop its warning
            // (W0001), and the analysis must stay the same.
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
            var layout = Layout(tree: tree, bytes: buffer, start: bom ? 3 : 0)
            let body = layout.file()
            return bom ? [0xEF, 0xBB, 0xBF] + body : body
        }
    }

    /// What is wrong with `output` as the formatting of `file`, or nil.
    static func check(_ output: [UInt8], of tree: SyntaxTree, _ file: SourceFile, _ interner: Interner) -> String? {
        let second = SourceFile(id: file.id, path: file.path, bytes: output)
        var bag = DiagnosticBag()
        let again = Parser.parse(second, vocabulary: .builtIn, interner: interner, diagnostics: &bag)
        if bag.hasErrors { return "the output does not parse" }
        let difference = file.bytes.withUnsafeBufferPointer { a in
            output.withUnsafeBufferPointer { b in
                TreeComparison(a: tree, aBytes: a, b: again, bBytes: b).difference()
            }
        }
        if let difference { return difference }
        if layOut(again, output) != output { return "formatting it twice changes it again" }
        return nil
    }
}
