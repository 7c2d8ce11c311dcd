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

/// The schema as data: the prelude, kinds the data declares, and everything
/// downstream seeing them (issue 29).
@Suite struct SchemaTests {
    static let treaties = """
        kind treaty "An international convention or protocol." {
          header     title
          collection treaties
          adopted    { type date; required true; doc "When it was adopted." }
          parties    { type jurisdiction; list true; doc "States party to it." }
        }
        """
    static let data = """
        treaty c1949 "Convention for the Suppression of the Traffic in Persons and of the Exploitation of the Prostitution of Others" {
          adopted 1949-12-02
          parties FR
        }
        treaty cedaw "Convention on the Elimination of All Forms of Discrimination against Women" {
          adopted 1979-12-18
        }
        """

    /// The prelude file is the built-in schema's one description: printed
    /// back from what was read, it is the same text (after its comment).
    @Test func thePreludePrintsBackAsItself() throws {
        let prelude = SchemaReader.preludeText
        let body = prelude.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0.hasPrefix("//") || $0.isEmpty }.joined(separator: "\n")
        #expect(SchemaPrinter.declarations(of: .builtIn) == body)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/CapSchema/Prelude/prelude.cap")
        #expect(try String(contentsOf: file, encoding: .utf8) == prelude)
    }

    @Test func theBuiltInKindsAreThePreludesInTheirOrder() {
        #expect(Schema.builtIn.kinds.map(\.name.rawValue) == [
            "coalition", "member", "partner", "person", "event", "campaign", "publication", "statement", "law", "tag",
            "report", "timeline", "map", "instrument", "ratification",
        ])
        #expect(Schema.builtIn[.person].collections == ["people", "persons"])
        // A law on prostitution needs a model, declared or derived: the checker
        // says so (Checker+Laws.swift), not the schema, since laws of other
        // topics have none.
        #expect(Schema.builtIn[.law].field(named: "model")?.required == false)
        #expect(EnumType.legalModel.caseNames == ["abolitionist", "prohibitionist", "legalised", "decriminalised", "partial"])
        #expect(EnumType.timelineKind.name == "timeline entry kind")
        #expect(RecordSchema.role.field(named: "to")?.after == ["from"])
    }

    /// A kind declared in another file, after its first use, is checked and
    /// queried like a built-in one.
    @Test func aKindDeclaredInAnotherFileIsQueried() throws {
        let dir = TemporaryFolder()
        dir.write("a-data.cap", Self.data)
        dir.write("b-schema.cap", Self.treaties)
        let workspace = Workspace.load(paths: [dir.path])
        let program = workspace.check()
        #expect(workspace.diagnostics.diagnostics.isEmpty, "\(workspace.diagnostics.diagnostics.map(\.message))")
        let formatter = ValueFormatter(entities: program.model)
        func eval(_ text: String) -> String {
            let file = workspace.addSource(name: "q", text: text, allowingExpressions: true)
            guard case .expression(let e) = workspace.tree(file).statements[0].kind, let v = program.evaluate(e) else { return "?" }
            return formatter.inline(v)
        }
        #expect(eval("treaties | count") == "2")
        #expect(eval("treaties | where adopted < 1950 | map title") == "[\"Convention for the Suppression of the Traffic in Persons and of the Exploitation of the Prostitution of Others\"]")
        #expect(eval("c1949.parties") == "[FR]")
        #expect(eval("cedaw.type") == "treaty")
    }

    /// Missing a declared required field, misspelling a declared kind: the
    /// same diagnostics as for built-in kinds, with declared kinds suggested.
    @Test func declaredKindsGetTheDataDiagnostics() {
        let workspace = Workspace()
        workspace.addSource(name: "s.cap", text: Self.treaties)
        workspace.addSource(name: "d.cap", text: """
            treaty palermo "Palermo Protocol" {
              adopted 2000-11-15
              parties fr
            }
            treaty cedaw "CEDAW" {
            }
            treatie x "X" { }
            """)
        _ = workspace.check()
        let seen = workspace.diagnostics.sorted().map { "\($0.code.id) \($0.message) \($0.help ?? "")" }
        #expect(seen == [
            "E0209 unknown country or territory 'fr' ISO codes are written in capitals: FR",
            "E0207 treaty 'cedaw' has no 'adopted' add a line 'adopted …' with a date (2017, 2017-03 or 2017-03-14)",
            "E0201 unknown entity kind 'treatie' did you mean 'treaty'?",
        ].map { $0 }, "\(seen)")
    }

    @Test func theReplListsShowsAndCompletesDeclaredKinds() {
        let (s, _) = ReplSessionTests.session(["schema.cap": Self.treaties, "data.cap": Self.data])
        #expect(!s.loadReply.failed, "\(s.loadReply.errors)")
        #expect(s.handle(":list").output.contains("treaties"))
        #expect(s.handle(":list treaties").output == """
            id     name
            ─────  ────────────────────────────────────────
            c1949  Convention for the Suppression of the T…
            cedaw  Convention on the Elimination of All Fo…

            """)
        #expect(s.complete("c19").candidates == ["c1949"])
        #expect(s.complete("c1949.ado").candidates == ["adopted"])
        #expect(s.complete("treaties | where par").candidates.contains("parties"))
        #expect(s.complete("trea").candidates == ["treaties", "treaty"])
        #expect(s.handle("treaty tip \"Trafficking in Persons Protocol\" {\n  adopted 2000-11-15\n}").output == "added treaty tip\n")
        #expect(s.handle("treaties | count").output == "3\n")
    }

    /// `cap schema` prints valid .cap, and `--data` shows the data's kinds.
    @Test func capSchemaPrintsDeclarationsThatCheck() throws {
        let all = try EndToEndTests.run(["schema"])
        #expect(all.status == 0)
        #expect(all.stdout == SchemaReader.preludeText)
        let dir = TemporaryFolder()
        dir.write("schema.cap", all.stdout)
        let checked = try EndToEndTests.run(["check", dir.path])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout + checked.stderr == "checked 1 file: 0 errors, 0 warnings\n")
        let data = TemporaryFolder()
        data.write("schema.cap", Self.treaties)
        let part = try EndToEndTests.run(["schema", "--data", data.path, "treaty"])
        #expect(part.stdout == """
            kind treaty "An international convention or protocol." {
              header title
              collection treaties
              adopted { type date; required true; doc "When it was adopted." }
              parties { type jurisdiction; list true; doc "States party to it." }
            }

            """)
    }

    @Test func declaredKindsPrintAsJSON() throws {
        let dir = TemporaryFolder()
        dir.write("schema.cap", Self.treaties)
        dir.write("data.cap", Self.data)
        let r = try EndToEndTests.run(["eval", "--format", "json", "treaties | map {id: id, adopted: adopted}", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            [
              {"id":"c1949","adopted":"1949-12-02"},
              {"id":"cedaw","adopted":"1979-12-18"}
            ]

            """)
    }

    /// Each limit of the schema is exceeded with a diagnostic.
    @Test func theSchemaLimitsAreReported() {
        let workspace = Workspace()
        let kinds = (0..<60).map { "kind k\($0) \"K.\" { }" }.joined(separator: "\n")
        let enums = (0..<60).map { "enum e\($0) \"E.\" { w\($0) \"W.\" }" }.joined(separator: "\n")
        let records = (0..<70).map { "record r\($0) \"R.\" { }" }.joined(separator: "\n")
        workspace.addSource(name: "s.cap", text: kinds + "\n" + enums + "\n" + records)
        _ = workspace.check()
        let limits = workspace.diagnostics.diagnostics.filter { $0.code == .schemaLimit }.map(\.message)
        #expect(limits.filter { $0.contains("kinds") }.count == 60 + 15 - 64)
        #expect(limits.filter { $0.contains("enumerations") }.count == 60 + 16 - 64)
        #expect(limits.filter { $0.contains("record types") }.count == 70 + 6 - 64)
        #expect(limits.first == "a schema holds at most 64 kinds; 'k49' is one too many")
    }
}

extension SchemaTests {
    /// A kind declared at the prompt can be used in the next input.
    @Test func aKindDeclaredAtThePromptIsUsedInTheNext() {
        let (s, _) = ReplSessionTests.session()
        #expect(s.handle("kind treaty \"A treaty.\" {\n  adopted { type date; required true; doc \"When.\" }\n}").output == "declared kind treaty\n")
        #expect(s.handle("treaty c1949 \"1949 Convention\" {\n  adopted 1949-12-02\n}").output == "added treaty c1949\n")
        #expect(s.handle("treaties | map adopted").output == "1949-12-02\n")
        let bad = s.handle("treatie x \"X\" { }")
        #expect(bad.errors.contains("unknown entity kind 'treatie'"))
        #expect(bad.errors.contains("did you mean 'treaty'?"))
    }
}

extension SchemaTests {
    /// What `cap schema KIND` prints checks on its own, for every kind.
    @Test func eachKindsPartChecks() {
        for kind in Schema.builtIn.kinds {
            let workspace = Workspace()
            workspace.addSource(name: "\(kind.name.rawValue).cap", text: SchemaPrinter.part(of: .builtIn, kind: kind.name))
            _ = workspace.check()
            #expect(workspace.diagnostics.diagnostics.isEmpty, "\(kind.name.rawValue): \(workspace.diagnostics.diagnostics.map(\.message))")
        }
    }

    /// A declaration that differs from the built-in one is refused, and says how to add instead.
    @Test func aBuiltInKindDeclaredDifferentlyIsRefused() {
        let workspace = Workspace()
        workspace.addSource(name: "s.cap", text: "kind tag \"A label.\" {\n  header label\n}")
        _ = workspace.check()
        #expect(workspace.diagnostics.diagnostics.map(\.message) == ["a kind named 'tag' is already declared"])
        #expect(workspace.diagnostics.diagnostics.first?.help == "to add to it, write: extend tag { … }")
        #expect(workspace.diagnostics.diagnostics.first?.notes.map(\.message) == ["'tag' is a built-in kind (cap schema tag shows it)"])
    }
}
