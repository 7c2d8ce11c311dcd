import Foundation
import Testing
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL

/// `Timeline.Index` reads entries straight from the syntax trees on several
/// threads and sorts them on integer keys. These tests hold it to the plain
/// way: every field through `Model.field`, one entity after another, and a
/// sort that compares the entries themselves.
@Suite struct TimelineIndexTests {
    @Test(arguments: [1, 3])
    func theExamplesReadAsThroughTheModel(_ workers: Int) {
        let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples").path
        let ws = Workspace.load(paths: [examples])
        let program = ws.check(today: CaseRunner.today)
        #expect(!ws.diagnostics.hasErrors)
        let index = Timeline.Index(program.model, workers: workers)
        let expected = ModelTimeline(program.model)
        #expect(index.entries.count > 50)
        // The reference knows the five kinds it was written for; the
        // instruments and ratifications Examples/ records reach the timeline
        // by the prelude's declarations (issue 29), which it does not
        // re-implement: the index is compared on the five kinds, in order.
        let known: Set<EntityKindName> = [.event, .law, .member, .publication, .statement]
        let kept = index.entries.indices.filter { known.contains(index.entries[$0].kind) }
        var renumbered: [Int: Int] = [:]
        for (n, i) in kept.enumerated() { renumbered[i] = n }
        #expect(index.entries.count - kept.count == 19, "15 instrument and 4 ratification entries")
        #expect(kept.map { index.entries[$0] } == expected.entries)
        #expect(kept.map { index.entities[$0] } == expected.entities)
        #expect(index.order.compactMap { renumbered[$0] } == expected.order)
    }

    /// Fields repeated or split, values of the wrong shape, every kind of
    /// date, titles that only a String comparison orders (a combining accent
    /// against a precomposed one), and ties across files.
    static let oddities = [("a.cap", """
        tag t1 "One" {}
        tag t2 "Two" {}
        event e1 "Caf\\u{65}\\u{301} talk" {
          date 2017-03-14
          city "Paris"
          country FR
          tags t1
          tags t2
        }
        event e2 "Café talk" {
          date 2017-03-14
          online true
          country "France"
          url "https://x.org"
        }
        event e3 "Zebra" {
          date 2017-03-14
          online false
        }
        event e4 "Abc" {
          date 2017-03-14 12:00 CEST
          description "Line one\\nline two"
        }
        event e5 "Abc" {
          date 2017-03-14..2017-03-16
          country GB-NIR
        }
        event e6 "" { date 2017 }
        event e7 "Same title for sixteen bytes or more A" { date 2017-03 }
        event e8 "Same title for sixteen bytes or more B" { date 2017-03 }
        law l1 "Act" {
          jurisdiction SE
          model abolitionist
          bill 1998
          passed 1998-05
          in_force 1999-01-01
          source "https://a.org", "https://b.org"
          description "d"
          tags t1
        }
        member m1 "Org" {
          country FR
          joined 2019-06
          city "Lyon"
          website "https://m.org"
        }
        member m2 "Org without a date" { country FR }
        publication p1 "Report" {
          date 2020
          url "https://p.org"
          tags t2
        }
        statement s1 "Said" { date 2021-06-22 09:30 UTC }
        statement s2 "Said" { date 2021-06 }
        """), ("b.cap", """
        event f1 "Zebra" { date 2017-03-14 }
        event f2 "Caf\\u{65}\\u{301} talk" { date 2017-03-14 }
        statement f3 "Abc" { date 2017-03-14 }
        """)]

    @Test(arguments: [1, 2])
    func oddDataReadsAsThroughTheModel(_ workers: Int) {
        let ws = CheckerTests.check(Self.oddities)
        #expect(!ws.diagnostics.hasErrors && ws.diagnostics.totalCount == 0)
        let model = Model(workspace: ws)
        let index = Timeline.Index(model, workers: workers)
        let expected = ModelTimeline(model)
        #expect(index.entries.count == 18)
        #expect(index.entries == expected.entries)
        #expect(index.entities == expected.entities)
        #expect(index.order == expected.order)
        // Spot checks that the reference itself reads what was written.
        let byID = Dictionary(uniqueKeysWithValues: index.entries.map { ($0.id, $0) })
        #expect(byID["e1"]?.tags == ["t1", "t2"])
        #expect(byID["e2"]?.country == "FR" && byID["e2"]?.online == true)
        #expect(byID["e5"]?.endDate == (try? CapDate.parse("2017-03-16")))
        #expect(byID["l1.passed"]?.url == "https://a.org")
        #expect(byID["m2.joined"] == nil)
        #expect(byID["s1"]?.dateTime?.hour == 9)
    }

    /// An index read for some days only (what a diff's report figures
    /// read) holds the entries of the whole index whose first day falls in
    /// them, in the same order, with the same entities: a report's period
    /// reads no other entry, so its figures come out the same.
    @Test(arguments: ["2016", "2017-03-14..2021-12-31", "2017-03-15..2017-03-16", "2030..2040"])
    func anIndexForSomeDaysHoldsTheirEntriesInOrder(_ days: String) throws {
        let examples = EndToEndTests.packageRoot.appendingPathComponent("Examples").path
        let ws = Workspace.load(paths: [examples])
        let examplesModel = ws.check(today: CaseRunner.today).model
        let parts = days.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
        let from = try CapDate.parse(parts[0]).firstDay, to = try CapDate.parse(parts.last!).lastDay
        for model in [examplesModel, Model(workspace: CheckerTests.check(Self.oddities))] {
            let whole = Timeline.Index(model, workers: 2)
            let some = Timeline.Index(model, from: from, to: to, workers: 2)
            let kept = whole.order.filter { (from...to).contains(whole.entries[$0].date.firstDay) }
            #expect(some.order.map { some.entries[$0] } == kept.map { whole.entries[$0] })
            #expect(some.order.map { some.entities[$0] } == kept.map { whole.entities[$0] })
            #expect(some.entries.count == kept.count)
        }
        // France's law of 2016: passed, promulgated, in force.
        if days == "2016" { #expect(Timeline.Index(examplesModel, from: from, to: to).entries.count == 3) }
    }

    /// A law's stages from announcement to repeal, its amendments (bare
    /// dates and blocks naming the amending law) and the parts in force on
    /// their own dates: each an entry, read as through the model.
    @Test(arguments: [1, 2])
    func aLawsStagesAmendmentsAndPartsAreEntries(_ workers: Int) {
        let ws = CheckerTests.check([("a.cap", """
            law fr_2016 "Law of 13 April 2016" {
              jurisdiction FR
              model abolitionist
              announced 2012-06
              passed 2016-04-06
              promulgated 2016-04-13
              partly_in_force { date 2016-04-15; part "Articles 1 to 17" }
              amended 2018-08
              amendment { date 2021-04-21; by fr_2021; change "Consent of minors" }
              amendment { date 2022-01 }
              repealed 2030
            }
            law fr_2021 "Law of 21 April 2021" {
              jurisdiction FR
              topic minors, consent
              passed 2021-04-15
            }
            """)])
        #expect(!ws.diagnostics.hasErrors && ws.diagnostics.totalCount == 0)
        let model = Model(workspace: ws)
        let index = Timeline.Index(model, workers: workers)
        let expected = ModelTimeline(model)
        #expect(index.entries == expected.entries)
        #expect(index.order == expected.order)
        #expect(index.order.map { index.entries[$0].title } == [
            "France: Law of 13 April 2016 announced",
            "France: Law of 13 April 2016 passed",
            "France: Law of 13 April 2016 promulgated",
            "France: Law of 13 April 2016 enters into force in part (Articles 1 to 17)",
            "France: Law of 13 April 2016 amended",
            "France: Law of 21 April 2021 passed",
            "France: Law of 13 April 2016 amended (by Law of 21 April 2021: Consent of minors)",
            "France: Law of 13 April 2016 amended",
            "France: Law of 13 April 2016 repealed",
        ])
        #expect(index.order.map { index.entries[$0].id }[3...4] == ["fr_2016.partly_in_force.1", "fr_2016.amended.1"])
    }

    /// Titles their first bytes do not order, on one day: the same first
    /// sixteen bytes declared in reverse, and an accent written apart
    /// ("e\u{301}x") after a precomposed one ("éa"), which a String orders
    /// as "éx". The index sorts on the first bytes, then again by Strings
    /// where those cannot tell.
    @Test func titlesTheirFirstBytesDoNotOrder() {
        expectOrder("""
            event a1 "Same title for sixteen bytes or more, B" { date 2017-03-14 }
            event a2 "Same title for sixteen bytes or more, A" { date 2017-03-14 }
            event a3 "e\\u{301}x" { date 2017-03-14 }
            event a4 "éa" { date 2017-03-14 }
            event a5 "Zebra" { date 2017-03-14 }
            """, ["a2", "a1", "a5", "a4", "a3"])
    }

    /// Greek and Cyrillic titles, which the index orders by their bytes as
    /// it does Latin ones: a letter written apart is, as a String, the one
    /// written whole ("η\u{301}" is "ή"), and a sign that the normal form
    /// replaces (U+0387, which is "·") is not taken for a letter: its bytes
    /// would put "·b" before "\u{387}a", and a String does not.
    @Test func greekAndCyrillicTitlesSortAsStrings() {
        expectOrder("""
            event b1 "Ωmega\\u{387}a" { date 2017-03-14 }
            event b2 "Ωmega·b" { date 2017-03-14 }
            event b3 "Ζήτα" { date 2017-03-14 }
            event b4 "Ζη\\u{301}τα" { date 2017-03-14 }
            event b5 "Жук" { date 2017-03-14 }
            event b6 "Άλφα" { date 2017-03-14 }
            event b7 "Same title for sixteen bytes Ωb" { date 2017-03-14 }
            event b8 "Same title for sixteen bytes Ωa" { date 2017-03-14 }
            """, ["b8", "b7", "b6", "b3", "b4", "b1", "b2", "b5"])
    }

    /// Titles in other scripts, also ordered by their bytes when NFC
    /// leaves them alone (`NFCInertTable`): a Hangul syllable written as its
    /// letters ("\u{1100}\u{1161}" is "가"), an alef with its madda written
    /// apart ("\u{627}\u{653}" is "آ") and a compatibility ideograph that
    /// NFC replaces (U+F900 is U+8C48) are the same Strings as the letters
    /// written whole, and their bytes must not say otherwise.
    @Test func titlesInOtherScriptsSortAsStrings() {
        expectOrder("""
            event c1 "\u{1100}\u{1161}나" { date 2017-03-14 }
            event c2 "가다" { date 2017-03-14 }
            event c3 "\u{627}\u{653}ب" { date 2017-03-14 }
            event c4 "آا" { date 2017-03-14 }
            event c5 "\u{F900}" { date 2017-03-14 }
            event c6 "\u{8C48}" { date 2017-03-14 }
            event c7 "עברית" { date 2017-03-14 }
            event c8 "ไทย" { date 2017-03-14 }
            event c9 "“Quoted”" { date 2017-03-14 }
            event d1 "中文" { date 2017-03-14 }
            """, ["c7", "c4", "c3", "c8", "c9", "d1", "c5", "c6", "c1", "c2"])
    }

    /// Expects the index to order the entries of `source` as `ids`, and as
    /// the reference sort of Strings does.
    private func expectOrder(_ source: String, _ ids: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let ws = CheckerTests.check([("a.cap", source)])
        #expect(!ws.diagnostics.hasErrors, sourceLocation: sourceLocation)
        let model = Model(workspace: ws)
        let index = Timeline.Index(model, workers: 1)
        #expect(index.order.map { index.entries[$0].id } == ids, sourceLocation: sourceLocation)
        #expect(index.order == ModelTimeline(model).order, sourceLocation: sourceLocation)
    }

    /// Data with errors is read without a crash, and as the model reads it.
    @Test func brokenDataReadsAsThroughTheModel() {
        let ws = CheckerTests.check([("a.cap", """
            event e1 "A" { date 2017-13-40  country XX  tags nowhere, 12  online maybe }
            event e2 "B" { date  }
            event e3 { date 2017 }
            event e4 "C" { date 2017-01-01..  city 12 }
            law l1 "D" { jurisdiction "Nowhere"  bill 2017-02-30  passed 2017 source 12 }
            event e5 "E" { date 2018 date 2019  description "x" description "y" }
            event e6 "F" { date 2018 \u{0}
            """)])
        #expect(ws.diagnostics.hasErrors)
        let model = Model(workspace: ws)
        let index = Timeline.Index(model, workers: 2)
        let expected = ModelTimeline(model)
        #expect(index.entries == expected.entries)
        #expect(index.order == expected.order)
    }
}

/// The timeline read the plain way, for comparison: what `Timeline.Index`
/// did before it read the trees itself.
struct ModelTimeline {
    var entries: [TimelineEntry] = []
    var entities: [Int] = []
    var order: [Int] = []

    init(_ model: Model) {
        for kind in [EntityKindName.event, .law, .member, .publication, .statement] {
            let fields = Fields(model, kind)
            for e in model.entities(of: kind) {
                for entry in Self.entries(of: e, kind, model, fields) {
                    entries.append(entry)
                    entities.append(e)
                }
            }
        }
        let e = entries
        order = e.indices.sorted { a, b in
            if e[a].sortKey != e[b].sortKey { return e[a].sortKey < e[b].sortKey }
            if e[a].title != e[b].title { return e[a].title < e[b].title }
            return a < b
        }
    }

    /// A law's stages in order, with how a timeline words each: written
    /// here, as the prelude's `timeline` labels should give them.
    static let lawStages = [("announced", "announced"), ("bill", "bill introduced"), ("approved", "approved by the government"),
                            ("passed", "passed"), ("promulgated", "promulgated"),
                            ("in_force", "enters into force"), ("repealed", "repealed")].map { (field: $0.0, label: $0.1) }

    /// The fields timelines read, resolved once for a kind.
    struct Fields {
        let date, description, city, country, online, url, tags, jurisdiction, source, joined, website: Model.FieldAccess?
        let cosponsors, partners, languages: Model.FieldAccess?
        let amended, amendment, partlyInForce: Model.FieldAccess?
        let stages: [Model.FieldAccess?]

        init(_ model: Model, _ kind: EntityKindName) {
            func access(_ name: String) -> Model.FieldAccess? { model.access(name, of: kind) }
            date = access("date")
            description = access("description")
            city = access("city")
            country = access("country")
            online = access("online")
            url = access("url")
            tags = access("tags")
            jurisdiction = access("jurisdiction")
            source = access("source")
            joined = access("joined")
            website = access("website")
            cosponsors = access("cosponsors")
            partners = access("partners")
            languages = access("languages")
            amended = access("amended")
            amendment = access("amendment")
            partlyInForce = access("partly_in_force")
            stages = ModelTimeline.lawStages.map { access($0.field) }
        }
    }

    static func entries(of e: Int, _ kind: EntityKindName, _ model: Model, _ fields: Fields) -> [TimelineEntry] {
        let id = model.entityID(e), name = model.entityName(e)
        func value(_ access: Model.FieldAccess?) -> Value { access.map { model.field(e, $0) } ?? .none }
        func string(_ access: Model.FieldAccess?) -> String? {
            if case .string(let s) = value(access) { return s }
            return nil
        }
        func country(_ access: Model.FieldAccess?) -> String? {
            if case .jurisdiction(let c) = value(access) { return c }
            return nil
        }
        func tags() -> [String] {
            guard case .list(let items) = value(fields.tags) else { return [] }
            return items.compactMap { if case .entity(let t) = $0 { return model.entityID(t) } else { return nil } }
        }
        switch kind {
        case .event:
            var entry: TimelineEntry
            switch value(fields.date) {
            case .date(let d): entry = TimelineEntry(kind: .event, id: id, title: name, date: d)
            case .dateTime(let t): entry = TimelineEntry(kind: .event, id: id, title: name, date: t.date, dateTime: t)
            case .dateRange(let a, let b): entry = TimelineEntry(kind: .event, id: id, title: name, date: a, endDate: b)
            case .dateTimeRange(let r):
                entry = TimelineEntry(kind: .event, id: id, title: name, date: r.start.date, endDate: r.end.date,
                                      dateTime: r.start.time, endDateTime: r.end.time)
            default: return []
            }
            entry.description = string(fields.description)
            entry.city = string(fields.city)
            entry.country = country(fields.country)
            if case .bool(let online) = value(fields.online) { entry.online = online }
            entry.url = string(fields.url)
            entry.tags = tags()
            func names(_ access: Model.FieldAccess?) -> [String] {
                guard case .list(let items) = value(access) else { return [] }
                return items.compactMap { item in
                    switch item {
                    case .entity(let i): return model.entityName(i)
                    case .jurisdiction(let code): return Jurisdictions.name(code: code) ?? code
                    case .language(let code): return Languages.lookup(code: code)?.name ?? code
                    default: return nil
                    }
                }
            }
            entry.details = [("Co-sponsors", names(fields.cosponsors)), ("Partners", names(fields.partners)),
                             ("Languages", names(fields.languages))]
                .filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1.joined(separator: ", "))" }
            return [entry]
        case .law:
            let place = country(fields.jurisdiction)
            let placeName = place.flatMap { Jurisdictions.name(code: $0) } ?? ""
            var out: [TimelineEntry] = []
            var previous: CapDate? = nil
            func add(_ suffix: String, _ label: String, _ d: CapDate) {
                var entry = TimelineEntry(kind: .law, id: "\(id).\(suffix)", title: "\(placeName): \(name) \(label)", date: d)
                entry.country = place
                entry.description = string(fields.description)
                entry.tags = tags()
                if case .list(let sources) = value(fields.source), case .string(let url)? = sources.first { entry.url = url }
                out.append(entry)
            }
            func list(_ access: Model.FieldAccess?) -> [Value] {
                if case .list(let items) = value(access) { return items }
                return []
            }
            // In the prelude's order of the law's fields: the stages, with
            // the parts in force, the amendment dates and the amendments
            // after `in_force`, each list numbered on its own.
            for (stage, access) in zip(ModelTimeline.lawStages, fields.stages) {
                if stage.field == "repealed" {
                    var p = 0
                    for case .record(let fields) in list(fields.partlyInForce) {
                        guard case .date(let d)? = fields.first(where: { $0.0 == "date" })?.1 else { continue }
                        p += 1
                        var label = "enters into force in part"
                        if case .string(let part)? = fields.first(where: { $0.0 == "part" })?.1 { label += " (\(part))" }
                        add("partly_in_force.\(p)", label, d)
                    }
                    var n = 0
                    for case .date(let d) in list(fields.amended) {
                        n += 1
                        add("amended.\(n)", "amended", d)
                    }
                    var a = 0
                    for case .record(let fields) in list(fields.amendment) {
                        guard case .date(let d)? = fields.first(where: { $0.0 == "date" })?.1 else { continue }
                        a += 1
                        var what: [String] = []
                        if case .entity(let by)? = fields.first(where: { $0.0 == "by" })?.1 { what.append("by " + model.entityName(by)) }
                        if case .string(let change)? = fields.first(where: { $0.0 == "change" })?.1 { what.append(change) }
                        add("amendment.\(a)", what.isEmpty ? "amended" : "amended (\(what.joined(separator: ": ")))", d)
                    }
                }
                guard case .date(let d) = value(access) else { continue }
                var entry = TimelineEntry(kind: .law, id: "\(id).\(stage.field)", title: "\(placeName): \(name) \(stage.label)", date: d)
                // A stage whose coarser date holds the previous stage's day
                // sorts after that day.
                if let p = previous, d.firstDay <= p.firstDay, p.firstDay <= d.lastDay, d.sortKey <= p.sortKey {
                    entry.sortAfter = p.firstDay * 4 + 3
                }
                if previous == nil || d.sortKey > previous!.sortKey { previous = d }
                entry.country = place
                entry.description = string(fields.description)
                entry.tags = tags()
                if case .list(let sources) = value(fields.source), case .string(let url)? = sources.first {
                    entry.url = url
                }
                out.append(entry)
            }
            return out
        case .member:
            guard case .date(let d) = value(fields.joined) else { return [] }
            var entry = TimelineEntry(kind: .member, id: "\(id).joined", title: "\(name) joins the coalition", date: d)
            entry.city = string(fields.city)
            entry.country = country(fields.country)
            entry.url = string(fields.website)
            return [entry]
        case .publication, .statement:
            let date = value(fields.date)
            guard let d = Comparison.date(date) else { return [] }
            var entry = TimelineEntry(kind: kind == .publication ? .publication : .statement, id: id, title: name, date: d)
            entry.description = string(fields.description)
            entry.url = string(fields.url)
            entry.tags = tags()
            if kind == .statement, case .dateTime(let t) = date { entry.dateTime = t }
            if kind == .statement, case .dateRange(_, let b) = date { entry.endDate = b }
            if kind == .statement, case .dateTimeRange(let r) = date {
                (entry.dateTime, entry.endDate, entry.endDateTime) = (r.start.time, r.end.date, r.end.time)
            }
            return [entry]
        default:
            return []
        }
    }

}
