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

    public init(kinds: [(word: String, headerName: String)]) {
        precondition(kinds.count < Int(EntityNode.unknownKind), "a kind index must fit below the 'unknown' marker")
        self.kinds = kinds.map(\.word)
        self.headerNames = kinds.map(\.headerName)
    }

    /// What the string after the id is called; an unknown kind's is "name".
    func headerName(of kind: UInt8?) -> String {
        kind.map { headerNames[Int($0)] } ?? "name"
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

    init(_ vocabulary: Vocabulary, _ interner: Interner) {
        self.vocabulary = vocabulary
        let symbols = vocabulary.kinds.map { interner.intern($0) }
        let first = symbols.first ?? 0
        self.symbols = symbols
        self.first = first
        consecutive = symbols.enumerated().allSatisfy { $0.element == first &+ Symbol($0.offset) }
    }

    func index(of symbol: Symbol) -> UInt8? {
        if consecutive {
            let offset = symbol &- first
            return offset < Symbol(symbols.count) ? UInt8(offset) : nil
        }
        return symbols.firstIndex(of: symbol).map { UInt8($0) }
    }
}
