import CapBase
import CapSyntax
import CapSchema

/// The checker's second pass kept file by file from one analysis to the
/// next (an editor's, through its `ParseCache`): a file whose bytes did not
/// change is not checked again while nothing it read from other files
/// changed either. What the pass makes of one file — the diagnostics it
/// reported, the references it resolved, the suggestions it spent — depends
/// on the file itself and on:
///
/// - the schema, read from every file's `kind`/`record`/`enum`/`extend`:
///   an edit to a file that declares any (before or after) checks all again;
/// - the entity table, the ids and kinds of all files in order (what a
///   reference resolves to, its index, the ids a misspelling is compared
///   with): kept while each changed file declares the same ids, of the same
///   kinds, in the same order;
/// - the members' joining dates (`joinedFirstDay`), compared with every
///   organised event's date: kept while they are equal;
/// - the places in other files its messages point at (where a referenced
///   entity or a joining date is written): a file whose messages point into
///   a changed file is checked again;
/// - the budget of did-you-mean searches left (`suggestionBudget`), for a
///   file that met an unknown id: kept while it starts with the same budget.
///
/// Replayed results are added in the same order as a check would add them,
/// so the analysis is the same, diagnostic for diagnostic and row for row
/// (ReanalysisTests compares it with one made from nothing over a sequence
/// of edits).
final class CheckCache {
    struct FileResult {
        /// What the pass reported for the file, in order, before the bag's limits.
        let diagnostics: [Diagnostic]
        /// A copy: a slice would keep the whole table of the analysis that
        /// made it alive.
        let references: [ReferenceTable.Row]
        /// The laws it read for `Checker.checkLawsInForce` (their related
        /// laws by symbol: valid within one generation of the interner).
        let laws: [Checker.LawFacts]
        let budgetAtStart: Int
        let budgetUsed: Int
        /// Whether the file met an unknown id (and so read the budget).
        let readBudget: Bool
        /// Other files its diagnostics point into.
        let mentions: [FileID]
    }

    /// The previous analysis, by `FileID`.
    private var paths: [String] = []
    private var results: [FileResult?] = []
    /// Each file's declared entities, as the table is built from them.
    private var declared: [[DeclaredEntity]] = []
    private var declaresSchema: [Bool] = []
    private var joinedFirstDay: [Int32] = []
    private var generation = -1

    /// Checks made and reused (for tests).
    private(set) var filesChecked = 0
    private(set) var filesReused = 0

    struct DeclaredEntity: Equatable {
        let id: String
        let kind: Int
    }

    /// Which files' kept results may stand this time, given the new
    /// analysis's files (those not parsed again are `unchanged`) and what
    /// pass 1 built; all nil when none may.
    /// `generation`: of the interner the workspace continues
    /// (`ParseCache`); results kept from another hold other symbols.
    func usable(workspace: Workspace, schema: Schema, unchanged: [Bool], joinedFirstDay: [Int32], generation: Int) -> [FileResult?] {
        let trees = workspace.trees
        let newPaths = workspace.sources.files.map(\.canonicalPath)
        var newDeclared: [[DeclaredEntity]] = declared
        var newDeclaresSchema = declaresSchema
        var keep = newPaths == paths && results.count == trees.count && joinedFirstDay == self.joinedFirstDay
            && generation == self.generation
        self.generation = generation
        var changed: Set<FileID> = []
        if newDeclared.count != trees.count {
            newDeclared = Array(repeating: [], count: trees.count)
            newDeclaresSchema = Array(repeating: false, count: trees.count)
        }
        for (i, tree) in trees.enumerated() where !keep || !(i < unchanged.count && unchanged[i]) {
            let entities = Self.declaredEntities(tree, schema: schema, interner: workspace.interner)
            let declares = tree.entities.contains { Vocabulary.builtIn.declaration($0.kindIndex) != nil }
            if keep && (entities != newDeclared[i] || declares || newDeclaresSchema[i]) { keep = false }
            newDeclared[i] = entities
            newDeclaresSchema[i] = declares
            changed.insert(FileID(i))
        }
        if !keep {
            // Everything is checked; the table of every file is read once
            // more for the next time.
            for (i, tree) in trees.enumerated() where !changed.contains(FileID(i)) {
                newDeclared[i] = Self.declaredEntities(tree, schema: schema, interner: workspace.interner)
                newDeclaresSchema[i] = tree.entities.contains { Vocabulary.builtIn.declaration($0.kindIndex) != nil }
            }
        }
        let previous = results
        paths = newPaths
        declared = newDeclared
        declaresSchema = newDeclaresSchema
        self.joinedFirstDay = joinedFirstDay
        results = Array(repeating: nil, count: trees.count)
        guard keep else { return results }
        return previous.enumerated().map { i, result in
            guard let result, !changed.contains(FileID(i)), !result.mentions.contains(where: changed.contains) else { return nil }
            return result
        }
    }

    func keep(_ result: FileResult, for file: Int, reused: Bool) {
        results[file] = result
        if reused { filesReused += 1 } else { filesChecked += 1 }
    }

    static func declaredEntities(_ tree: SyntaxTree, schema: Schema, interner: Interner) -> [DeclaredEntity] {
        tree.entities.compactMap { entity in
            guard let kind = schema.kind(of: entity), entity.id != .max else { return nil }
            return DeclaredEntity(id: interner[entity.id], kind: kind.index)
        }
    }
}
