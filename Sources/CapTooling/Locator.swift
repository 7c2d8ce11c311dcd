import CapBase
import CapSyntax
import CapSchema
import CapAnalysis
import CapEval
import CapPublish

/// Finds the node at a byte offset in a checked workspace, with the
/// entity, field or statement around it and what it refers to.
///
/// It reads what the parser and the checker left: the flat syntax trees
/// (exact byte ranges for every node), the entity table and the include
/// edges. A reference is resolved by looking its symbol up in the entity
/// table when asked, so `cap check` does no extra work for editors. A file
/// with a syntax error is answered from the tree the parser recovered.
public struct Locator {
    public let workspace: Workspace
    /// The first `let` of each name, where it is defined: the one every
    /// use means (`Program` declares bindings the same way).
    let bindings: [String: SourceRange]
    /// What the script checker resolved each name to, when known.
    package let scriptNames: ScriptNames?

    /// A locator over what `analysis` resolved: references and script
    /// names are answered from its side tables.
    public init(analysis: Analysis) {
        self.init(workspace: analysis.workspace, scriptNames: analysis.scriptNames)
    }

    public init(workspace: Workspace, scriptNames: ScriptNames? = nil) {
        self.workspace = workspace
        self.scriptNames = scriptNames
        var bindings: [String: SourceRange] = [:]
        for tree in workspace.trees {
            for statement in tree.statements {
                guard case .binding(let name, let nameRange, _, _) = statement.kind, bindings[name] == nil else { continue }
                bindings[name] = nameRange
            }
        }
        self.bindings = bindings
    }

    /// The innermost node at `offset` in `file`, or nil on blank space
    /// between declarations.
    ///
    /// An offset is on a node when the node's first byte is at or before it
    /// and its last byte at or after it. An editor's cursor sits between
    /// characters, and one just after a word (`talita‸`) means that word: so
    /// when the offset is on no word but the byte before it is, the answer
    /// is that word, as rust-analyzer and gopls do.
    public func node(in file: FileID, at offset: UInt32) -> LocatedNode? {
        guard Int(file) < workspace.trees.count else { return nil }
        let tree = workspace.tree(file)
        if let comment = comment(in: tree, at: offset) {
            var node = locate(tree, offset) ?? LocatedNode(kind: .comment, range: comment, text: "")
            node.kind = .comment
            node.range = comment
            node.text = workspace.text(comment)
            // Inside a comment nothing refers to anything.
            node.target = nil
            return node
        }
        let here = locate(tree, offset)
        if Self.isBlank(here?.kind), offset > 0, let before = locate(tree, offset - 1), !Self.isBlank(before.kind),
           before.range.end == offset {
            return before
        }
        return here
    }

    /// The node at an editor's position: a zero-based line and a UTF-16
    /// column, as the Language Server Protocol sends them (clamped into
    /// the file, see `SourceManager.offset`).
    public func node(in file: FileID, line: Int, utf16Column: Int) -> LocatedNode? {
        guard Int(file) < workspace.trees.count else { return nil }
        return node(in: file, at: workspace.sources.offset(file, line: line, utf16Column: utf16Column))
    }

    /// Kinds that are not a word of their own: the fallback to the word just
    /// before the cursor applies to them.
    static func isBlank(_ kind: NodeKind?) -> Bool {
        switch kind {
        case nil, .entity?, .block?, .field?, .statement?, .expression?: true
        default: false
        }
    }

    func locate(_ tree: SyntaxTree, _ offset: UInt32) -> LocatedNode? {
        if let index = Self.lastIndex(in: tree.entities, atOrBefore: offset, start: \.kindStart),
           offset < tree.entities[index].end {
            return locateInEntity(tree, index, offset)
        }
        if let index = Self.lastIndex(in: tree.statements, atOrBefore: offset, start: \.range.start),
           offset < tree.statements[index].range.end {
            return locateInStatement(tree, index, offset)
        }
        for (index, include) in tree.includes.enumerated() where include.keywordStart <= offset && offset < include.pathEnd {
            let range = tree.range(include.keywordStart, include.pathEnd)
            let target = workspace.includeEdges.first { $0.from == tree.file && $0.include == index }
                .map { NodeTarget.file($0.to, path: workspace.sources[$0.to].path) }
            return LocatedNode(kind: .include, range: range, text: workspace.text(range), target: target)
        }
        return nil
    }

    /// The `//` comment holding `offset`, if any (comments are in order).
    func comment(in tree: SyntaxTree, at offset: UInt32) -> SourceRange? {
        guard let index = Self.lastIndex(in: tree.comments, atOrBefore: offset, start: \.lowerBound),
              offset < tree.comments[index].upperBound else { return nil }
        return tree.range(tree.comments[index].lowerBound, tree.comments[index].upperBound)
    }

    /// The last element starting at or before `offset`, by binary search
    /// over elements in source order (a file may hold 100,000 entities).
    static func lastIndex<T>(in items: [T], atOrBefore offset: UInt32, start: (T) -> UInt32) -> Int? {
        var lo = 0, hi = items.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if start(items[mid]) <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }
}
