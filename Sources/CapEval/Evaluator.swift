import CapBase
import CapValues
import CapSyntax
import CapSchema
import CapRuntime
import CapAnalysis

/// Evaluates expressions over the model.
///
/// Evaluation is bounded: a step budget, a call depth and a ceiling on the
/// values held in lists each end it with a diagnostic, never a hang or a
/// crash. Comparisons that partial dates cannot decide are counted and
/// reported as warnings, never silently answered.
public final class Evaluator {
    public struct Limits: Sendable {
        public var maxSteps = 50_000_000
        public var maxDepth = 200
        /// Levels of evaluation in progress at once: sub-expressions, calls
        /// and `let` values referring to one another. Bounds the stack the
        /// evaluator uses (and the script checker, which walks the same way).
        public var maxNesting = 4_096
        public var maxValues = 20_000_000
        /// Bytes of text one statement may build (joining strings,
        /// interpolating, `upper`, `string`…): as much as a file may hold.
        public var maxTextBytes = 256 << 20
        public init() {}
    }

    /// An evaluation that stopped, with the diagnostic saying why.
    public struct Failure: Error {
        public let diagnostic: Diagnostic
    }

    let model: Model
    package let limits: Limits
    /// Top-level `let` statements by name.
    package var bindings: [String: Binding] = [:]
    /// Items left out as undecided, per stage (by its start offset).
    var undecided: [UInt64: (range: SourceRange, count: Int, total: Int, clash: (Value, Value)?)] = [:]
    /// The first comparison that came out unknown since a stage last asked,
    /// with its two values: W0701's help quotes them.
    var clash: (Value, Value)?
    var steps = 0
    var depth = 0
    var nesting = 0
    var held = 0
    var heldText = 0
    /// The expression that built the most text in this statement, and how
    /// much: when the text limit is reached, the diagnostic points at it,
    /// not at whatever small piece of text happened to come last (a `let`
    /// evaluated late in the statement was blamed for text built before it).
    var largestText: (range: SourceRange, bytes: Int)?
    /// What the `let` values computed so far would take to write out.
    var keptBytes = 0
    /// The `let` that keeps the most of `keptBytes`, named when the limit
    /// is reached by another.
    var largestKept: (binding: Binding, bytes: Int)?
    /// The string storages `keptBytes` counted, by address.
    var keptStorage: Set<UInt> = []
    /// The day `today` means; fixed per run so a run is consistent.
    public let today: CapDate
    /// Polled every 4,096 steps, so Ctrl-C at the REPL stops a long query
    /// without ending the session.
    public var interruption: (() -> Bool)?

    package final class Binding {
        package let name: String
        package let nameRange: SourceRange
        package let parameters: [String]
        package let body: Expr
        package var value: Value?
        var evaluating = false
        init(name: String, nameRange: SourceRange, parameters: [String], body: Expr) {
            self.name = name
            self.nameRange = nameRange
            self.parameters = parameters
            self.body = body
        }
    }

    /// What names mean inside an expression: the element of the current
    /// pipeline stage and the parameters of the function being called.
    struct Scope {
        var element: Value?
        var locals: [String: Value] = [:]
    }

    public init(model: Model, limits: Limits = Limits(), today: CapDate = Evaluator.currentDate()) {
        self.model = model
        self.limits = limits
        self.today = today
    }

    /// Today in UTC. SOURCE_DATE_EPOCH (reproducible-builds.org), which
    /// already fixes the outputs' stamp, fixes today too: outputs that
    /// depend on the day (a map as of today, the years up to this one)
    /// would otherwise differ from one day's build to the next.
    public static func currentDate() -> CapDate {
        var now = time(nil)
        if let epoch = getenv("SOURCE_DATE_EPOCH").map({ String(cString: $0) }), let seconds = Int(epoch) { now = time_t(seconds) }
        var parts = tm()
        gmtime_r(&now, &parts)
        return (try? CapDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)))
            ?? (try! CapDate(year: 2000))
    }

    /// Declares a top-level `let`. Returns the earlier one's range when the
    /// name is already taken.
    @discardableResult
    public func declare(_ name: String, nameRange: SourceRange, parameters: [String], body: Expr) -> SourceRange? {
        if let existing = bindings[name] { return existing.nameRange }
        bindings[name] = Binding(name: name, nameRange: nameRange, parameters: parameters, body: body)
        return nil
    }

    /// Evaluates one top-level expression. The steps are counted for the
    /// whole command (a check, a `cap run`, one REPL input: see
    /// `startBudget`), so a hundred asserts of a runaway function end after
    /// one budget, not a hundred; the values and text held bound each
    /// statement, whose results are then let go.
    public func evaluate(_ e: Expr) throws(Failure) -> Value {
        held = 0
        heldText = 0
        largestText = nil
        return try DeepStack.run { () throws(Failure) -> Value in try eval(e, Scope()) }
    }

    /// `evaluate`, for a value that is then written out (printed, shown at
    /// the REPL, listed in a report's statistics): one that would take more
    /// than the text limit to write is refused here, with a diagnostic,
    /// rather than spelled out without end.
    public func printable(_ e: Expr) throws(Failure) -> Value {
        let v = try evaluate(e)
        try spellable(v, e.range)
        return v
    }

    /// Starts a new command's step budget: an evaluator made for a check,
    /// `cap eval` or `cap run` has one; the REPL calls this for each input.
    public func startBudget() {
        steps = 0
    }

    /// `n` steps at once, for work that one step does not cover: comparing
    /// or spelling out a large value, scanning a long string.
    func spend(_ n: Int, _ range: SourceRange) throws(Failure) {
        guard n > 0 else { return }
        let before = steps
        steps += n
        if before >> 12 != steps >> 12, let interruption, interruption() {
            throw fail(.interrupted, "evaluation interrupted", at: range, help: "the session goes on; narrow the query if it takes too long")
        }
        if steps > limits.maxSteps { throw stepsSpent(range) }
    }

    /// Whether the command's steps are spent: the statements after the one
    /// that spent them are not run, and say nothing more.
    public var budgetSpent: Bool { steps > limits.maxSteps }

    func stepsSpent(_ range: SourceRange) -> Failure {
        fail(.evaluationLimit, "evaluation stopped after \(DiagnosticReport.grouped(limits.maxSteps)) steps", at: range,
             help: "narrow the query, or look for a function that calls itself without end; the statements after this one were not run")
    }

    /// Steps for scanning `bytes` of text: one per 64 bytes.
    func spend(bytes: Int, _ range: SourceRange) throws(Failure) { try spend(bytes >> 6, range) }

    /// Equality under the step budget: a list made of shared parts (`[l, l]`
    /// sixty times over) is small in memory and astronomically long to
    /// compare; each value compared is a step.
    func equal(_ a: Value, _ b: Value, _ range: SourceRange) throws(Failure) -> Truth {
        var budget = max(0, limits.maxSteps - steps)
        let before = budget
        let t = Comparison.equal(a, b, budget: &budget, stop: interruption)
        try settle(before, budget, range)
        return t
    }

    /// Spends what a budgeted comparison used, from `before` down to
    /// `budget`; below zero it was stopped: by Ctrl-C, or out of steps.
    func settle(_ before: Int, _ budget: Int, _ range: SourceRange) throws(Failure) {
        if budget < 0 {
            if let interruption, interruption() {
                throw fail(.interrupted, "evaluation interrupted", at: range, help: "the session goes on; narrow the query if it takes too long")
            }
            steps = limits.maxSteps + 1
            throw stepsSpent(range)
        }
        try spend(before - budget, range)
    }

    /// Checks that `v` can be spelled out (printed, turned into a string,
    /// kept as a `distinct` key) within the text limit, and spends the
    /// steps spelling it takes; its size in bytes.
    @discardableResult
    func spellable(_ v: Value, _ range: SourceRange) throws(Failure) -> Int {
        let size = displaySize(v)
        try spend(bytes: size, range)
        if size > limits.maxTextBytes {
            throw fail(.evaluationLimit, "evaluation builds more than \(DiagnosticReport.grouped(limits.maxTextBytes)) bytes of text",
                       at: range, help: "narrow the query before writing it out: count it, or take the first items")
        }
        return size
    }

    func fail(_ code: DiagnosticCode, _ message: String, at range: SourceRange, label: String? = nil, help: String? = nil,
              notes: [DiagnosticNote] = []) -> Failure {
        Failure(diagnostic: .error(code, message, at: range, label: label, notes: notes, help: help))
    }

    func step(_ range: SourceRange) throws(Failure) {
        steps += 1
        if steps & 0xFFF == 0, let interruption, interruption() {
            throw fail(.interrupted, "evaluation interrupted", at: range, help: "the session goes on; narrow the query if it takes too long")
        }
        if steps > limits.maxSteps { throw stepsSpent(range) }
    }

    func hold(_ count: Int, _ range: SourceRange) throws(Failure) {
        held += count
        if held > limits.maxValues {
            throw fail(.evaluationLimit, "evaluation holds more than \(DiagnosticReport.grouped(limits.maxValues)) values", at: range,
                       help: "narrow the query before building large lists")
        }
    }

    /// Counts text about to be built, before it is built: `s + s` doubled
    /// fifty times must end in a diagnostic, not in a failed allocation.
    /// The limit is on the whole statement (the `let` values it evaluates
    /// included), so the diagnostic points at the expression that built the
    /// most of it, with a note where the limit was reached when that is
    /// elsewhere.
    func holdText(_ bytes: Int, _ range: SourceRange) throws(Failure) {
        heldText += bytes
        if bytes > largestText?.bytes ?? -1 { largestText = (range, bytes) }
        if heldText > limits.maxTextBytes {
            let largest = largestText ?? (range, bytes)
            let grouped = DiagnosticReport.grouped
            var notes: [DiagnosticNote] = []
            if largest.range != range {
                notes.append(DiagnosticNote("the limit was reached here, building \(grouped(bytes)) more bytes", at: range))
            }
            throw fail(.evaluationLimit, "evaluation builds more than \(grouped(limits.maxTextBytes)) bytes of text",
                       at: largest.range, label: "builds \(grouped(largest.bytes)) bytes",
                       help: "build shorter strings; a list of values needs no joining (this statement, with the let values it evaluates, would build \(grouped(heldText)) bytes)",
                       notes: notes)
        }
    }

    /// About how many bytes `display(v)` spells, counted only until the
    /// text budget is spent: a list holding one long string a million times
    /// is refused before it is spelled out.
    package func displaySize(_ v: Value, nested: Bool = false) -> Int {
        let budget = limits.maxTextBytes - heldText
        switch v {
        case .string(let s): return s.utf8.count + (nested ? 2 : 0)
        case .entity(let i): return (nested ? model.entityID(i) : model.entityName(i)).utf8.count
        case .list(let items):
            var total = 2
            for item in items where total <= budget { total += 2 + displaySize(item, nested: true) }
            return total
        case .record(let fields):
            var total = 2
            for (key, value) in fields where total <= budget { total += 4 + key.utf8.count + displaySize(value, nested: true) }
            return total
        case .groups(let groups):
            var total = 2
            for group in groups where total <= budget { total += 40 + displaySize(group.key, nested: true) }
            return total
        default: return 40  // a number, a date, a word or a code
        }
    }

    /// The bytes of the strings `v` holds itself (a string, or a list's or
    /// record's string items) not counted before: a string shared by many
    /// values (`[s, s, s]`, `let t = s`) is one block of memory, found by
    /// its storage's address. Strings under 1 KiB are not worth tracking.
    func newTextBytes(_ v: Value) -> Int {
        func count(_ s: String) -> Int {
            let n = s.utf8.count
            guard n >= 1024 else { return 0 }
            let address = s.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } ?? 0
            guard address != 0 else { return n }
            return keptStorage.insert(address).inserted ? n : 0
        }
        switch v {
        case .string(let s): return count(s)
        case .list(let items):
            var total = 0
            for case .string(let s) in items { total += count(s) }
            return total
        case .record(let fields):
            var total = 0
            for case (_, .string(let s)) in fields { total += count(s) }
            return total
        default: return 0
        }
    }

    /// The warnings so far, once each: undecided items become one warning
    /// per stage with the totals.
    public func takeWarnings() -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (_, tally) in undecided.sorted(by: { $0.key < $1.key }) {
            out.append(.warning(.undecidable,
                                "\(tally.count) of \(tally.total) items left out: partial dates could not decide the condition",
                                at: tally.range, label: "undecided for \(tally.count) item\(tally.count == 1 ? "" : "s")",
                                help: "the data and the condition differ in precision\(Self.quote(tally.clash, model)); write certainly(…) to keep only the items that surely match, or possibly(…) to keep those that may, and nothing is left out"))
        }
        undecided.removeAll()
        return out
    }

    /// " (2017 against 2017-03-01)": the values of the first comparison
    /// that could not be decided, as the user writes them.
    static func quote(_ clash: (Value, Value)?, _ model: Model) -> String {
        guard let (a, b) = clash else { return "" }
        let formatter = ValueFormatter(entities: model)
        return " (\(formatter.inline(a)) against \(formatter.inline(b)))"
    }

    // MARK: Expressions

    func eval(_ e: Expr, _ scope: Scope) throws(Failure) -> Value {
        try step(e.range)
        nesting += 1
        defer { nesting -= 1 }
        if nesting > limits.maxNesting {
            throw fail(.evaluationLimit, "evaluation is nested more than \(DiagnosticReport.grouped(limits.maxNesting)) levels deep",
                       at: e.range, help: "a long chain of let bindings or calls over deeply nested expressions; give it fewer levels")
        }
        switch e.kind {
        case .integer(let n): return .int(n)
        case .decimal(let d): return .double(d)
        case .string(let s): return .string(s)
        case .interpolation(let parts):
            // The parts are evaluated first and the string's size counted
            // as a whole, before it is built: the interpolation is what
            // builds the text, not its largest part.
            var values: [Value?] = []
            var size = 0
            for part in parts {
                switch part {
                case .text(let t):
                    values.append(nil)
                    size += t.utf8.count
                case .expr(let x):
                    let v = try eval(x, scope)
                    size += try spellable(v, x.range)
                    values.append(v)
                }
            }
            try holdText(size, e.range)
            var out = ""
            for (part, value) in zip(parts, values) {
                if case .text(let t) = part { out += t } else if let value { out += display(value) }
            }
            return .string(out)
        case .boolean(let b): return .bool(b)
        case .none: return .none
        case .date(let d): return .date(d)
        case .dateTime(let t): return .dateTime(t)
        case .dateRange(let a, let b): return .dateRange(a, b)
        case .it:
            guard let element = scope.element else {
                throw fail(.unknownName, "'it' means the current item, inside a pipeline stage", at: e.range)
            }
            return element
        case .name(let name): return try resolve(name, at: e.range, scope)
        case .member(let base, let name, let nameRange):
            return try member(try eval(base, scope), name, at: nameRange)
        case .call(let name, let args, let nameRange):
            return try call(name, args, at: nameRange, whole: e.range, scope)
        case .unary(let op, let operand):
            let v = try eval(operand, scope)
            switch op {
            case .not: return (!(try truth(v, at: operand.range))).value
            case .negate:
                switch v {
                case .int(.min): throw fail(.evaluationError, "the result does not fit in 64 bits", at: e.range)
                case .int(let n): return .int(-n)
                case .double(let d): return .double(-d)
                default: throw fail(.operandMismatch, "'-' needs a number, not \(v.typeName.withArticle)", at: operand.range)
                }
            }
        case .binary(let op, let l, let r):
            return try binary(op, l, r, scope, range: e.range)
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try eval(item, scope)) }
            try hold(out.count, e.range)
            return .list(out)
        case .record(let fields):
            var out: [(String, Value)] = []
            for (k, v) in fields { out.append((k, try eval(v, scope))) }
            return .record(out)
        case .pipeline(let head, let stages):
            var value = try eval(head, scope)
            for stage in stages { value = try apply(stage, to: value, scope) }
            return value
        case .error:
            throw fail(.evaluationError, "this expression has an error reported above", at: e.range)
        }
    }

    /// Text of a value inside a string: dates as written, entities by name.
    package func display(_ v: Value) -> String {
        switch v {
        case .string(let s): return s
        case .entity(let i): return model.entityName(i)
        case .jurisdiction(let code): return Jurisdictions.lookup(code: code)?.name ?? code
        default: return ValueFormatter(entities: model).inline(v)
        }
    }

    func truth(_ v: Value, at range: SourceRange) throws(Failure) -> Truth {
        switch v {
        case .bool(let b): return Truth(b)
        case .unknown: return .unknown
        case .none: return .no
        default: throw fail(.operandMismatch, "expected true or false, found \(v.typeName.withArticle)", at: range)
        }
    }

    // MARK: Names

    /// A bare word: the current item's field, a parameter, a `let`, a
    /// collection, an entity id, an enumeration word, a country or language code.
    func resolve(_ name: String, at range: SourceRange, _ scope: Scope) throws(Failure) -> Value {
        if let element = scope.element, let v = fieldOf(element, name) { return v }
        if let v = scope.locals[name] { return v }
        if let binding = bindings[name] {
            guard binding.parameters.isEmpty else {
                throw fail(.argumentCount, "'\(name)' takes \(binding.parameters.count) argument\(binding.parameters.count == 1 ? "" : "s")",
                           at: range, help: "call it as \(name)(\(binding.parameters.joined(separator: ", ")))")
            }
            return try value(of: binding, at: range)
        }
        if name == "today" { return .date(today) }
        if let kind = model.collectionNames[name] {
            let items = model.entities(of: kind)
            try hold(items.count, range)
            return .list(items.map(Value.entity))
        }
        if name == "entities" { return .list(model.allEntities.map(Value.entity)) }
        if let entity = model.entity(named: name) { return .entity(entity) }
        if model.enumWords.contains(name) || Currencies.contains(name) { return .word(name) }
        if let j = Jurisdictions.lookup(code: name) { return .jurisdiction(j.code) }
        if Languages.lookup(code: name) != nil { return .language(name) }
        throw fail(.unknownName, "unknown name '\(name)'", at: range,
                   help: NameResolution.suggestion(for: name, evaluator: self, scope: scope))
    }

    func value(of binding: Binding, at range: SourceRange) throws(Failure) -> Value {
        if let v = binding.value { return v }
        if binding.evaluating {
            throw fail(.cyclicBinding, "'\(binding.name)' depends on itself", at: range,
                       notes: [DiagnosticNote("'\(binding.name)' is defined here", at: binding.nameRange)])
        }
        binding.evaluating = true
        defer { binding.evaluating = false }
        let v = try eval(binding.body, Scope())
        // A `let` keeps its value for the rest of the command (the session,
        // at the REPL): the strings it keeps are counted, so that `let a2 =
        // a1 + "x"`, `let a3 = a2 + "x"`… cannot each keep another large
        // string unseen. A list's own strings count, not those of the lists
        // inside it, which are other values, often shared (`[l, l]` holds
        // `l` once; operations on such lists pay for their size in steps).
        if case .list(let items) = v { try spend(items.count >> 6, range) }
        let kept = newTextBytes(v)
        keptBytes += kept
        if kept > largestKept?.bytes ?? 0 { largestKept = (binding, kept) }
        if keptBytes > limits.maxTextBytes {
            let grouped = DiagnosticReport.grouped
            var notes = [DiagnosticNote("'\(binding.name)' is defined here, and keeps \(grouped(kept)) bytes", at: binding.nameRange)]
            if let largest = largestKept, largest.binding !== binding {
                notes.append(DiagnosticNote("'\(largest.binding.name)' keeps the most, \(grouped(largest.bytes)) bytes", at: largest.binding.nameRange))
            }
            throw fail(.evaluationLimit, "let values hold more than \(grouped(limits.maxTextBytes)) bytes",
                       at: range, help: "keep large values out of let bindings: count or narrow them first", notes: notes)
        }
        binding.value = v
        return v
    }

    /// A field of an entity or record, or the parts of a date or country;
    /// nil when it has none.
    func fieldOf(_ v: Value, _ name: String) -> Value? {
        switch v {
        case .entity(let i): return model.field(i, name)
        case .record(let fields): return fields.first { $0.0 == name }?.1
        case .dateTime(let t): return fieldOf(.date(t.date), name)
        case .dateRange(let a, _): return fieldOf(.date(a), name)
        case .dateTimeRange(let r): return fieldOf(.date(r.start.date), name)
        case .language(let code):
            switch name {
            case "code": return .string(code)
            case "name": return Languages.lookup(code: code).map { .string($0.name) } ?? Value.none
            default: return nil
            }
        case .date(let d):
            // The year of "about 2019" or "after 2015" is not known.
            guard d.isExact else { return ["year", "month", "day"].contains(name) ? .unknown : nil }
            switch name {
            case "year": return .int(Int64(d.year))
            case "month": return d.month == 0 ? Value.none : .int(Int64(d.month))
            case "day": return d.day == 0 ? Value.none : .int(Int64(d.day))
            default: return nil
            }
        case .jurisdiction(let code):
            let j = Jurisdictions.lookup(code: code)
            switch name {
            case "code": return .string(code)
            case "name": return j.map { .string($0.name) } ?? Value.none
            case "alpha3": return j?.alpha3.map(Value.string) ?? Value.none
            // Places roll up: a subdivision's country and the UN M49 regions
            // it is in (docs/queries.md, "Places").
            case "country": return j.map { .jurisdiction($0.countryCode) } ?? Value.none
            case "parent": return j?.parent.map(Value.jurisdiction) ?? Value.none
            case "subdivision": return j.map { .bool($0.isSubdivision) } ?? Value.none
            case "region": return Regions.placement(of: code).map { .string($0.region.name) } ?? Value.none
            case "subregion": return Regions.placement(of: code).map { .string($0.subregion.name) } ?? Value.none
            case "intermediate_region": return Regions.placement(of: code)?.intermediate.map { .string($0.name) } ?? Value.none
            default: return nil
            }
        default: return nil
        }
    }

    /// `x.name`: a field; over a list, the field of each item (lists of
    /// lists are flattened, so `event.organisers.country` is one list).
    func member(_ base: Value, _ name: String, at range: SourceRange) throws(Failure) -> Value {
        switch base {
        case .none: return .none
        case .list(let items):
            var out: [Value] = []
            for item in items {
                let v = try member(item, name, at: range)
                if case .list(let inner) = v { out += inner } else if !v.isNone { out.append(v) }
            }
            try hold(out.count, range)
            return .list(out)
        default:
            if let v = fieldOf(base, name) { return v }
        }
        throw fail(.unknownMember, "\(base.typeName.withArticle) has no field '\(name)'", at: range,
                   help: NameResolution.memberHelp(base, name, model: model))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
