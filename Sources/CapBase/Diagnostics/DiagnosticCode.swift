/// A stable identifier for a kind of problem. Codes never change meaning once
/// published: CI configurations, editor plugins and `cap explain` rely on them.
///
/// E00xx lexical · E01xx syntax · E02xx names and references · E03xx values
/// and types · E04xx dates · E05xx files and includes · E06xx limits ·
/// E07xx scripts · E08xx outputs · E09xx cap fmt · E10xx the schema the
/// data declares · W0xxx warnings.
///
/// Each code carries what `cap explain` says of it, and what the
/// diagnostics reference in docs/diagnostics.md is generated from
/// (`cap explain --all --markdown`): what it means (`summary`), a short
/// .cap file that triggers it (`example`) and how to fix it (`fix`).
/// Tests/CapTests/ExplainTests.swift checks every example against the
/// checker. In an example, `⟨F6⟩` stands for the single byte 0xF6, for the
/// codes about bytes that cannot be shown as text.
public struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible {
    public let id: String
    public let summary: String
    /// A short .cap file (named example.cap) that gives this code when
    /// checked, or run for the script codes.
    public let example: String
    /// How to make the diagnostic go away, in a sentence or two.
    public let fix: String

    public init(_ id: String, _ summary: String, example: String, fix: String) {
        self.id = id
        self.summary = summary
        self.example = example
        self.fix = fix
    }

    public var description: String { id }
    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }
}

extension DiagnosticCode {
    // Lexical
    public static let invalidUTF8 = DiagnosticCode(
        "E0001", "The file contains bytes that are not valid UTF-8.",
        example: "member talita \"Talita\" {\n  country SE\n  city \"G⟨F6⟩teborg\"\n}",
        fix: "Save the file as UTF-8 (in most editors: Save with Encoding › UTF-8). A lone byte like F6 is usually a letter saved as Latin-1 (here ö).")
    public static let controlCharacter = DiagnosticCode(
        "E0002", "A control character (NUL, BEL, escape, …) appears in the file; tabs and line ends are the only ones allowed.",
        example: "member talita \"Talita\" {\n  country SE\n  city \"Stock⟨07⟩holm\"\n}",
        fix: "Delete the invisible character (an editor may show it as ^G); write a line break in text as \\n.")
    public static let unterminatedString = DiagnosticCode(
        "E0003", "A string is opened with \" but never closed on the same line.",
        example: "member talita \"Talita {\n  country SE\n}",
        fix: "Close the string with \" on the same line; a string cannot span lines (write \\n for a line break).")
    public static let invalidEscape = DiagnosticCode(
        "E0004", "A backslash in a string is followed by something that is not a known escape.",
        example: "member talita \"Talita\" {\n  country SE\n  description \"Exit\\q programmes\"\n}",
        fix: "Use a known escape (\\\" \\\\ \\n \\t \\r \\{ \\} \\u{…}), or write \\\\ for a backslash.")
    public static let unexpectedCharacter = DiagnosticCode(
        "E0005", "A character that cannot start any part of the language.",
        example: "# Members\nmember talita \"Talita\" {\n  country SE\n}",
        fix: "Remove the character; comments start with //, and text goes between double quotes.")
    public static let numberTooLarge = DiagnosticCode(
        "E0006", "A number does not fit in a 64-bit integer.",
        example: "coalition cap \"CAP International\" {\n  figure { name \"members\"; value 99999999999999999999 }\n}",
        fix: "Numbers go up to 9,223,372,036,854,775,807; write a larger amount as text in quotes.")
    public static let malformedLiteral = DiagnosticCode(
        "E0007", "A date, time or number is written in a shape cap does not read.",
        example: "event vigil \"Vigil\" {\n  date 2021-06-22 25:00 CEST\n}",
        fix: "Write dates as 2017, 2017-03 or 2017-03-14 and times as 18:00 or 18:00:30 (hours 0–23, minutes and seconds 0–59).")
    public static let nonASCIIIdentifier = DiagnosticCode(
        "E0008", "Identifiers use ASCII letters, digits and underscores; names in other scripts belong in strings.",
        example: "tag über \"Über\" { }",
        fix: "Write the id in ASCII letters, digits and _ (uber) and keep the name with its accents in the string.")
    public static let tooManyErrors = DiagnosticCode(
        "E0009", "A file has more than 1,000 errors: the rest are counted, not shown (a note, not an error of its own).",
        example: "⟨01⟩\n⟨01⟩\n⟨01⟩   (and so on: a file of 1,001 such lines)",
        fix: "Fix the first errors: the file is probably not a .cap file, or was damaged; check its encoding.")

    // Syntax
    public static let expectedDeclaration = DiagnosticCode(
        "E0101", "Top level holds entities (`member id \"Name\" { … }`), `include` lines and statements.",
        example: "country SE\nmember talita \"Talita\" { }",
        fix: "Put fields inside an entity's { … }; the top level holds entities, include lines, let, print and assert.")
    public static let expectedIdentifier = DiagnosticCode(
        "E0102", "An identifier was expected, e.g. the id after an entity kind.",
        example: "member \"Talita\" {\n  country SE\n}",
        fix: "Give the entity an id after its kind: member talita \"Talita\" { … }.")
    public static let expectedBlock = DiagnosticCode(
        "E0103", "An entity's fields go between { and }.",
        example: "member talita \"Talita\"\n  country SE",
        fix: "Open the fields with { after the name, and close them with }.")
    public static let unclosedBlock = DiagnosticCode(
        "E0104", "A { or [ is never closed.",
        example: "member talita \"Talita\" {\n  country SE\n",
        fix: "Add the missing } or ]; the note points at the one that was opened.")
    public static let expectedValue = DiagnosticCode(
        "E0105", "A field name must be followed by at least one value or a { block }.",
        example: "member talita \"Talita\" {\n  country\n}",
        fix: "Give the field its value on the same line (country SE), or remove the field.")
    public static let expectedField = DiagnosticCode(
        "E0106", "Inside { … } each line starts with a field name.",
        example: "member talita \"Talita\" {\n  \"Stockholm\"\n}",
        fix: "Start the line with the field's name: city \"Stockholm\" (cap schema member lists them).")
    public static let nestingTooDeep = DiagnosticCode(
        "E0107", "Blocks, lists or expressions are nested deeper than cap allows.",
        example: "tag deep \"Deep\" {\n  description { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x { x 1 } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } \n}",
        fix: "Flatten the data: blocks nest at most 32 deep, and lists and expressions have limits of their own.")
    public static let unmatchedClose = DiagnosticCode(
        "E0108", "A closing } or ] has no matching opening one.",
        example: "member talita \"Talita\" {\n  country SE\n}\n}",
        fix: "Remove the extra } or ], or add the opening one that is missing above it.")
    public static let expectedExpression = DiagnosticCode(
        "E0109", "An expression was expected.",
        example: "print members |",
        fix: "Complete the expression: a pipeline stage after |, an operand after an operator.")
    public static let expectedToken = DiagnosticCode(
        "E0110", "A specific token was expected here.",
        example: "member talita {\n  country SE\n}",
        fix: "Add what is expected where the caret points, here the name in quotes: member talita \"Talita\" { … }.")

    // Names and references
    public static let unknownKind = DiagnosticCode(
        "E0201", "The word before an entity id must be one of the entity kinds.",
        example: "memebr talita \"Talita\" {\n  country SE\n}",
        fix: "Use one of the entity kinds (cap schema lists them); the help suggests the nearest.")
    public static let unknownField = DiagnosticCode(
        "E0202", "The field is not part of this entity kind's schema.",
        example: "member talita \"Talita\" {\n  country SE\n  town \"Stockholm\"\n}",
        fix: "Use a field of the kind's schema (cap schema member); the help suggests the nearest.")
    public static let duplicateIdentifier = DiagnosticCode(
        "E0203", "Two entities share one id; ids are unique across all files and kinds.",
        example: "tag exit \"Exit\" { }\ntag exit \"Exit programmes\" { }",
        fix: "Give one of the two entities another id; ids are unique across all files and kinds.")
    public static let unknownReference = DiagnosticCode(
        "E0204", "An identifier names no entity in the checked files.",
        example: "member talita \"Talita\" {\n  country SE\n}\nevent vigil \"Vigil\" {\n  date 2017-03\n  organisers talitha\n}",
        fix: "Correct the id (the help suggests the nearest) or declare the entity it names.")
    public static let wrongReferenceKind = DiagnosticCode(
        "E0205", "The referenced entity is of a kind this field does not accept.",
        example: "tag exit \"Exit programmes\" { }\nevent vigil \"Vigil\" {\n  date 2017-03\n  organisers exit\n}",
        fix: "Name an entity of a kind the field takes; the message lists them.")
    public static let duplicateField = DiagnosticCode(
        "E0206", "A field that takes one value is given twice.",
        example: "member talita \"Talita\" {\n  country SE\n  country NO\n}",
        fix: "Keep one of the two lines; a field that takes one value appears once.")
    public static let missingField = DiagnosticCode(
        "E0207", "A required field is missing.",
        example: "member talita \"Talita\" {\n  city \"Stockholm\"\n}",
        fix: "Add the required field (cap schema KIND marks them).")
    public static let unknownEnumValue = DiagnosticCode(
        "E0208", "The value is not one of the field's allowed words.",
        example: "law se_1999 \"Sex Purchase Act\" {\n  jurisdiction SE\n  model nordic\n}",
        fix: "Use one of the field's words; the help lists them or suggests the nearest (the Nordic model is abolitionist).")
    public static let unknownJurisdiction = DiagnosticCode(
        "E0209", "Not an ISO 3166 country or subdivision code or a known English name.",
        example: "member talita \"Talita\" {\n  country SWD\n}",
        fix: "Use an ISO 3166 code (SE, or a subdivision such as US-NV) or the English name; the help suggests the nearest.")
    public static let unknownLanguage = DiagnosticCode(
        "E0210", "Not an ISO 639-1 two-letter language code.",
        example: "publication handbook \"Handbook\" {\n  languages english\n}",
        fix: "Use an ISO 639-1 code in lower case: en, fr, es.")
    public static let referenceCycle = DiagnosticCode(
        "E0211", "Entities name each other round a cycle through a field that takes one of their own kind (part_of, supersedes).",
        example: "partner odihr \"ODIHR\" {\n  part_of istac\n}\npartner istac \"ISTAC\" {\n  part_of odihr\n}",
        fix: "One of the references is wrong: ISTAC is part of ODIHR, not the other way round; remove or correct it.")

    // Values and types
    public static let typeMismatch = DiagnosticCode(
        "E0301", "The value is not of the type the field expects.",
        example: "coalition cap \"CAP International\" {\n  email contact\n}",
        fix: "Give the field a value of the type it expects (cap schema KIND shows it): here a string in quotes.")
    public static let tooManyValues = DiagnosticCode(
        "E0302", "The field takes a single value but was given a list.",
        example: "member talita \"Talita\" {\n  country SE, NO\n}",
        fix: "Keep one value, or use a field that takes a list.")
    public static let invalidURL = DiagnosticCode(
        "E0303", "A URL must start with http:// or https:// and contain no spaces.",
        example: "member talita \"Talita\" {\n  country SE\n  website \"talita.se\"\n}",
        fix: "Write the full address: \"https://talita.se\".")
    public static let invalidTimeZone = DiagnosticCode(
        "E0304", "The time zone is neither an offset, a known abbreviation nor an IANA zone name.",
        example: "event vigil \"Vigil\" {\n  date 2021-06-22 12:00 Mars/Olympus\n}",
        fix: "Use an offset (+02:00), a known abbreviation (CEST, UTC) or an IANA zone name (Europe/Paris).")
    public static let valueOutOfRange = DiagnosticCode(
        "E0305", "The number is outside the range the field allows.",
        example: "publication leaflet \"Leaflet\" {\n  pages 0\n}",
        fix: "Give a number within the field's range; the message says it.")
    public static let invalidEmail = DiagnosticCode(
        "E0306", "An email address needs one @ and a domain.",
        example: "coalition cap \"CAP International\" {\n  email \"contact.cap-international.org\"\n}",
        fix: "Write an address with one @ and a domain: \"contact@cap-international.org\".")

    // Dates
    public static let invalidDate = DiagnosticCode(
        "E0401", "The date does not exist (month 13, 30 February, …).",
        example: "event vigil \"Vigil\" {\n  date 2019-02-30\n}",
        fix: "Correct the date; if the day is not known, write only the month (2019-02).")
    public static let inconsistentDates = DiagnosticCode(
        "E0402", "Two dates of one entity are in an impossible order.",
        example: "law se_1999 \"Sex Purchase Act\" {\n  jurisdiction SE\n  model abolitionist\n  passed 1998-05-28\n  in_force 1998-05-01\n}",
        fix: "Correct one of the two dates; the message says which order they must have.")
    public static let invalidDateRange = DiagnosticCode(
        "E0403", "A date range ends before it starts.",
        example: "event summit \"Summit\" {\n  date 2019-07-06..2019-07-04\n}",
        fix: "Write the range from its start to its end: 2019-07-04..2019-07-06.")
    public static let calendarYearOutOfRange = DiagnosticCode(
        "E0404", "A date falls outside the years 1 to 9999 once written to iCalendar in UTC.",
        example: "event first \"First\" {\n  date 0001-01-01 00:30 +01:00\n}\ntimeline calendar \"Calendar\" {\n  format ics\n  output \"events.ics\"\n}",
        fix: "Check the date: a year near 1 or 9999 with a time zone that moves it into year 0 or 10000 in UTC cannot be written to a calendar.")

    // Files and includes
    public static let includeNotFound = DiagnosticCode(
        "E0501", "An included file does not exist.",
        example: "include \"members.cap\"",
        fix: "Correct the path (relative to the including file's folder), or create the file.")
    public static let includeCycle = DiagnosticCode(
        "E0502", "Files include each other in a cycle.",
        example: "include \"example.cap\"",
        fix: "Remove one include of the cycle; each file needs including only once.")
    public static let includeOutsideRoot = DiagnosticCode(
        "E0503", "An include points outside the folder being checked; it is refused and nothing of it is read.",
        example: "include \"../shared/members.cap\"",
        fix: "Move the file inside the folder being checked, or check the parent folder instead.")
    public static let includeNotFile = DiagnosticCode(
        "E0504", "An include names something that is not a regular file.",
        example: "include \"notes.txt\"",
        fix: "Include only .cap files; keep notes in comments or outside the data.")
    public static let unreadableFile = DiagnosticCode(
        "E0505", "A file could not be read.",
        example: "include \"members.cap\"   // exists, but cap may not read it",
        fix: "Make the file readable (chmod u+r members.cap), or remove the include.")

    // Limits
    public static let fileTooLarge = DiagnosticCode(
        "E0601", "A file is larger than cap reads.",
        example: "include \"scans.cap\"   // a file over 256 MiB",
        fix: "Split the file into several, each under the limit, and include them.")
    public static let tooManyIncludes = DiagnosticCode(
        "E0602", "Includes are nested too deeply, or more files are loaded than cap reads.",
        example: "include \"a.cap\"   // a.cap includes b.cap, which includes … more than 64 deep",
        fix: "Include the files from one file instead of each from the one before; at most 64 deep and 10,000 files.")
    public static let outputTooLarge = DiagnosticCode(
        "E0603", "An output is larger than cap writes.",
        example: "event vigil \"Vigil\" {\n  date 2017-03\n}\ntimeline all \"Everything\" {\n  format json\n  output \"timeline.json\"\n}   // an output over 256 MiB",
        fix: "Narrow the output (a shorter period, fewer countries or kinds), or split it into several outputs.")

    // Scripts: names, types and evaluation
    public static let unknownName = DiagnosticCode(
        "E0701", "A name in an expression is no field, binding, collection, entity id, word or code.",
        example: "member talita \"Talita\" {\n  country SE\n}\nprint membres | count",
        fix: "Correct the name; the help suggests the nearest (cap schema lists the collections and fields).")
    public static let unknownMember = DiagnosticCode(
        "E0702", "The value has no field of that name.",
        example: "print {a: 1, b: 2}.c",
        fix: "Use a field the value has; the help lists them.")
    public static let operandMismatch = DiagnosticCode(
        "E0703", "An operator is applied to values it cannot combine, e.g. a date and a string.",
        example: "print \"2017\" < 2018-01-01",
        fix: "Compare values of one kind: a date with a date (2017 < 2018-01-01), a number with a number.")
    public static let unknownFunction = DiagnosticCode(
        "E0704", "No built-in, stage or `let` function has that name.",
        example: "member talita \"Talita\" {\n  country SE\n}\nprint members | sortt name",
        fix: "Correct the name (the help suggests the nearest) or define it with let.")
    public static let argumentCount = DiagnosticCode(
        "E0705", "A function or stage is given the wrong number of arguments.",
        example: "let twice(x) = x * 2\nprint twice(1, 2)",
        fix: "Give as many arguments as the function takes; the message says how many.")
    public static let assertionFailed = DiagnosticCode(
        "E0706", "A data rule written with `assert` does not hold.",
        example: "member talita \"Talita\" {\n  country SE\n}\nassert members | count == 2, \"two members\"",
        fix: "Fix the data, or the rule if the data is right; the notes list what does not hold. A rule undecided over partial dates says which reading it means with possibly(…) or certainly(…).")
    public static let evaluationError = DiagnosticCode(
        "E0707", "Evaluation failed: division by zero, an overflow, a value of the wrong kind.",
        example: "print 1 / 0",
        fix: "Guard the operation (where x != 0) or keep the numbers within 64 bits.")
    public static let evaluationLimit = DiagnosticCode(
        "E0708", "Evaluation went past a limit: steps, nesting, call depth, values held or bytes of text built.",
        example: "let down(n) = down(n - 1)\nprint down(3)",
        fix: "Give a recursive let a case that stops, or work on less data at once.")
    public static let duplicateBinding = DiagnosticCode(
        "E0709", "Two `let` statements give the same name.",
        example: "let total = 1\nlet total = 2",
        fix: "Give one of them another name.")
    public static let cyclicBinding = DiagnosticCode(
        "E0710", "A `let` depends on itself.",
        example: "let loop = loop + 1\nprint loop",
        fix: "Define the name from other values, not from itself.")
    public static let interrupted = DiagnosticCode(
        "E0711", "Evaluation was stopped with Ctrl-C at the REPL.",
        example: "events | map events | flatten | map events | flatten | map events | flatten | count   // typed at the REPL on Examples/, then Ctrl-C",
        fix: "Nothing to fix: the session goes on. Narrow the query if it takes too long.")
    public static let duplicateKey = DiagnosticCode(
        "E0712", "A record gives one key twice, or a function names one parameter twice.",
        example: "print {name: \"a\", name: \"b\"}",
        fix: "Give each key (or parameter) once; rename one of them.")
    public static let mixedUnits = DiagnosticCode(
        "E0713", "A query adds, averages or compares figures of different units (dollars and people, percent and cases).",
        example: "law fr \"Law of 13 April 2016\" {\n  jurisdiction FR\n  model abolitionist\n  figure { name \"fines issued\"; value 5000; unit cases; approximate true }\n  figure { name \"budget\"; value 4.8; unit EUR }\n}\nprint laws.figure | sum",
        fix: "Keep the figures of one unit before adding them (| where unit == EUR | sum), or give each figure the unit it is counted in.")
    public static let statisticFailed = DiagnosticCode(
        "E0714", "A report's statistic (a built-in one, or a `let` its `statistic` field names) fails when it is computed for the report.",
        example: "report annual \"Annual Report 2017\" {\n  period 2017\n  format md\n  output \"annual.md\"\n  statistic country_visits\n}\nlet country_visits(activities) = (activities | count) / 0",
        fix: "Fix the query the note points at (the diagnostic under it says what failed), or leave the statistic out of the report's statistic field. A statistic takes the report's activities and its period: let name(activities, period) = ….")

    // Outputs
    public static let outputOutsideFolder = DiagnosticCode(
        "E0801", "An output path is absolute or leaves the build folder.",
        example: "map world \"World\" {\n  format csv\n  output \"../law-map.csv\"\n}",
        fix: "Write a relative path inside the build folder: output \"law-map.csv\".")
    public static let duplicateOutput = DiagnosticCode(
        "E0802", "Two outputs write the same file.",
        example: "map first \"First\" {\n  format csv\n  output \"law-map.csv\"\n}\nmap second \"Second\" {\n  format svg\n  output \"law-map.csv\"\n}",
        fix: "Give each output its own file name.")
    public static let conflictingOutput = DiagnosticCode(
        "E0803", "One output's path needs a folder where another output writes a file.",
        example: "map first \"First\" {\n  format csv\n  output \"maps\"\n}\nmap second \"Second\" {\n  format svg\n  output \"maps/law-map.svg\"\n}",
        fix: "Give the outputs paths that do not overlap: a file cannot also be a folder.")

    // Formatting
    public static let formatterFailed = DiagnosticCode(
        "E0901", "The formatter found that its output would not mean what the file means, and left the file as it was (a bug in cap fmt, not in the file).",
        example: "// `cap fmt` checks its own output: the same tree, the same comments in order,\n// the same analysis. This file is fine; the error comes only from a bug.\ntag exit \"Exit programmes\" { }",
        fix: "Nothing in the file needs fixing: report the file to cap's maintainers, and format it by hand meanwhile.")

    // The schema the data declares
    public static let unknownType = DiagnosticCode(
        "E1001", "A field's type names no value type, kind, record type or enumeration.",
        example: "kind treaty \"An international convention.\" {\n  adopted { type dat; doc \"When it was adopted.\" }\n}",
        fix: "Use a value type (string, integer, number, boolean, date, when, jurisdiction, language, url, email, binding), a kind, a record type or an enumeration; the help suggests the nearest.")
    public static let schemaRedeclared = DiagnosticCode(
        "E1002", "A kind, record type, enumeration or collection name is declared a second time.",
        example: "kind treaty \"An international convention.\" { }\nkind treaty \"A treaty.\" { }",
        fix: "Keep one declaration; to add fields or words to one that exists, write extend NAME { … }.")
    public static let duplicateFieldDeclaration = DiagnosticCode(
        "E1003", "A kind or record type declares a field twice, or an enumeration a word twice (extensions included).",
        example: "extend law {\n  passed { type date; doc \"When parliament passed it.\" }\n}",
        fix: "Keep one declaration of the field; to change a built-in field, give the new field another name.")
    public static let extendsUnknown = DiagnosticCode(
        "E1004", "An extension names no kind, record type or enumeration.",
        example: "extend lwa {\n  gazette { type url; doc \"Where it was published.\" }\n}",
        fix: "Name a kind, record type or enumeration that exists (cap schema lists them), or declare a new one with kind, record or enum.")
    public static let enumerationWordClash = DiagnosticCode(
        "E1005", "A word the data adds to an enumeration is also an entity's id, so a bare word in a query would be ambiguous.",
        example: "extend model {\n  regulated \"Prostitution is regulated as work.\"\n}\ntag regulated \"Regulated\" { }",
        fix: "Rename the entity or choose another word for the enumeration.")
    public static let schemaProperty = DiagnosticCode(
        "E1006", "A declaration of the schema holds something it cannot: an unknown property, a field without a type, or a malformed value.",
        example: "kind treaty \"An international convention.\" {\n  adopted { type date; reqired true }\n}",
        fix: "A kind declares header, collection and fields; a field declares type, required, list, min, after and doc; an enumeration's words are written word \"meaning\".")
    public static let schemaLimit = DiagnosticCode(
        "E1007", "The schema holds more kinds, record types, enumerations (64 each) or fields in one block (64) than cap allows.",
        example: "extend tag {\n  f1 { type string }\n  f2 { type string }\n  f3 { type string }\n  f4 { type string }\n  f5 { type string }\n  f6 { type string }\n  f7 { type string }\n  f8 { type string }\n  f9 { type string }\n  f10 { type string }\n  f11 { type string }\n  f12 { type string }\n  f13 { type string }\n  f14 { type string }\n  f15 { type string }\n  f16 { type string }\n  f17 { type string }\n  f18 { type string }\n  f19 { type string }\n  f20 { type string }\n  f21 { type string }\n  f22 { type string }\n  f23 { type string }\n  f24 { type string }\n  f25 { type string }\n  f26 { type string }\n  f27 { type string }\n  f28 { type string }\n  f29 { type string }\n  f30 { type string }\n  f31 { type string }\n  f32 { type string }\n  f33 { type string }\n  f34 { type string }\n  f35 { type string }\n  f36 { type string }\n  f37 { type string }\n  f38 { type string }\n  f39 { type string }\n  f40 { type string }\n  f41 { type string }\n  f42 { type string }\n  f43 { type string }\n  f44 { type string }\n  f45 { type string }\n  f46 { type string }\n  f47 { type string }\n  f48 { type string }\n  f49 { type string }\n  f50 { type string }\n  f51 { type string }\n  f52 { type string }\n  f53 { type string }\n  f54 { type string }\n  f55 { type string }\n  f56 { type string }\n  f57 { type string }\n  f58 { type string }\n  f59 { type string }\n  f60 { type string }\n  f61 { type string }\n  f62 { type string }\n  f63 { type string }\n  f64 { type string }\n}",
        fix: "Group related fields into a record type (record NAME { … }) and use it as one field, or tell sorts apart with an enumeration field instead of a kind each.")
    public static let reservedSchemaName = DiagnosticCode(
        "E1008", "A kind, record type or enumeration takes a name cap reserves: a value type, or for a kind a keyword.",
        example: "kind let \"A binding.\" { }",
        fix: "Choose another name; a kind cannot be named include, let, assert, print, true, false, none, it, kind, record, enum or extend, and no declaration can take a value type's name.")

    // Warnings
    public static let emptyFile = DiagnosticCode(
        "W0001", "The file holds nothing but perhaps comments.",
        example: "// the members go here",
        fix: "Add the file's entities, or delete the file.")
    public static let byteOrderMark = DiagnosticCode(
        "W0002", "The file starts with a UTF-8 byte order mark, which cap ignores.",
        example: "⟨EF⟩⟨BB⟩⟨BF⟩tag exit \"Exit programmes\" { }",
        fix: "Save the file as UTF-8 without BOM (most editors offer it when saving).")
    public static let bidirectionalControl = DiagnosticCode(
        "W0003", "A bidirectional control character can make a line show in another order than cap reads it (Trojan Source).",
        example: "tag exit \"Exit⟨E2⟩⟨80⟩⟨AE⟩ programmes\" { }",
        fix: "Remove the control character; if right-to-left text needs it, keep it and accept the warning.")
    public static let beforeJoining = DiagnosticCode(
        "W0401", "An entity is named in a field declared `since` (an event's organisers) on a date before its own date (a member's joined).",
        example: "member talita \"Talita\" {\n  country SE\n  joined 2015-06\n}\nevent early \"Early conference\" {\n  date 2014-05-20\n  organisers talita\n}",
        fix: "Check both dates: correct the event's date or the member's joined date, or leave it if the member organised the event before joining. A kind's field declares the comparison with `since FIELD` (docs/schema.md).")
    public static let timeInClockChangeGap = DiagnosticCode(
        "W0402", "A local time does not exist in its time zone: the clocks went forward past it that night.",
        example: "event night \"Night vigil\" {\n  date 2021-03-28 02:30 Europe/Paris\n}",
        fix: "Write the time the clocks showed (03:30 on that night in Paris); as it stands it is read with the offset before the change, as RFC 5545 3.3.5 does.")
    public static let modelContradictsParts = DiagnosticCode(
        "W0421", "A law's declared model contradicts what its criminalisation blocks say it penalises.",
        example: "law se_1999 \"Sex Purchase Act\" {\n  jurisdiction SE\n  model abolitionist\n  criminalisation { act buying; penalised false }\n  criminalisation { act selling; penalised false }\n}",
        fix: "Correct the model or the criminalisation blocks (buying penalised and selling not is abolitionist; docs/schema.md has the table), or drop the model and let it follow from them.")
    public static let modelOutsideProstitution = DiagnosticCode(
        "W0422", "A law that is not on prostitution gives a model, which only laws on prostitution have.",
        example: "law is_2003 \"Penal Code, article 227 a\" {\n  jurisdiction IS\n  topic trafficking\n  model abolitionist\n}",
        fix: "Add prostitution to the law's topic if it is also about prostitution, or remove the model.")
    public static let unrelatedLawsInForce = DiagnosticCode(
        "W0423", "Two laws on prostitution of one jurisdiction are in force at once and neither names the other.",
        example: "law se_1999 \"Sex Purchase Act\" {\n  jurisdiction SE\n  model abolitionist\n  in_force 1999-01-01\n}\nlaw se_2005 \"Penal Code, chapter 6, section 11\" {\n  jurisdiction SE\n  model abolitionist\n  in_force 2005-04-01\n}",
        fix: "Say how the later law relates to the earlier one (supersedes, amends or complements), or record when the earlier one was repealed; the map then knows which law governs.")
    public static let duplicateListValue = DiagnosticCode(
        "W0301", "The same value appears twice in one list.",
        example: "tag exit \"Exit programmes\" { }\nevent vigil \"Vigil\" {\n  date 2021\n  tags exit, exit\n}",
        fix: "Remove the repeated value.")
    public static let undecidable = DiagnosticCode(
        "W0701", "Some items were left out because partial dates could not decide a comparison.",
        example: "event vigil \"Vigil\" {\n  date 2017\n}\nprint events | where date > 2017-03-01 | count",
        fix: "Say which reading the condition means: certainly(…) keeps the items the data proves, possibly(…) those it does not rule out (docs/queries.md); or record more precise dates.")
    public static let declaredFigure = DiagnosticCode(
        "W0702", "A figure the coalition declared differs from what the data gives.",
        example: "coalition cap \"CAP International\" {\n  figure { name \"country visits\"; value 3; date 2017 }\n}\nevent paris \"Conference in Paris\" {\n  date 2017-03-01\n  country FR\n}\nreport annual \"Annual Report 2017\" {\n  period 2017\n  format md\n  output \"annual-report-2017.md\"\n}",
        fix: "Record the missing activities, or correct the declared figure.")
    public static let missingTranslation = DiagnosticCode(
        "W0720", "An output in French or Spanish shows a name that has no translation in its language, in English.",
        example: "event paris \"Conference in Paris\" {\n  date 2017-03-01\n}\nreport annual \"Rapport annuel 2017\" {\n  period 2017\n  format md\n  output \"rapport-2017.md\"\n  lang fr\n}",
        fix: "Add a translation record to the entity: translation { lang fr; name \"Conférence à Paris\" }; until then the output shows its English name.")

    /// Every code, for `cap explain` and the documentation.
    public static let all: [DiagnosticCode] = [
        .invalidUTF8, .controlCharacter, .unterminatedString, .invalidEscape, .unexpectedCharacter,
        .numberTooLarge, .malformedLiteral, .nonASCIIIdentifier, .tooManyErrors,
        .expectedDeclaration, .expectedIdentifier, .expectedBlock, .unclosedBlock, .expectedValue,
        .expectedField, .nestingTooDeep, .unmatchedClose, .expectedExpression, .expectedToken,
        .unknownKind, .unknownField, .duplicateIdentifier, .unknownReference, .wrongReferenceKind,
        .duplicateField, .missingField, .unknownEnumValue, .unknownJurisdiction, .unknownLanguage, .referenceCycle,
        .typeMismatch, .tooManyValues, .invalidURL, .invalidTimeZone, .valueOutOfRange, .invalidEmail,
        .invalidDate, .inconsistentDates, .invalidDateRange, .calendarYearOutOfRange,
        .includeNotFound, .includeCycle, .includeOutsideRoot, .includeNotFile, .unreadableFile,
        .fileTooLarge, .tooManyIncludes, .outputTooLarge,
        .unknownName, .unknownMember, .operandMismatch, .unknownFunction, .argumentCount, .assertionFailed,
        .evaluationError, .evaluationLimit, .duplicateBinding, .cyclicBinding, .interrupted, .duplicateKey, .mixedUnits, .statisticFailed,
        .outputOutsideFolder, .duplicateOutput, .conflictingOutput,
        .formatterFailed,
        .unknownType, .schemaRedeclared, .duplicateFieldDeclaration, .extendsUnknown, .enumerationWordClash,
        .schemaProperty, .schemaLimit, .reservedSchemaName,
        .emptyFile, .byteOrderMark, .bidirectionalControl, .beforeJoining, .timeInClockChangeGap,
        .modelContradictsParts, .modelOutsideProstitution, .unrelatedLawsInForce, .duplicateListValue, .undecidable, .declaredFigure,
        .missingTranslation,
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
