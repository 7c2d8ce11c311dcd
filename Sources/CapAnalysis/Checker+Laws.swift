import CapBase
import CapValues
import CapSyntax
import CapSchema

/// The checks of a law that need more than its fields' types: a law on
/// prostitution has a model, declared or derived from who it penalises
/// (unless it amends or complements another, and is read with it); a
/// declared model agrees with those parts; only laws on prostitution have
/// one; and two laws on prostitution of one jurisdiction in force at once
/// say how they relate. Only laws are read, so a corpus of events pays one
/// comparison per entity.
extension Checker {
    /// What the pass over all laws needs of one law.
    struct LawFacts {
        var entity: Int
        var place: String
        var range: SourceRange
        /// The first day it counts from (in force, in part, promulgated or
        /// passed) and the last day it may count before it was repealed.
        var start: CapDate
        var repealed: CapDate?
        var related: [Symbol]
    }

    /// The words the law checks read, looked up once.
    struct LawSymbols {
        let topic, model, criminalisation, act, penalised, jurisdiction: Symbol?
        let passed, promulgated, inForce, partlyInForce, date, repealed: Symbol?
        let supersedes, amends, complements: Symbol?

        init(_ interner: Interner) {
            func s(_ word: String) -> Symbol? { interner.lookup(word) }
            (topic, model, criminalisation, act, penalised, jurisdiction) =
                (s("topic"), s("model"), s("criminalisation"), s("act"), s("penalised"), s("jurisdiction"))
            (passed, promulgated, inForce, partlyInForce, date, repealed) =
                (s("passed"), s("promulgated"), s("in_force"), s("partly_in_force"), s("date"), s("repealed"))
            (supersedes, amends, complements) = (s("supersedes"), s("amends"), s("complements"))
        }
    }

    mutating func checkLaw(_ tree: SyntaxTree, _ block: BlockNode, owner: Owner) {
        let symbols = LawSymbols(interner)
        let bytes = self.bytes(tree.file)
        var topics: [Symbol] = []
        var model: ValueNode? = nil
        var parts = Criminalisation()
        var place: String? = nil
        var dates: [Symbol: CapDate] = [:]
        var firstPart: CapDate? = nil
        var related: [Symbol] = []
        // A law that amends or complements another is read with it, and
        // needs no model of its own.
        var readWithAnother = false
        func date(_ v: ValueNode) -> CapDate? {
            guard v.kind == .date || v.kind == .integer else { return nil }
            return try? CapDate.parse(bytes[Int(v.start)..<Int(v.end)])
        }
        for field in tree.fields(of: block) where !field.isDamaged {
            let values = tree.values(of: field)
            let fieldName: Symbol? = field.name
            switch fieldName {
            case symbols.topic: topics += values.filter { $0.kind == .identifier }.map(\.payload)
            case symbols.model: model = values.first { $0.kind == .identifier }
            case symbols.jurisdiction:
                if let v = values.first, v.kind == .identifier { place = Jurisdictions.lookup(code: name(v.payload))?.code }
                if let v = values.first, v.kind == .string { place = Jurisdictions.lookup(literal(tree, v))?.code }
            case symbols.criminalisation:
                for v in values where v.kind == .block {
                    var act: String? = nil, penalised: Bool? = nil
                    for f in tree.fields(of: tree.blocks[Int(v.payload)]) where !f.isDamaged {
                        guard let first = tree.values(of: f).first else { continue }
                        if f.name == symbols.act, first.kind == .identifier { act = name(first.payload) }
                        if f.name == symbols.penalised, first.kind == .boolean { penalised = first.payload == 1 }
                    }
                    if let act, let penalised { parts.penalised[act] = penalised }
                }
            case symbols.partlyInForce:
                for v in values where v.kind == .block {
                    for f in tree.fields(of: tree.blocks[Int(v.payload)]) where f.name == symbols.date && !f.isDamaged {
                        if let first = tree.values(of: f).first, let d = date(first), firstPart.map({ d < $0 }) ?? true { firstPart = d }
                    }
                }
            case symbols.passed, symbols.promulgated, symbols.inForce, symbols.repealed:
                if let v = values.first, let d = date(v) { dates[field.name] = d }
            case symbols.supersedes, symbols.amends, symbols.complements:
                related += values.filter { $0.kind == .identifier }.map(\.payload)
                if fieldName != symbols.supersedes && !values.isEmpty { readWithAnother = true }
            default: break
            }
        }
        let lawName = "law '\(name(owner.id))'"
        let onProstitution = topics.isEmpty || topics.contains { name($0) == "prostitution" }
        if !onProstitution {
            if let model {
                report(.warning(.modelOutsideProstitution,
                                "\(lawName) gives a model, but it is not a law on prostitution",
                                at: tree.range(model.start, model.end), label: "model of a law on \(topics.map(name).joined(separator: ", "))",
                                help: "add 'prostitution' to its 'topic', or remove the model: only laws on prostitution have one"))
            }
            return
        }
        if let model {
            let declared = name(model.payload)
            if !parts.isEmpty, EnumType.legalModel.cases.contains(where: { $0.name == declared }), !parts.agrees(with: declared) {
                let derived = parts.model.map { "make it \($0)" } ?? "contradict it"
                report(.warning(.modelContradictsParts,
                                "\(lawName) is declared \(declared), but what it penalises would \(derived): \(parts.summary)",
                                at: tree.range(model.start, model.end), label: "declared \(declared)",
                                help: "correct the model or the 'criminalisation' blocks" + (parts.model.map { ", or drop the model: \($0) follows from them" } ?? "")))
            }
        } else if parts.model == nil && !readWithAnother {
            report(.error(.missingField, "\(lawName) has no 'model'", at: owner.range, label: "missing 'model'",
                          help: "add a line 'model …' with one of " + EnumType.legalModel.cases.map { "'\($0.name)'" }.orList
                              + ", or 'criminalisation' blocks for buying and selling from which it follows"))
        }
        guard let place, let entity = owner.entityIndex,
              let start = dates[symbols.inForce ?? .max] ?? firstPart ?? dates[symbols.promulgated ?? .max] ?? dates[symbols.passed ?? .max]
        else { return }
        laws.append(LawFacts(entity: entity, place: place, range: owner.range, start: start,
                             repealed: dates[symbols.repealed ?? .max], related: related))
    }

    /// Two laws on prostitution of one jurisdiction that are both in force
    /// on some day, neither naming the other through a chain of
    /// `supersedes`, `amends` or `complements`: the map would have to guess
    /// which one governs.
    mutating func checkLawsInForce() {
        guard laws.count > 1 else { return }
        // Laws joined by relations, in either direction, are one group.
        var group = Array(laws.indices)
        func root(_ i: Int) -> Int { var i = i; while group[i] != i { i = group[i] }; return i }
        var byEntity: [Int: Int] = [:]
        for (i, law) in laws.enumerated() { byEntity[law.entity] = i }
        for (i, law) in laws.enumerated() {
            for symbol in law.related {
                guard let e = table.lookup(symbol), let j = byEntity[e] else { continue }
                group[root(i)] = root(j)
            }
        }
        var byPlace: [String: [Int]] = [:]
        for (i, law) in laws.enumerated() { byPlace[law.place, default: []].append(i) }
        for place in byPlace.keys.sorted() {
            let here = byPlace[place]!.sorted { laws[$0].start.firstDay < laws[$1].start.firstDay }
            for (n, later) in here.enumerated() {
                for earlier in here[..<n] where root(earlier) != root(later) {
                    let a = laws[earlier], b = laws[later]
                    // In force together for certain: the later one counts
                    // before the earlier one was repealed.
                    if let end = a.repealed, b.start.lastDay >= end.firstDay { continue }
                    let aName = name(table.ids[a.entity]), bName = name(table.ids[b.entity])
                    report(.warning(.unrelatedLawsInForce,
                                    "laws '\(aName)' and '\(bName)' are both on prostitution in \(place) and in force at once, and neither names the other",
                                    at: b.range, label: "in force from \(b.start)",
                                    notes: [DiagnosticNote("'\(aName)' is in force from \(a.start) here", at: a.range)],
                                    help: "say how they relate in '\(bName)': 'supersedes \(aName)', 'amends \(aName)' or 'complements \(aName)'; or record when '\(aName)' was repealed"))
                    break
                }
            }
        }
    }
}
