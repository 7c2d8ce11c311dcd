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

/// The checker through `Workspace`, with sources held in memory.
@Suite struct CheckerTests {
    /// Adds the sources in order, checks, and returns the workspace.
    static func check(_ files: [(String, String)]) -> Workspace {
        let ws = Workspace()
        for (name, text) in files { ws.addSource(name: name, text: text) }
        ws.check()
        return ws
    }

    static func check(_ text: String) -> Workspace { check([("test.cap", text)]) }

    /// "line:column" of a range's start.
    static func position(_ ws: Workspace, _ r: SourceRange) -> String {
        let (line, column) = ws.sources.lineColumn(r.file, r.start)
        return "\(line):\(column)"
    }

    /// "E0204@2" for each diagnostic, in file order.
    static func summary(_ ws: Workspace) -> [String] {
        ws.diagnostics.sorted().map { d in
            guard let r = d.range else { return d.code.id }
            let (line, _) = ws.sources.lineColumn(r.file, r.start)
            return "\(d.code.id)@\(ws.sources[r.file].path):\(line)"
        }
    }

    static let members = """
        coalition cap "CAP International" {
          country FR
        }

        member talita "Talita" {
          country SE
          joined 2014
        }

        member sawa "SAWA" {
          country LB
          joined 2017-04-02
        }

        tag demand "Demand" { }
        """

    static let events = """
        person gregoire "Grégoire Théry" {
          role { title "Director"; org cap }
        }

        event side "Side event" {
          date 2021-06-22 12:00 CEST
          organisers cap, talita
          speakers gregoire
          tags demand
        }
        """

    // MARK: - Entity table

    @Test func entityTableFindsEveryIdWithItsKindAndFile() {
        let ws = Self.check([("members.cap", Self.members), ("events.cap", Self.events)])
        #expect(ws.diagnostics.totalCount == 0, "\(Self.summary(ws))")
        #expect(ws.entities.count == 6)
        func find(_ id: String) -> (kind: EntityKindName, file: String, index: UInt32)? {
            guard let symbol = ws.interner.lookup(id), let i = ws.entities.lookup(symbol) else { return nil }
            let ref = ws.entities.refs[i]
            return (ws.entities.kinds[i], ws.sources[ref.file].path, ref.index)
        }
        #expect(find("cap").map { "\($0.kind) \($0.file) \($0.index)" } == "coalition members.cap 0")
        #expect(find("talita").map { "\($0.kind) \($0.file) \($0.index)" } == "member members.cap 1")
        #expect(find("sawa").map { "\($0.kind) \($0.file) \($0.index)" } == "member members.cap 2")
        #expect(find("demand").map { "\($0.kind) \($0.file) \($0.index)" } == "tag members.cap 3")
        #expect(find("gregoire").map { "\($0.kind) \($0.file) \($0.index)" } == "person events.cap 0")
        #expect(find("side").map { "\($0.kind) \($0.file) \($0.index)" } == "event events.cap 1")
        // Field names and enum words are interned too, but are not entities.
        #expect(find("country") == nil)
        #expect(find("nobody") == nil)
        #expect(ws.entities.indices(of: .member).map { ws.interner[ws.entities.ids[$0]] } == ["talita", "sawa"])
    }

    /// Every kind survives being packed beside its position, and past the
    /// packed limit (lowered here from 2^27) ids are still found, with
    /// their kinds, and still refused when used twice.
    @Test func entityTableKeepsKindsBesideEveryPositionAndPastThePackedLimit() {
        var table = EntityTable()
        table.packedLimit = 5
        let kinds = EntityKindName.ordered
        for (i, kind) in kinds.enumerated() {
            #expect(table.insert(EntityRef(file: 0, index: UInt32(i)), kind: kind, id: Symbol(100 + i), symbolCount: 200) == nil)
        }
        for (i, kind) in kinds.enumerated() {
            let found = table.lookupWithKind(Symbol(100 + i))
            #expect(found?.index == i && found?.kind == kind.index, "\(kind): \(String(describing: found))")
            #expect(table.lookup(Symbol(100 + i)) == i)
        }
        #expect(table.lookupWithKind(99) == nil && table.lookupWithKind(100 + Symbol(kinds.count)) == nil)
        #expect(table.lookupWithKind(5000) == nil, "a symbol interned after the table was made")
        #expect(table.insert(EntityRef(file: 1, index: 0), kind: .tag, id: 102, symbolCount: 200) == 2)
        #expect(table.insert(EntityRef(file: 1, index: 1), kind: .tag, id: 110, symbolCount: 200) == 10)
        #expect(table.count == kinds.count)
    }

    @Test func referencesResolveAcrossFilesInEitherOrder() {
        // Events first: references may point forward into a later file.
        let ws = Self.check([("events.cap", Self.events), ("members.cap", Self.members)])
        #expect(ws.diagnostics.totalCount == 0, "\(Self.summary(ws))")
        #expect(ws.fileCount == 2)
    }

    @Test func unresolvedReferenceInTheSecondFileIsReportedThere() {
        let events = Self.events.replacingOccurrences(of: "organisers cap, talita", with: "organisers cap, talitta")
        let ws = Self.check([("members.cap", Self.members), ("events.cap", events)])
        #expect(Self.summary(ws) == ["E0204@events.cap:7"])
        let d = ws.diagnostics.diagnostics.first
        #expect(d?.message == "no coalition, member, partner or person has the id 'talitta'")
        #expect(d?.help == "did you mean 'talita' (member)?")
        // The fix-it replaces exactly the misspelt id.
        #expect(d?.fixIts.count == 1)
        if let fix = d?.fixIts.first {
            #expect(fix.replacement == "talita")
            #expect(ws.text(fix.range) == "talitta")
            #expect(fix.range == d?.range)
        }
    }

    @Test func referenceToTheWrongKindNotesTheDeclaration() {
        let ws = Self.check([("members.cap", Self.members),
                             ("e.cap", "event e \"E\" {\n  date 2021\n  speakers talita\n}\n")])
        #expect(Self.summary(ws) == ["E0205@e.cap:3"])
        let note = ws.diagnostics.diagnostics.first?.notes.first
        #expect(note?.range.map { ws.sources[$0.file].path } == "members.cap")
        #expect(note?.range.map { ws.text($0) } == "talita")
        #expect(note?.range.map { ws.sources.lineColumn($0.file, $0.start).line } == 5)
    }

    // MARK: - Severities, counts, --werror

    static let mixed = """
        event e "E" {
          date 2021
          languages en, fr, en
          kind webinr
          country SWD
        }
        """

    @Test func warningsAndErrorsAreCountedApart() {
        let ws = Self.check(Self.mixed)
        #expect(Self.summary(ws) == ["W0301@test.cap:3", "E0208@test.cap:4", "E0209@test.cap:5"])
        #expect(ws.diagnostics.errorCount == 2)
        #expect(ws.diagnostics.warningCount == 1)
        #expect(ws.diagnostics.totalCount == 3)
        #expect(ws.diagnostics.hasErrors)
        #expect(ws.diagnostics.diagnostics.map(\.severity).sorted() == [.warning, .error, .error])
    }

    @Test func promoteWarningsTurnsEveryWarningIntoAnError() {
        let ws = Self.check(Self.mixed)
        ws.diagnostics.promoteWarnings()
        #expect(ws.diagnostics.errorCount == 3)
        #expect(ws.diagnostics.warningCount == 0)
        #expect(ws.diagnostics.diagnostics.allSatisfy { $0.severity == .error })
        #expect(ws.diagnostics.diagnostics.first { $0.code == .duplicateListValue }?.severity == .error)
    }

    @Test func warningsAloneDoNotFailUntilPromoted() {
        let ws = Self.check("tag a \"A\" { }\nevent e \"E\" {\n  date 2021\n  tags a, a\n}\n")
        #expect(Self.summary(ws) == ["W0301@test.cap:4"])
        #expect(!ws.diagnostics.hasErrors)
        ws.diagnostics.promoteWarnings()
        #expect(ws.diagnostics.hasErrors)
        #expect(ws.diagnostics.errorCount == 1)
    }

    @Test func promoteWarningsAlsoCountsWarningsThatWereNotStored() {
        var bag = DiagnosticBag(storeLimit: 2)
        for _ in 0..<5 { bag.add(.warning(.emptyFile, "w", at: nil)) }
        bag.add(.error(.unknownField, "e", at: nil))
        #expect(bag.diagnostics.count == 2)
        #expect(bag.warningCount == 5 && bag.errorCount == 1 && bag.droppedCount == 4)
        bag.promoteWarnings()
        #expect(bag.errorCount == 6 && bag.warningCount == 0)
    }

    // MARK: - Notes and fix-its

    @Test func duplicateIdNotePointsAtTheFirstDefinitionInAnotherFile() throws {
        let ws = Self.check([
            ("a.cap", "// first\nmember talita \"Talita\" {\n  country SE\n}\n"),
            ("b.cap", "\n\ntag talita \"Talita\" { }\n"),
        ])
        #expect(Self.summary(ws) == ["E0203@b.cap:3"])
        let d = try #require(ws.diagnostics.diagnostics.first, "no duplicate id reported")
        let range = try #require(d.range)
        #expect(d.severity == .error)
        #expect(ws.text(range) == "talita")
        #expect(Self.position(ws, range) == "3:5")
        #expect(d.notes.count == 1)
        let note = try #require(d.notes.first)
        let first = try #require(note.range, "the note has no range")
        #expect(note.message == "first used by member 'talita' here")
        #expect(ws.sources[first.file].path == "a.cap")
        #expect(ws.text(first) == "talita")
        #expect(Self.position(ws, first) == "2:8")
        // The first definition keeps the id.
        let i = ws.interner.lookup("talita").flatMap { ws.entities.lookup($0) }
        #expect(i.map { ws.entities.kinds[$0] } == .member)
    }

    @Test func duplicateFieldNotePointsAtTheFirstLine() {
        let ws = Self.check("member m \"M\" {\n  country SE\n  city \"A\"\n  country NO\n}\n")
        #expect(Self.summary(ws) == ["E0206@test.cap:4"])
        let note = ws.diagnostics.diagnostics.first?.notes.first
        #expect(note?.range.map { ws.sources.lineColumn($0.file, $0.start).line } == 2)
        #expect(note?.range.map { ws.text($0) } == "country")
    }

    @Test func didYouMeanComesWithAFixIt() {
        let ws = Self.check("""
            memebr m "M" {
              country SE
            }
            member n "N" {
              country SE
              contry SE
            }
            """)
        #expect(Self.summary(ws) == ["E0201@test.cap:1", "E0202@test.cap:6"])
        for d in ws.diagnostics.diagnostics {
            #expect(d.help?.hasPrefix("did you mean") == true, "\(d.code): \(d.help ?? "no help")")
            #expect(d.fixIts.count == 1, "\(d.code) gives a did-you-mean, so it carries a fix-it")
        }
        let kind = ws.diagnostics.diagnostics.first { $0.code == .unknownKind }
        #expect(kind?.fixIts.first?.replacement == "member")
        #expect(kind?.fixIts.first.map { ws.text($0.range) } == "memebr")
        let field = ws.diagnostics.diagnostics.first { $0.code == .unknownField }
        #expect(field?.fixIts.first?.replacement == "country")
        #expect(field?.fixIts.first.map { ws.text($0.range) } == "contry")
    }

    @Test func everyDidYouMeanCarriesAFixIt() {
        // Enum words, languages and countries also say "did you mean"; an
        // editor can only apply it when the diagnostic carries the fix-it.
        let ws = Self.check("""
            event e "E" {
              date 2021
              kind webinr
              languages enn
            }
            member m "M" {
              country Swedn
            }
            """)
        let suggesting = ws.diagnostics.diagnostics.filter { $0.help?.hasPrefix("did you mean") == true }
        #expect(suggesting.count == 3, "\(ws.diagnostics.diagnostics.map { "\($0.code): \($0.help ?? "")" })")
        for d in suggesting {
            #expect(!d.fixIts.isEmpty, "\(d.code) says '\(d.help ?? "")' but has no fix-it")
        }
    }

    @Test func noFixItWithoutASuggestion() {
        let ws = Self.check("member m \"M\" {\n  country SE\n  zzzzzzzzzzzz 1\n}\n")
        #expect(Self.summary(ws) == ["E0202@test.cap:3"])
        #expect(ws.diagnostics.diagnostics.first?.fixIts.isEmpty == true)
        #expect(ws.diagnostics.diagnostics.first?.help?.hasPrefix("its fields are") == true)
    }

    // MARK: - Dates

    static func date(_ text: String) -> CapDate { try! CapDate.parse(text) }

    @Test func partialDatesAreIntervals() {
        let d = Self.date
        #expect(d("2017-03").isWithin(d("2017")))
        #expect(d("2017-03-14").isWithin(d("2017-03")))
        #expect(d("2017-03-14").isWithin(d("2017")))
        #expect(!d("2017").isWithin(d("2017-03")))
        #expect(!d("2016-12-31").isWithin(d("2017")))
        #expect(d("2017").isWithin(d("2017")))
        #expect(d("2017-03").precision == .month)
        #expect(d("2017").precision == .year)
        #expect(d("2017-03-14").precision == .day)
        #expect(d("2017-03").description == "2017-03")
    }

    @Test func comparisonsSayWhenTheyCannotKnow() {
        let d = Self.date
        #expect(d("2017-03").isBefore(d("2017-04-02")) == true)
        #expect(d("2017-04-02").isBefore(d("2017-03")) == false)
        #expect(d("2017-03").isBefore(d("2017-03-14")) == nil)
        #expect(d("2017-03-14").isBefore(d("2017-03")) == nil)
        #expect(d("2017").isBefore(d("2017-06")) == nil)
        #expect(d("2016").isBefore(d("2017-01-01")) == true)
        #expect(d("2017-03-13").isBefore(d("2017-03-14")) == true)
        #expect(d("2017-03-14").isBefore(d("2017-03-14")) == false)
        #expect(d("2017-03").isDefinitelyBefore(d("2017-04")))
        #expect(!d("2017-03").isDefinitelyBefore(d("2017-03-31")))
        // Sorting: by first day, coarser first.
        #expect([d("2017-03-14"), d("2017-03"), d("2017"), d("2016-12-31")].sorted() ==
                [d("2016-12-31"), d("2017"), d("2017-03"), d("2017-03-14")])
    }

    @Test func leapYears() throws {
        #expect(CapDate.isLeap(2016))
        #expect(CapDate.isLeap(2000))
        #expect(!CapDate.isLeap(1900))
        #expect(!CapDate.isLeap(2017))
        #expect(throws: Never.self) { try CapDate.parse("2016-02-29") }
        #expect(throws: Never.self) { try CapDate.parse("2000-02-29") }
        #expect(throws: CapDate.Problem.day(29, daysInMonth: 28)) { try CapDate.parse("2017-02-29") }
        #expect(throws: CapDate.Problem.day(29, daysInMonth: 28)) { try CapDate.parse("1900-02-29") }
        #expect(throws: CapDate.Problem.day(31, daysInMonth: 30)) { try CapDate.parse("2017-04-31") }
        #expect(throws: CapDate.Problem.month(13)) { try CapDate.parse("2017-13") }
        #expect(throws: CapDate.Problem.month(0)) { try CapDate.parse("2017-00") }
        // Typed at the command line: too many digits are refused, not
        // overflowed, and the whole text must be the date.
        #expect(throws: CapDate.Problem.month(999)) { try CapDate.parse("2017-99999999999999999999999") }
        #expect(throws: CapDate.Problem.day(999, daysInMonth: 31)) { try CapDate.parse("2017-01-99999999999999999999") }
        #expect(throws: CapDate.Problem.year(20179)) { try CapDate.parse("201799999999999999999999") }
        #expect(throws: CapDate.Problem.month(0)) { try CapDate.parse("2017-000000000000003") }
        for text in ["2017-03x", "2017-03-14 12:00", "2017-", "2017-03-14-", "", "March"] {
            #expect(throws: CapDate.Problem.self, "\(text)") { try CapDate.parse(text) }
        }
        #expect(try CapDate.parse("2017-3") == CapDate.parse("2017-03"))
        // The last day of February bounds the month.
        let feb = try CapDate.parse("2016-02")
        #expect(try CapDate.parse("2016-02-29").isWithin(feb))
        #expect(feb.lastDay - feb.firstDay == 28)
        #expect(try CapDate.parse("2016").lastDay - CapDate.parse("2016").firstDay == 365)
        #expect(try CapDate.parse("2017").lastDay - CapDate.parse("2017").firstDay == 364)
    }

    @Test func checkerRejectsImpossibleDatesOnTheirLine() {
        let ws = Self.check("""
            law a "A" {
              jurisdiction SE
              model abolitionist
              passed 2016-02-29
              in_force 2017-02-29
            }
            """)
        #expect(Self.summary(ws) == ["E0401@test.cap:5"])
        #expect(ws.diagnostics.diagnostics.first?.message == "2017-02-29 is not a date: that month has 28 days, not 29")
    }

    @Test func partialDatesOnlyConflictWhenCertain() {
        // passed 2017-03 with in_force 2017-03-14: unknown order, no error.
        // in_force 2017-03 before passed 2017-04-02: certainly wrong.
        let ws = Self.check("""
            law ok "OK" {
              jurisdiction SE
              model abolitionist
              passed 2017-03
              in_force 2017-03-14
            }
            law bad "Bad" {
              jurisdiction NO
              model abolitionist
              passed 2017-04-02
              in_force 2017-03
            }
            """)
        #expect(Self.summary(ws) == ["E0402@test.cap:11"])
        let d = ws.diagnostics.diagnostics.first
        #expect(d?.notes.first?.range.map { ws.sources.lineColumn($0.file, $0.start).line } == 10)
    }

    @Test func organiserBeforeJoiningIsAWarningOnlyWhenCertain() {
        // sawa joined 2017-04-02. An event in 2017-03 is certainly before;
        // one in 2017-04 might be after.
        let ws = Self.check([("members.cap", Self.members), ("events.cap", """
            event early "Early" {
              date 2017-03
              organisers sawa
            }
            event maybe "Maybe" {
              date 2017-04
              organisers sawa
            }
            """)])
        #expect(Self.summary(ws) == ["W0401@events.cap:3"])
        #expect(ws.diagnostics.warningCount == 1 && ws.diagnostics.errorCount == 0)
        let note = ws.diagnostics.diagnostics.first?.notes.first
        #expect(note?.range.map { ws.sources[$0.file].path } == "members.cap")
        #expect(note?.range.map { ws.text($0) } == "2017-04-02")
    }
}
