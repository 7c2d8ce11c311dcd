import CapBase

/// The schema of one entity kind: what its header name means and which
/// fields its block may hold. Built-in kinds come from the prelude
/// (Prelude/prelude.cap), declared ones from the data; both are read by
/// `SchemaReader`.
public struct EntityKind: Sendable {
    public let name: EntityKindName
    public let doc: String
    /// What the string after the id is, e.g. "name" or "title".
    public let headerName: String
    /// The names scripts use for the collection of its entities, the first
    /// being the one shown (`people`, then `persons`).
    public let collections: [String]
    public internal(set) var fields: [FieldSpec]
    /// Where the data declares it; nil for a built-in kind.
    public let declaredAt: SourceRange?

    public init(name: EntityKindName, doc: String, headerName: String, collections: [String], fields: [FieldSpec],
                declaredAt: SourceRange? = nil) {
        self.name = name
        self.doc = doc
        self.headerName = headerName
        self.collections = collections
        self.fields = fields
        self.declaredAt = declaredAt
    }

    public func field(named name: String) -> FieldSpec? { fields.first { $0.name == name } }
    public var isBuiltIn: Bool { declaredAt == nil }
}

extension EntityKind {
    public static var coalition: EntityKind { Schema.builtIn[.coalition] }
    public static var member: EntityKind { Schema.builtIn[.member] }
    public static var partner: EntityKind { Schema.builtIn[.partner] }
    public static var person: EntityKind { Schema.builtIn[.person] }
    public static var event: EntityKind { Schema.builtIn[.event] }
    public static var campaign: EntityKind { Schema.builtIn[.campaign] }
    public static var publication: EntityKind { Schema.builtIn[.publication] }
    public static var statement: EntityKind { Schema.builtIn[.statement] }
    public static var law: EntityKind { Schema.builtIn[.law] }
    public static var tag: EntityKind { Schema.builtIn[.tag] }
    public static var report: EntityKind { Schema.builtIn[.report] }
    public static var timeline: EntityKind { Schema.builtIn[.timeline] }
    public static var map: EntityKind { Schema.builtIn[.map] }

    /// The built-in kinds.
    public static var all: [EntityKind] { Schema.builtIn.kinds }

    /// A built-in kind; a workspace's declared kinds are in its `Schema`.
    public static func named(_ name: EntityKindName) -> EntityKind { Schema.builtIn[name] }
}

extension RecordSchema {
    public static var role: RecordSchema { Schema.builtIn.record(named: "role")! }
    public static var figure: RecordSchema { Schema.builtIn.record(named: "figure")! }
}

extension EnumType {
    public static var legalModel: EnumType { Schema.builtIn.enumeration(named: "model")! }
    public static var partnerKind: EnumType { Schema.builtIn.enumeration(named: "partner_kind")! }
    public static var eventKind: EnumType { Schema.builtIn.enumeration(named: "event_kind")! }
    public static var publicationKind: EnumType { Schema.builtIn.enumeration(named: "publication_kind")! }
    public static var statementKind: EnumType { Schema.builtIn.enumeration(named: "statement_kind")! }
    public static var reportFormat: EnumType { Schema.builtIn.enumeration(named: "report_format")! }
    public static var timelineFormat: EnumType { Schema.builtIn.enumeration(named: "timeline_format")! }
    public static var timelineKind: EnumType { Schema.builtIn.enumeration(named: "timeline_entry_kind")! }
    public static var mapFormat: EnumType { Schema.builtIn.enumeration(named: "map_format")! }
}
