import CapBase
import CapSchema

/// What each bare name in the scripts resolved to, kept by the script
/// checker as it types them, so that editors ask a table instead of
/// resolving names again (go to a `let`, find its uses, rename it).
///
/// Keyed by the name's byte range: a name is resolved once per walk, and
/// the walk that typed it is the one that knows its scope (an item's field
/// inside `where`, a function's parameter, a `let`, a collection…).
public struct ScriptNames: Sendable {
    public enum Target: Sendable, Equatable {
        /// A field of the item a stage is looking at (`where country == SE`),
        /// or after a dot (`x.country`), with the kinds of entity that item
        /// may be and that have the field (none for a record or a place):
        /// an editor's "go to definition" lands on their declarations.
        case field(String, kinds: [EntityKindName])
        /// A parameter of the `let` function around it.
        case parameter(String)
        /// A `let`, by where its name is written.
        case binding(String, SourceRange)
        /// A collection of one kind (`laws`), or of every entity.
        case collection(EntityKindName)
        case allEntities
        /// An entity named by its id, by index in the entity table.
        case entity(Int)
        /// `today`, an enumeration word, a country or language code, a
        /// built-in function.
        case today, word, jurisdiction, language, builtin
    }

    private var table: [SourceRange: Target] = [:]

    public init() {}

    public var count: Int { table.count }

    mutating func record(_ range: SourceRange, _ target: Target) {
        // The first walk's answer stands: a binding's body is typed again
        // only when nothing recorded it (each binding is inferred once).
        if table[range] == nil { table[range] = target }
    }

    /// What the name written at `range` resolved to.
    public func target(of range: SourceRange) -> Target? { table[range] }

    /// The name whose range holds `offset` in `file`, and its target.
    public func target(in file: FileID, at offset: UInt32) -> (range: SourceRange, target: Target)? {
        table.first { $0.key.file == file && $0.key.start <= offset && offset <= $0.key.end }.map { ($0.key, $0.value) }
    }

    /// Every use of the `let` whose name is written at `declaration`, in
    /// file and offset order.
    public func uses(ofBindingAt declaration: SourceRange) -> [SourceRange] {
        table.compactMap { entry -> SourceRange? in
            if case .binding(_, let at) = entry.value, at == declaration { return entry.key }
            return nil
        }.sorted { ($0.file, $0.start) < ($1.file, $1.start) }
    }
}
