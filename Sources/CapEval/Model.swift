import CapBase
import CapValues
import CapSyntax
import CapSchema
import CapAnalysis

/// The checked data as scripts see it: entities by kind, and their fields
/// decoded from the syntax tree when a script asks for them.
///
/// Nothing is copied out of the trees up front: a query over 100,000 events
/// reads the few fields it uses, straight from the flat arrays. It fills
/// lookup caches as it goes, so one model serves one thread: it is not
/// Sendable.
public final class Model: EntityDescribing {
    public let workspace: Workspace
    /// The checked workspace's entities, held here: read through the
    /// workspace, each use copied the whole table, a retain and a release
    /// of each of its arrays, for every reference decoded. A model is made
    /// after the check that set them (`Program`).
    public let table: EntityTable
    private var byKind: [[Int]]
    private var byKindReady = false
    /// Per kind: field name → its spec and interned name, built on first use
    /// so a query over 100,000 entities does not search the schema each time.
    private var fieldIndex: [[String: FieldAccess]]
    /// Ids as strings, made on first use: publishers ask for the same tags'
    /// and members' ids thousands of times.
    private var ids: [String?] = []
    /// A code written as an identifier, as its canonical value, by symbol:
    /// a corpus writes a few hundred codes tens of thousands of times, and
    /// each lookup copied a whole `Jurisdiction` out of the table.
    private var jurisdictions: [Symbol: Value] = [:]
    /// Each field's values, by entity, decoded on first use and kept: a
    /// query, a report and an export that read the same field decode it
    /// once per analysis. A column per field of a kind (`FieldAccess`),
    /// filled as it is read, so a query over 100,000 events that reads two
    /// fields decodes and holds just those.
    ///
    /// A column holds, by entity, a position in `decodedValues` plus one (0:
    /// not decoded yet): integers, so that a column for 100,000 entities is
    /// made and dropped as one block of memory, where a column of optional
    /// values was initialised and destroyed value by value (2% of a check
    /// that reads one field of a few reports).
    private var decoded: [[Int32]] = []
    private var decodedValues: [Value] = []
    /// Off for a reader that reads every field of every entity once, in
    /// order (`cap export`): kept, the values held the whole data decoded
    /// (320 MB for 100,000 events) and zeroing their memory was an eighth
    /// of the export.
    package var keepsDecodedValues = true

    public init(workspace: Workspace) {
        self.workspace = workspace
        table = workspace.entities
        byKind = Array(repeating: [], count: workspace.schema.kinds.count)
        fieldIndex = Array(repeating: [:], count: workspace.schema.kinds.count)
    }

    /// The schema the data was checked against: the prelude's kinds and the data's.
    public var schema: Schema { workspace.schema }

    /// The names scripts use for the collections of each kind, as the
    /// schema declares them (`collection people, persons`).
    public private(set) lazy var collectionNames: [String: EntityKindName] = workspace.schema.collectionNames

    /// Every word of every enumeration: a bare word in a query may be one.
    package private(set) lazy var enumWords: Set<String> = Set(workspace.schema.enums.flatMap(\.caseNames))

    /// Fields every entity has besides its schema's: its id, its type
    /// (member, event…), its quoted name or title, and where it is declared.
    /// A schema field of the same name comes first (an event's `kind` is its
    /// sort of event).
    public static let builtinFields = ["id", "type", "name", "file", "line"]

    /// A field resolved for one kind (see `access(_:of:)`): reading it for
    /// many entities then costs no lookup by name. A schema field keeps
    /// only what decoding needs, so using one copies no strings.
    package enum FieldAccess {
        /// `column` indexes `decoded`: where this field's values are kept
        /// once decoded.
        case schema(ValueType, list: Bool, Symbol?, column: Int)
        case id, type, name, file, line
        /// A law's `model`: the declared one, or the one its
        /// `criminalisation` blocks derive (`Criminalisation`) when it is a
        /// law on prostitution.
        indirect case lawModel(declared: FieldAccess, parts: FieldAccess, topic: FieldAccess)
    }

    public func entities(of kind: EntityKindName) -> [Int] {
        if !byKindReady {
            for i in 0..<table.count { byKind[table.kinds[i].index].append(i) }
            byKindReady = true
        }
        return byKind[kind.index]
    }

    public var allEntities: [Int] { Array(0..<table.count) }

    public func kind(_ entity: Int) -> EntityKindName { table.kinds[entity] }

    package func node(_ entity: Int) -> (tree: SyntaxTree, node: EntityNode) {
        let ref = table.refs[entity]
        let tree = workspace.trees[Int(ref.file)]
        return (tree, tree.entities[Int(ref.index)])
    }

    public func entityID(_ index: Int) -> String {
        if ids.isEmpty { ids = Array(repeating: nil, count: table.count) }
        if let id = ids[index] { return id }
        let id = workspace.interner[table.ids[index]]
        ids[index] = id
        return id
    }
    public func entityKind(_ index: Int) -> String { table.kinds[index].rawValue }
    public func entityName(_ index: Int) -> String {
        // The node alone: `node(_:)` copies the whole tree, retaining each
        // of its arrays, and a timeline asks this of every entity.
        let ref = table.refs[index]
        let node = workspace.trees[Int(ref.file)].entities[Int(ref.index)]
        guard node.hasName else { return "" }
        return StringLiteral.decode(workspace.sources.files[Int(ref.file)].bytes[Int(node.nameStart)..<Int(node.nameEnd)])
    }

    /// Where an entity is declared: its id's range.
    public func location(_ index: Int) -> SourceRange {
        let ref = table.refs[index]
        let node = workspace.trees[Int(ref.file)].entities[Int(ref.index)]
        return SourceRange(file: ref.file, start: node.idStart, end: node.idEnd)
    }

    public func entity(named id: String) -> Int? {
        guard let symbol = workspace.interner.lookup(id) else { return nil }
        return table.lookup(symbol)
    }

    /// Whether entities of `kind` have a field called `name`.
    public func hasField(_ name: String, kind: EntityKindName) -> Bool {
        Model.builtinFields.contains(name) || schema[kind].field(named: name) != nil
            || name == schema[kind].headerName
    }

    /// The value of a field of an entity: a list for list fields (empty when
    /// absent), `none` for an absent single field.
    public func field(_ entity: Int, _ name: String) -> Value? {
        guard let access = access(name, of: table.kinds[entity]) else { return nil }
        return field(entity, access)
    }

    /// `name` resolved for entities of `kind`, for a loop over many of them;
    /// nil when they have no such field.
    package func access(_ name: String, of kind: EntityKindName) -> FieldAccess? {
        fieldIndex[kind.index][name] ?? resolveField(name, kind)
    }

    /// The value of a resolved field; `access` must be for the entity's kind.
    package func field(_ entity: Int, _ access: FieldAccess) -> Value {
        switch access {
        case .id: return .string(entityID(entity))
        case .type: return .word(table.kinds[entity].rawValue)
        case .name: return .string(entityName(entity))
        case .file: return .string(workspace.sources[table.refs[entity].file].path)
        case .line: return .int(Int64(workspace.sources.line(table.refs[entity].file, location(entity).start)))
        case .schema(let type, let list, let symbol, let column):
            guard keepsDecodedValues else {
                let ref = table.refs[entity]
                return values(type, list: list, symbol: symbol, file: Int(ref.file),
                              block: Int(workspace.trees[Int(ref.file)].entities[Int(ref.index)].block))
            }
            if decoded[column].isEmpty { decoded[column] = Array(repeating: 0, count: table.count) }
            let known = Int(decoded[column][entity])
            if known > 0 { return decodedValues[known - 1] }
            let ref = table.refs[entity]
            let file = Int(ref.file)
            let value = values(type, list: list, symbol: symbol, file: file,
                               block: Int(workspace.trees[file].entities[Int(ref.index)].block))
            // Past two billion kept values (memory would have run out
            // first), values are decoded each time rather than kept.
            guard decodedValues.count < Int(Int32.max) else { return value }
            decodedValues.append(value)
            decoded[column][entity] = Int32(decodedValues.count)
            return value
        case .lawModel(let declared, let parts, let topic):
            let value = field(entity, declared)
            guard case .none = value, case .list(let records) = field(entity, parts), !records.isEmpty else { return value }
            if case .list(let topics) = field(entity, topic), !topics.isEmpty,
               !topics.contains(where: { if case .word("prostitution") = $0 { true } else { false } }) { return value }
            return Criminalisation(records: records).model.map(Value.word) ?? .none
        }
    }

    private func resolveField(_ name: String, _ kind: EntityKindName) -> FieldAccess? {
        let schema = self.schema[kind]
        var access: FieldAccess
        if let spec = schema.field(named: name) {
            access = .schema(spec.type, list: spec.list, workspace.interner.lookup(spec.name), column: decoded.count)
            decoded.append([])
            // The one field whose value is meaning as well as data: a law's
            // model follows from who it penalises when not declared.
            if kind == .law && name == "model", let parts = resolveField("criminalisation", kind),
               let topic = resolveField("topic", kind) {
                access = .lawModel(declared: access, parts: parts, topic: topic)
            }
        } else {
            switch name {
            case "id": access = .id
            case "type": access = .type
            case "name", schema.headerName: access = .name
            case "file": access = .file
            case "line": access = .line
            default: return nil
            }
        }
        fieldIndex[kind.index][name] = access
        return access
    }

    /// The values of the fields called `symbol` in a block. The tree is
    /// reached through the workspace each time rather than copied: a copy
    /// retains and releases each of its arrays.
    private func values(_ type: ValueType, list: Bool, symbol: Symbol?, file: Int, block: Int) -> Value {
        guard let symbol else { return list ? .list([]) : .none }
        let b = workspace.trees[file].blocks[block]
        var out: [Value] = []
        for f in Int(b.firstField)..<Int(b.firstField) + Int(b.fieldCount) {
            let field = workspace.trees[file].fields[f]
            guard field.name == symbol && !field.isDamaged else { continue }
            for v in Int(field.firstValue)..<Int(field.firstValue) + Int(field.valueCount) {
                let value = decode(workspace.trees[file].values[v], as: type, file: file)
                if !list { return value }
                out.append(value)
            }
        }
        return list ? .list(out) : .none
    }

    private func jurisdiction(_ code: Symbol) -> Value {
        if let known = jurisdictions[code] { return known }
        let value = Jurisdictions.lookup(code: workspace.interner[code]).map { Value.jurisdiction($0.code) } ?? .none
        jurisdictions[code] = value
        return value
    }

    /// One literal as a value of the field's type. The checker has already
    /// validated it; anything still wrong reads as `none`.
    func decode(_ v: ValueNode, as type: ValueType, file: Int) -> Value {
        // The bytes alone: a copy of the `SourceFile` retains its paths too.
        let bytes = workspace.sources.files[file].bytes
        let slice = Model.slice(v, bytes)
        func text() -> String { String(decoding: slice, as: UTF8.self) }
        switch (type, v.kind) {
        case (_, .error): return .none
        case (.string, _), (.url, _), (.email, _):
            return Model.text(v, bytes)
        case (.integer, .integer), (.number, .integer):
            return Int64(text().filter { $0 != "_" }).map(Value.int) ?? .none
        case (.number, .decimal):
            return Double(text().filter { $0 != "_" }).map(Value.double) ?? .none
        case (.number, .range):
            // 85..90: a figure given as a range, its two ends by name.
            let ends = workspace.trees[file].ranges[Int(v.payload)]
            return .record([("low", decode(ends.low, as: .number, file: file)), ("high", decode(ends.high, as: .number, file: file))])
        case (.boolean, .boolean):
            return .bool(v.payload == 1)
        case (.date, _):
            return Model.date(v, bytes)
        case (.when, _):
            return Model.when(v, bytes, ranges: workspace.trees[file].ranges)
        case (.jurisdiction, .identifier):
            return jurisdiction(v.payload)
        case (.referenceOrJurisdiction, .identifier) where table.lookup(v.payload) == nil:
            return jurisdiction(v.payload)
        case (.jurisdiction, .string), (.referenceOrJurisdiction, .string):
            return Jurisdictions.lookup(StringLiteral.decode(slice)).map { .jurisdiction($0.code) } ?? .none
        case (.language, .identifier):
            return .language(workspace.interner[v.payload])
        case (.enumeration, .identifier), (.binding, .identifier):
            return .word(workspace.interner[v.payload])
        case (.reference, .identifier), (.referenceOrJurisdiction, .identifier):
            return table.lookup(v.payload).map(Value.entity) ?? .none
        case (.record(let record), .block):
            return .record(schema.record(record).fields.map {
                ($0.name, values($0.type, list: $0.list, symbol: workspace.interner.lookup($0.name), file: file, block: Int(v.payload)))
            })
        default:
            return .none
        }
    }

    // MARK: Literals from bytes alone
    //
    // What `decode` does for the types that need nothing but the file's
    // bytes, shared with `TimelineReader`, which reads the trees on several
    // threads without a model. Inlinable, so that the reader's byte
    // collections are specialised in its own module: called through the
    // generic witnesses, they cost a build a fifth of its instructions.

    @inlinable package static func slice<B: RandomAccessCollection<UInt8>>(_ v: ValueNode, _ bytes: B) -> B.SubSequence where B.Index == Int {
        let end = min(Int(v.end), bytes.count)
        return bytes[min(Int(v.start), end)..<end]
    }

    /// A `.string`, `.url` or `.email` literal.
    @inlinable static func text<B: RandomAccessCollection<UInt8>>(_ v: ValueNode, _ bytes: B) -> Value where B.Index == Int {
        string(v, bytes).map(Value.string) ?? .none
    }

    /// The text of a string literal; nil for any other value.
    @inlinable package static func string<B: RandomAccessCollection<UInt8>>(_ v: ValueNode, _ bytes: B) -> String? where B.Index == Int {
        v.kind == .string || v.kind == .longString ? StringLiteral.decode(slice(v, bytes)) : nil
    }

    /// A `.date` literal: a year, a month or a day.
    @inlinable static func date<B: RandomAccessCollection<UInt8>>(_ v: ValueNode, _ bytes: B) -> Value where B.Index == Int {
        capDate(v, bytes).map(Value.date) ?? .none
    }

    /// A date literal as a date; nil for any other value.
    @inlinable package static func capDate<B: RandomAccessCollection<UInt8>>(_ v: ValueNode, _ bytes: B) -> CapDate? where B.Index == Int {
        guard v.kind == .date || v.kind == .integer else { return nil }
        return try? CapDate.parse(slice(v, bytes))
    }

    /// A `.when` literal: a date, a date and time, or a range of dates.
    @inlinable package static func when<B: RandomAccessCollection<UInt8>, R: RandomAccessCollection<(low: ValueNode, high: ValueNode)>>(
        _ v: ValueNode, _ bytes: B, ranges: R) -> Value where B.Index == Int, R.Index == Int {
        switch v.kind {
        case .date, .integer:
            return date(v, bytes)
        case .dateTime:
            return (try? CapDateTime.parse(String(decoding: slice(v, bytes), as: UTF8.self))).map(Value.dateTime) ?? .none
        case .range:
            guard Int(v.payload) < ranges.count else { return .none }
            let ends = ranges[Int(v.payload)]
            // A time at either end is kept: a calendar and a timeline need it.
            func end(_ node: ValueNode) -> DateTimeRange.End? {
                if node.kind == .dateTime {
                    return (try? CapDateTime.parse(String(decoding: slice(node, bytes), as: UTF8.self))).map { .time($0) }
                }
                return (try? CapDate.parse(slice(node, bytes))).map { .date($0) }
            }
            guard let a = end(ends.low), let b = end(ends.high) else { return .none }
            if case .date(let x) = a, case .date(let y) = b { return .dateRange(x, y) }
            return .dateTimeRange(DateTimeRange(start: a, end: b))
        default:
            return .none
        }
    }
}
