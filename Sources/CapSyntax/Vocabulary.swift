/// The words that start an entity declaration (`member`, `law`, …) and what
/// each kind calls the string after its id ("name", "title").
///
/// The syntax layer knows no kinds of its own: which kinds exist is the
/// schema's business, so the parser is handed this list by the layer above
/// (see `Vocabulary.builtIn` in the schema). A node records its kind as an
/// index into `kinds`.
public struct Vocabulary: Sendable {
    public let kinds: [String]
    public let headerNames: [String]
    /// Words that start a declaration of the schema itself (`kind`,
    /// `record`, `enum`, `extend`): parsed like entities, recorded with the
    /// indices just below `EntityNode.unknownKind`, counting down, so that
    /// declared kinds can take the indices after `kinds`.
    public let declarations: [String]
    /// Declaration words whose header string may be left out (`extend law { … }`).
    public let optionalHeader: Set<String>

    public init(kinds: [(word: String, headerName: String)], declarations: [(word: String, headerName: String?)] = []) {
        precondition(kinds.count + declarations.count < Int(EntityNode.unknownKind), "a kind index must fit below the 'unknown' marker")
        self.kinds = kinds.map(\.word)
        self.headerNames = kinds.map(\.headerName)
        self.declarations = declarations.map(\.word)
        self.declarationHeaders = declarations.map { $0.headerName ?? "description" }
        self.optionalHeader = Set(declarations.filter { $0.headerName == nil }.map(\.word))
    }

    private let declarationHeaders: [String]

    /// The node index of the declaration word at `position` in `declarations`.
    public static func declarationIndex(_ position: Int) -> UInt8 { EntityNode.unknownKind - 1 - UInt8(position) }

    /// The position in `declarations` of a node's kind index, if it is one.
    public func declaration(_ index: UInt8) -> Int? {
        let position = Int(EntityNode.unknownKind) - 1 - Int(index)
        return index != EntityNode.unknownKind && position >= 0 && position < declarations.count ? position : nil
    }

    /// What the string after the id is called; an unknown kind's is "name".
    func headerName(of kind: UInt8?) -> String {
        guard let kind else { return "name" }
        if let d = declaration(kind) { return declarationHeaders[d] }
        return Int(kind) < headerNames.count ? headerNames[Int(kind)] : "name"
    }

    /// Whether the header string may be left out after this kind word's id.
    func headerIsOptional(_ kind: UInt8?) -> Bool {
        guard let kind, let d = declaration(kind) else { return false }
        return optionalHeader.contains(declarations[d])
    }
}

/// A vocabulary's words as one interner's symbols, so that telling a kind
/// word from another identifier is an integer comparison per line.
struct KindWords {
    let vocabulary: Vocabulary
    private let symbols: [Symbol]
    /// The symbols are usually consecutive (interned in order into a fresh
    /// interner): then a lookup is one subtraction.
    private let first: Symbol
    private let consecutive: Bool
    private let kindCount: Int

    init(_ vocabulary: Vocabulary, _ interner: Interner) {
        self.vocabulary = vocabulary
        let symbols = (vocabulary.kinds + vocabulary.declarations).map { interner.intern($0) }
        kindCount = vocabulary.kinds.count
        let first = symbols.first ?? 0
        self.symbols = symbols
        self.first = first
        consecutive = symbols.enumerated().allSatisfy { $0.element == first &+ Symbol($0.offset) }
    }

    func index(of symbol: Symbol) -> UInt8? {
        let position: Int
        if consecutive {
            let offset = symbol &- first
            guard offset < Symbol(symbols.count) else { return nil }
            position = Int(offset)
        } else {
            guard let found = symbols.firstIndex(of: symbol) else { return nil }
            position = found
        }
        return position < kindCount ? UInt8(position) : Vocabulary.declarationIndex(position - kindCount)
    }
}
