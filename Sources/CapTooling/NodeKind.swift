/// What kind of node a position is on, innermost first: a cursor on `SE`
/// in `country SE` is on a value (a country code), not on the field or the
/// entity around it (those are in `LocatedNode`'s context).
public enum NodeKind: Equatable, Sendable {
    // MARK: Data

    /// The word that starts a declaration: `member`.
    case entityKindWord
    /// The id after the kind word: `talita`.
    case entityID
    /// The string after the id (a member's name, a law's title).
    case entityName
    /// A field's name: `country`.
    case fieldName
    /// One value of a field, with what it means there.
    case value(LiteralKind)
    /// The braces or blank space of a nested `{ … }` block, on no field.
    case block
    /// Blank space or braces of a declaration, on no field.
    case entity
    /// Between the values of a field: a comma, the space around it.
    case field
    /// `include "path"`: the keyword or the path.
    case include
    /// A `//` comment (inside a declaration, the context says which).
    case comment

    // MARK: Scripts

    /// A statement's keyword, or a place in it on no expression.
    case statement(StatementKind)
    /// The name a `let` defines.
    case letName
    /// A bare word: a field of the current item, a binding, a collection,
    /// an entity id, an enumeration word, a code.
    case name
    /// The field name after a dot: `.country`.
    case member
    /// A pipeline stage's name: `where`, `count`, or a `let` function.
    case stage
    /// A called function's name: `year(…)`, or a `let` function.
    case call
    /// `it`, the current item inside a stage.
    case it
    /// A literal in an expression.
    case literal(LiteralKind)
    /// An operator, a bracket or a comma of a larger expression.
    case expression
}

/// The four kinds of statement.
public enum StatementKind: Equatable, Sendable {
    case `let`, assert, print
    /// A bare expression (the REPL, `cap eval`).
    case expression
}
