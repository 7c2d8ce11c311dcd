import CapBase
import CapSyntax
import CapSchema

/// The schema of one analysis: the prelude and what the data declares.
///
/// The parser knows only the built-in kinds; an entity whose word it did
/// not know is recorded in its tree (`SyntaxTree.unknownKinds`). Once every
/// file is parsed, the declarations of all files are read together, those
/// entities get their kind, and the words still unknown get E0201: a kind
/// may be declared in any file, before or after its first use.
extension Workspace {
    /// Reads the data's declarations into `schema`, gives the entities of
    /// declared kinds their kind and reports the schema's own mistakes.
    package func resolveSchema() {
        let (schema, problems) = SchemaReader.read(base: .builtIn, trees: trees, interner: interner,
                                                   bytes: { [sources] in sources[$0].bytes })
        self.schema = schema
        for file in trees.indices { resolveKinds(in: file) }
        diagnostics.add(contentsOf: problems)
    }

    /// The schema with a typed input's declarations, for the inputs after
    /// it; their mistakes are reported when the input is checked.
    func readSchemaQuietly() {
        schema = SchemaReader.read(base: .builtIn, trees: trees, interner: interner, bytes: { [sources] in sources[$0].bytes }).schema
    }

    /// Gives one file's entities of declared kinds their kind, and reports
    /// E0201 for the words no kind has, with the nearest of every kind.
    package func resolveKinds(in file: Int) {
        guard !trees[file].unknownKinds.isEmpty else { return }
        // Once per file: the REPL resolves an input as it is parsed, and
        // again with the others at each check.
        let report = kindWordsReported.insert(file).inserted
        let words = schema.kinds.map(\.name.rawValue)
        // A file of a declared kind names it thousands of times: one lookup per word.
        var known: [Symbol: Int] = [:]
        for u in trees[file].unknownKinds {
            let node = trees[file].entities[Int(u.entity)]
            if u.word != .max, let index = known[u.word] {
                trees[file].setKind(ofEntity: Int(u.entity), to: UInt8(index))
                continue
            }
            let word = u.word == .max ? text(FileID(file), node.kindStart, node.kindEnd) : interner[u.word]
            if let kind = schema.kind(named: word) {
                trees[file].setKind(ofEntity: Int(u.entity), to: UInt8(kind.index))
                if u.word != .max { known[u.word] = kind.index }
            } else {
                trees[file].setKind(ofEntity: Int(u.entity), to: EntityNode.unknownKind)
                guard report else { continue }
                diagnostics.add(Parser.unknownKind(word, at: SourceRange(file: FileID(file), start: node.kindStart, end: node.kindEnd),
                                                   kinds: words))
            }
        }
    }
}
