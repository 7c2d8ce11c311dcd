import CapBase
import CapSchema

/// Where an entity is declared: what go-to-definition jumps to and hover
/// describes.
public struct EntityDeclaration: Equatable, Sendable {
    public var kind: EntityKindName
    public var id: String
    /// The header string (a member's name, a law's title), decoded; nil
    /// when the header has none.
    public var name: String?
    public var file: FileID
    /// The file as the user sees it.
    public var path: String
    /// The id in the header: the place to jump to.
    public var idRange: SourceRange
    /// The whole declaration, kind word to closing brace.
    public var range: SourceRange
}
