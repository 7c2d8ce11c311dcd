import CapBase
import CapSyntax
import CapSchema

/// The schema of one analysis: the prelude and what the data declares.
///
/// The parser knows only the built-in kinds; an entity whose word it did
/// not know is recorded in its tree (`SyntaxTree.unknownKinds`) with its
/// E0201 already reported. Once every file is parsed, the declarations of
/// all files are read together, those entities get their kind, and their
/// E0201 goes: a kind may be declared in any file, before or after its
/// first use.
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

    /// Gives one file's entities of declared kinds their kind, and takes
    /// back the parser's "unknown entity kind" for them. For a word still
    /// unknown, the suggestion looks among the declared kinds too.
    package func resolveKinds(in file: Int) {
        guard !trees[file].unknownKinds.isEmpty else { return }
        var resolved: Set<UInt32> = []
        var stillUnknown: Set<UInt32> = []
        for u in trees[file].unknownKinds {
            let node = trees[file].entities[Int(u.entity)]
            if let kind = schema.kind(named: interner[u.word]) {
                trees[file].setKind(ofEntity: Int(u.entity), to: UInt8(kind.index))
                resolved.insert(node.kindStart)
            } else {
                trees[file].setKind(ofEntity: Int(u.entity), to: EntityNode.unknownKind)
                stillUnknown.insert(node.kindStart)
            }
        }
        let builtInCount = Schema.builtIn.kinds.count
        guard !resolved.isEmpty || schema.kinds.count > builtInCount else { return }
        let words = schema.kinds.map(\.name.rawValue)
        let id = FileID(file)
        diagnostics.revise { d in
            guard d.code == .unknownKind, let range = d.range, range.file == id else { return true }
            if resolved.contains(range.start) { return false }
            if stillUnknown.contains(range.start) {
                let word = text(range)
                let near = EditDistance.suggestions(for: word, among: words, limit: 1).first
                d.help = near.map { "did you mean '\($0)'?" } ?? "entity kinds are " + words.orList
                d.fixIts = near.map { [FixIt(range: range, replacement: $0)] } ?? []
            }
            return true
        }
    }
}
