import CapBase
import CapSchema

/// What a node refers to: the declaration a reference resolves to, the file
/// an include loads, the binding a script name means, a code's country or
/// language. Read from the analysis's side tables where they answer, found
/// from the checked workspace otherwise.
public enum NodeTarget: Equatable, Sendable {
    /// An entity, by its declaration.
    case entity(EntityDeclaration)
    /// The file an `include` loaded.
    case file(FileID, path: String)
    /// A `let` binding, by the range of its name where it is defined.
    case binding(name: String, declaration: SourceRange)
    /// A parameter of the `let` function around it.
    case parameter(String)
    /// A field of the current item inside a pipeline stage: as the script
    /// checker typed it when the locator has an `Analysis`; without one, a
    /// word that names some field of some kind is taken as one.
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
