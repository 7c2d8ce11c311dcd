/// What output needs to know about an entity to show it: renderers take
/// this rather than the whole model, so they can be tested on their own.
public protocol EntityDescribing {
    func entityID(_ index: Int) -> String
    func entityKind(_ index: Int) -> String
    /// The quoted header: a member's name, an event's title.
    func entityName(_ index: Int) -> String
}
