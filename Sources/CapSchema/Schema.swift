import CapBase
import CapSyntax

/// Every entity kind, record type and enumeration one analysis knows: the
/// prelude's (`Schema.builtIn`), then what the data declares and extends
/// (`SchemaReader`). Everything downstream reads kinds through this value.
public struct Schema: Sendable {
    public internal(set) var kinds: [EntityKind] = []
    public internal(set) var records: [RecordSchema] = []
    public internal(set) var enums: [EnumType] = []
    private var kindByWord: [String: Int] = [:]
    private var kindByCollection: [String: Int] = [:]
    private var recordByName: [String: Int] = [:]
    private var enumByName: [String: Int] = [:]

    /// Most kinds, records and enumerations one schema may hold, and most
    /// fields in one kind or record: the checker keeps a bit per kind in
    /// each reference field's mask, a bit per enumeration for each word,
    /// and a bit per field for each block.
    public static let maxKinds = 64
    public static let maxEnumerations = 64
    public static let maxRecords = 64
    public static let maxFields = 64

    /// The words that start a declaration of the schema, and what the
    /// string after the name is: `extend` takes none.
    public static let declarationWords: [(word: String, headerName: String?)] = [
        ("kind", "description"), ("record", "description"), ("enum", "description"), ("extend", nil),
    ]

    /// The types a field may have besides kinds, records and enumerations.
    public static let valueTypeWords: [String] = [
        "string", "integer", "number", "boolean", "date", "when", "jurisdiction", "language", "url", "email", "binding",
    ]

    public init() {}

    public subscript(_ kind: EntityKindName) -> EntityKind { kinds[kind.index] }

    public func record(_ ref: RecordRef) -> RecordSchema { records[ref.index] }
    public func record(named name: String) -> RecordSchema? { recordByName[name].map { records[$0] } }
    public func enumeration(named word: String) -> EnumType? { enumByName[word].map { enums[$0] } }

    /// A kind by the word that starts its declarations.
    public func kind(named word: String) -> EntityKindName? { kindByWord[word].map { kinds[$0].name } }
    /// A kind by the name of its collection in scripts (`people`, `treaties`).
    public func kind(collection name: String) -> EntityKindName? { kindByCollection[name].map { kinds[$0].name } }

    /// The kind an entity node names: nil for a word no kind has (already
    /// reported) and for a declaration of the schema itself.
    @inline(__always)
    public func kind(of node: EntityNode) -> EntityKindName? {
        Int(node.kindIndex) < kinds.count ? kinds[Int(node.kindIndex)].name : nil
    }

    /// Every collection name, with its kind.
    public var collectionNames: [String: EntityKindName] { kindByCollection.mapValues { kinds[$0].name } }

    /// The names of kinds, records, enumerations and value types: one
    /// namespace, as a field's `type` names any of them.
    public var typeNames: [String] {
        Self.valueTypeWords + kinds.map(\.name.rawValue) + records.map(\.name) + enums.map(\.word)
    }

    mutating func add(_ kind: EntityKind) {
        kindByWord[kind.name.rawValue] = kinds.count
        for c in kind.collections where kindByCollection[c] == nil { kindByCollection[c] = kinds.count }
        kinds.append(kind)
    }

    mutating func add(_ record: RecordSchema) {
        recordByName[record.name] = records.count
        records.append(record)
    }

    mutating func add(_ e: EnumType) {
        enumByName[e.word] = enums.count
        enums.append(e)
    }

    /// The parser's words: the kinds (a node's `kindIndex` is the kind's
    /// index) and the declaration words.
    public var vocabulary: Vocabulary {
        Vocabulary(kinds: kinds.map { ($0.name.rawValue, $0.headerName) }, declarations: Schema.declarationWords)
    }

    /// The prelude, read once: the kinds, records and enumerations cap
    /// knows without being told.
    public static let builtIn: Schema = SchemaReader.prelude()
}
