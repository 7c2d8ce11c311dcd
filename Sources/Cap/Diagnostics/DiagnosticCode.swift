/// A stable identifier for a kind of problem. Codes never change meaning once
/// published: CI configurations, editor plugins and `cap explain` rely on them.
///
/// E00xx lexical · E01xx syntax · E02xx names and references · E03xx values
/// and types · E04xx dates · E05xx files and includes · E06xx limits ·
/// W0xxx warnings.
public struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible {
    public let id: String
    public let summary: String

    public init(_ id: String, _ summary: String) {
        self.id = id
        self.summary = summary
    }

    public var description: String { id }
    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }
}

extension DiagnosticCode {
    // Lexical
    public static let invalidUTF8 = DiagnosticCode("E0001", "The file contains bytes that are not valid UTF-8.")
    public static let controlCharacter = DiagnosticCode("E0002", "A control character (NUL, tab inside a string, …) appears where text is expected.")
    public static let unterminatedString = DiagnosticCode("E0003", "A string is opened with \" but never closed on the same line.")
    public static let invalidEscape = DiagnosticCode("E0004", "A backslash in a string is followed by something that is not a known escape.")
    public static let unexpectedCharacter = DiagnosticCode("E0005", "A character that cannot start any part of the language.")
    public static let numberTooLarge = DiagnosticCode("E0006", "A number does not fit in a 64-bit integer.")
    public static let malformedLiteral = DiagnosticCode("E0007", "A date, time or number is written in a shape cap does not read.")
    public static let nonASCIIIdentifier = DiagnosticCode("E0008", "Identifiers use ASCII letters, digits and underscores; names in other scripts belong in strings.")
    public static let tooManyErrors = DiagnosticCode("E0009", "A file has more than 1,000 errors: the rest are counted, not shown (a note, not an error of its own).")

    // Syntax
    public static let expectedDeclaration = DiagnosticCode("E0101", "Top level holds entities (`member id \"Name\" { … }`), `include` lines and statements.")
    public static let expectedIdentifier = DiagnosticCode("E0102", "An identifier was expected, e.g. the id after an entity kind.")
    public static let expectedBlock = DiagnosticCode("E0103", "An entity's fields go between { and }.")
    public static let unclosedBlock = DiagnosticCode("E0104", "A { or [ is never closed.")
    public static let expectedValue = DiagnosticCode("E0105", "A field name must be followed by at least one value or a { block }.")
    public static let expectedField = DiagnosticCode("E0106", "Inside { … } each line starts with a field name.")
    public static let nestingTooDeep = DiagnosticCode("E0107", "Blocks, lists or expressions are nested deeper than cap allows.")
    public static let unmatchedClose = DiagnosticCode("E0108", "A closing } or ] has no matching opening one.")
    public static let expectedExpression = DiagnosticCode("E0109", "An expression was expected.")
    public static let expectedToken = DiagnosticCode("E0110", "A specific token was expected here.")

    // Names and references
    public static let unknownKind = DiagnosticCode("E0201", "The word before an entity id must be one of the entity kinds.")
    public static let unknownField = DiagnosticCode("E0202", "The field is not part of this entity kind's schema.")
    public static let duplicateIdentifier = DiagnosticCode("E0203", "Two entities share one id; ids are unique across all files and kinds.")
    public static let unknownReference = DiagnosticCode("E0204", "An identifier names no entity in the checked files.")
    public static let wrongReferenceKind = DiagnosticCode("E0205", "The referenced entity is of a kind this field does not accept.")
    public static let duplicateField = DiagnosticCode("E0206", "A field that takes one value is given twice.")
    public static let missingField = DiagnosticCode("E0207", "A required field is missing.")
    public static let unknownEnumValue = DiagnosticCode("E0208", "The value is not one of the field's allowed words.")
    public static let unknownJurisdiction = DiagnosticCode("E0209", "Not an ISO 3166 country or subdivision code or a known English name.")
    public static let unknownLanguage = DiagnosticCode("E0210", "Not an ISO 639-1 two-letter language code.")

    // Values and types
    public static let typeMismatch = DiagnosticCode("E0301", "The value is not of the type the field expects.")
    public static let tooManyValues = DiagnosticCode("E0302", "The field takes a single value but was given a list.")
    public static let invalidURL = DiagnosticCode("E0303", "A URL must start with http:// or https:// and contain no spaces.")
    public static let invalidTimeZone = DiagnosticCode("E0304", "The time zone is neither an offset, a known abbreviation nor an IANA zone name.")
    public static let valueOutOfRange = DiagnosticCode("E0305", "The number is outside the range the field allows.")
    public static let invalidEmail = DiagnosticCode("E0306", "An email address needs one @ and a domain.")

    // Dates
    public static let invalidDate = DiagnosticCode("E0401", "The date does not exist (month 13, 30 February, …).")
    public static let inconsistentDates = DiagnosticCode("E0402", "Two dates of one entity are in an impossible order.")
    public static let invalidDateRange = DiagnosticCode("E0403", "A date range ends before it starts.")
    public static let calendarYearOutOfRange = DiagnosticCode("E0404", "A date falls outside the years 1 to 9999 once written to iCalendar in UTC.")

    // Files and includes
    public static let includeNotFound = DiagnosticCode("E0501", "An included file does not exist.")
    public static let includeCycle = DiagnosticCode("E0502", "Files include each other in a cycle.")
    public static let includeOutsideRoot = DiagnosticCode("E0503", "An include points outside the folder being checked; it is refused and nothing of it is read.")
    public static let includeNotFile = DiagnosticCode("E0504", "An include names something that is not a regular file.")
    public static let unreadableFile = DiagnosticCode("E0505", "A file could not be read.")

    // Limits
    public static let fileTooLarge = DiagnosticCode("E0601", "A file is larger than cap reads.")
    public static let tooManyIncludes = DiagnosticCode("E0602", "Includes are nested too deeply, or more files are loaded than cap reads.")
    public static let outputTooLarge = DiagnosticCode("E0603", "An output is larger than cap writes.")

    // Scripts: names, types and evaluation
    public static let unknownName = DiagnosticCode("E0701", "A name in an expression is no field, binding, collection, entity id, word or code.")
    public static let unknownMember = DiagnosticCode("E0702", "The value has no field of that name.")
    public static let operandMismatch = DiagnosticCode("E0703", "An operator is applied to values it cannot combine, e.g. a date and a string.")
    public static let unknownFunction = DiagnosticCode("E0704", "No built-in, stage or `let` function has that name.")
    public static let argumentCount = DiagnosticCode("E0705", "A function or stage is given the wrong number of arguments.")
    public static let assertionFailed = DiagnosticCode("E0706", "A data rule written with `assert` does not hold.")
    public static let evaluationError = DiagnosticCode("E0707", "Evaluation failed: division by zero, an overflow, a value of the wrong kind.")
    public static let evaluationLimit = DiagnosticCode("E0708", "Evaluation went past a limit: steps, nesting, call depth, values held or bytes of text built.")
    public static let duplicateBinding = DiagnosticCode("E0709", "Two `let` statements give the same name.")
    public static let cyclicBinding = DiagnosticCode("E0710", "A `let` depends on itself.")
    public static let interrupted = DiagnosticCode("E0711", "Evaluation was stopped with Ctrl-C at the REPL.")
    public static let duplicateKey = DiagnosticCode("E0712", "A record gives one key twice, or a function names one parameter twice.")

    // Outputs
    public static let outputOutsideFolder = DiagnosticCode("E0801", "An output path is absolute or leaves the build folder.")
    public static let duplicateOutput = DiagnosticCode("E0802", "Two outputs write the same file.")
    public static let conflictingOutput = DiagnosticCode("E0803", "One output's path needs a folder where another output writes a file.")

    // Warnings
    public static let emptyFile = DiagnosticCode("W0001", "The file holds nothing but perhaps comments.")
    public static let byteOrderMark = DiagnosticCode("W0002", "The file starts with a UTF-8 byte order mark, which cap ignores.")
    public static let bidirectionalControl = DiagnosticCode("W0003", "A bidirectional control character can make a line show in another order than cap reads it (Trojan Source).")
    public static let beforeJoining = DiagnosticCode("W0401", "A member is named as organiser of an event dated before it joined.")
    public static let duplicateListValue = DiagnosticCode("W0301", "The same value appears twice in one list.")
    public static let undecidable = DiagnosticCode("W0701", "Some items were left out because partial dates could not decide a comparison.")
    public static let declaredFigure = DiagnosticCode("W0702", "A figure the coalition declared differs from what the data gives.")

    /// Every code, for `cap explain` and the documentation.
    public static let all: [DiagnosticCode] = [
        .invalidUTF8, .controlCharacter, .unterminatedString, .invalidEscape, .unexpectedCharacter,
        .numberTooLarge, .malformedLiteral, .nonASCIIIdentifier, .tooManyErrors,
        .expectedDeclaration, .expectedIdentifier, .expectedBlock, .unclosedBlock, .expectedValue,
        .expectedField, .nestingTooDeep, .unmatchedClose, .expectedExpression, .expectedToken,
        .unknownKind, .unknownField, .duplicateIdentifier, .unknownReference, .wrongReferenceKind,
        .duplicateField, .missingField, .unknownEnumValue, .unknownJurisdiction, .unknownLanguage,
        .typeMismatch, .tooManyValues, .invalidURL, .invalidTimeZone, .valueOutOfRange, .invalidEmail,
        .invalidDate, .inconsistentDates, .invalidDateRange, .calendarYearOutOfRange,
        .includeNotFound, .includeCycle, .includeOutsideRoot, .includeNotFile, .unreadableFile,
        .fileTooLarge, .tooManyIncludes, .outputTooLarge,
        .unknownName, .unknownMember, .operandMismatch, .unknownFunction, .argumentCount, .assertionFailed,
        .evaluationError, .evaluationLimit, .duplicateBinding, .cyclicBinding, .interrupted, .duplicateKey,
        .outputOutsideFolder, .duplicateOutput, .conflictingOutput,
        .emptyFile, .byteOrderMark, .bidirectionalControl, .beforeJoining, .duplicateListValue, .undecidable, .declaredFigure,
    ]

    public static func lookup(_ id: String) -> DiagnosticCode? {
        all.first { $0.id.caseInsensitiveCompare(id) }
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
