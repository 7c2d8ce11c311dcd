import CapBase
import CapSchema

/// What a node refers to: the declaration a reference resolves to, the file
/// an include loads, the binding a script name means, a code's country or
/// language. Found on demand from the checked workspace; nothing is stored
/// for it while checking.
public enum NodeTarget: Equatable, Sendable {
    /// An entity, by its declaration.
    case entity(EntityDeclaration)
    /// The file an `include` loaded.
    case file(FileID, path: String)
    /// A `let` binding, by the range of its name where it is defined.
    case binding(name: String, declaration: SourceRange)
    /// A parameter of the `let` function around it.
    case parameter(String)
    /// A field of the current item inside a pipeline stage. The item's
    /// type is not inferred here (that waits for the analysis's side
    /// tables), so a word that names some field is taken as one.
    case itemField(String)
    /// `members`, `events`, …: every entity of a kind.
    case collection(EntityKindName)
    /// `entities`: every entity.
    case allEntities
    /// `today`.
    case today
    /// A word of an enumeration, with the schema's documentation of it.
    case enumerationCase(enumeration: String, word: String, doc: String)
    case jurisdiction(Jurisdiction)
    case language(Language)
}
