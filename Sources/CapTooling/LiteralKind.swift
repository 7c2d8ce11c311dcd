/// What a literal is. In data, a value's meaning comes from its field's
/// type: the same word `SE` is a country code in `country`, a reference in
/// `organisers` and a plain word in a field the schema does not know.
public enum LiteralKind: Equatable, Sendable {
    case string, integer, boolean, date, dateTime, dateRange
    /// `none`, in expressions.
    case none
    case url, email
    /// An id naming an entity (a reference-typed field).
    case reference
    /// An ISO 3166 code: `SE`, `GB-NIR`.
    case countryCode
    /// A country written by name, in quotes: `"Sweden"`.
    case countryName
    /// An ISO 639-1 code: `sv`.
    case languageCode
    /// A language written by name, in quotes: `"Swedish"`.
    case languageName
    /// A word of an enumeration: `nordic` in a law's `model`.
    case enumerationWord
    /// The name of a `let` binding (a report's query).
    case bindingName
    /// A bare word where no type is known (an unknown field).
    case word
    /// Missing or unreadable (already reported by the parser).
    case error
}
