import Foundation
import Testing
@testable import CapBase
@testable import CapSyntax
@testable import CapSchema
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapTooling

/// The node at a cursor, its context and its target, on checked data.
///
/// A cursor is written `‸` inside a needle: `"country S‸E"` is the offset
/// of the `E` in the one place the needle (without `‸`) occurs in the file.
/// Expected kinds, ids, fields and declaration places are written out here.
@Suite struct NodeAtOffsetTests {
    static let members = """
    // Members and what they do.
    member talita "Talita" {
      // the Swedish member
      country SE
      joined 2017-02
      website "https://talita.se"
      tags demand
    }

    tag demand "Demand" {
      description "Work on demand"
    }

    person anna "Anna Öberg 😀" {
      country "Sweden"
      role {
        title "Director"
        org talita
      }
    }

    event conf_2021 "Side event" {
      date 2021-06-22..2021-06-23
      kind side_event
      languages sv, en
      organisers talita, anna
      cosponsors FR, talita
      online true
    }

    law se_1999 "Sex Purchase Act" {
      jurisdiction SE
      model abolitionist
    }

    let swedish = members | where country == SE
    let older(n) = members | where joined < n
    assert swedish | count == 1, "one Swedish member"
    print talita.country
    print older(2018) | count
    print "{talita.country} is home"
    print members | where it != talita | count
    print [talita, anna] | count
    print events | where date in 2021-06..2021-07 | count
    let city = "Lyon"
    print members | where city == "Lyon" | count
    print city

    report r1 "R" {
      period 2017
      format md
      output "r.md"
      statistic swedish
    }

    """

    /// Checks the files as `cap check` does, then finds the node at the
    /// cursor written in `needle`, in the file named `file`.
    static func node(_ needle: String, in file: String = "members.cap",
                     files: [(String, String)] = [("members.cap", members)]) throws -> (LocatedNode?, Workspace) {
        let ws = Workspace()
        for (name, text) in files { ws.addSource(name: name, text: text) }
        ws.check()
        let id = try #require(ws.sources.files.first { $0.path == file }).id
        return (Locator(workspace: ws).node(in: id, at: try offset(needle, in: ws.sources[id].bytes)), ws)
    }

    /// The byte offset of `‸` in `needle`, placed where the needle occurs
    /// (exactly once) in `bytes`.
    static func offset(_ needle: String, in bytes: [UInt8]) throws -> UInt32 {
        let parts = needle.components(separatedBy: "‸")
        try #require(parts.count == 2, "one cursor in '\(needle)'")
        let n = Array((parts[0] + parts[1]).utf8)
        let hits = (0...(bytes.count - n.count)).filter { Array(bytes[$0..<$0 + n.count]) == n }
        try #require(hits.count == 1, "'\(parts[0] + parts[1])' occurs \(hits.count) times")
        return UInt32(hits[0] + parts[0].utf8.count)
    }

    /// "file:line:column" of a range's start, as the CLI prints it.
    static func place(_ ws: Workspace, _ r: SourceRange) -> String {
        let (line, column) = ws.sources.lineColumn(r.file, r.start)
        return "\(ws.sources[r.file].path):\(line):\(column)"
    }

    /// The declaration a node's target names, as "kind id at file:line:column".
    static func entityTarget(_ node: LocatedNode?, _ ws: Workspace) -> String? {
        guard case .entity(let d)? = node?.target else { return nil }
        return "\(d.kind.rawValue) \(d.id) at \(place(ws, d.idRange))"
    }

    static func bindingTarget(_ node: LocatedNode?, _ ws: Workspace) -> String? {
        guard case .binding(let name, let declaration)? = node?.target else { return nil }
        return "\(name) at \(place(ws, declaration)) '\(ws.text(declaration))'"
    }

    // MARK: Declarations

    @Test func theKindWordOfADeclaration() throws {
        let (node, _) = try Self.node("mem‸ber talita")
        #expect(node?.kind == .entityKindWord)
        #expect(node?.text == "member")
        #expect(node?.entity?.kind == .member)
        #expect(node?.entity?.id == "talita")
        #expect(node?.field == nil)
        #expect(node?.target == nil)
    }

    @Test func anEntityIdResolvesToItsOwnDeclaration() throws {
        let (node, ws) = try Self.node("member tal‸ita")
        #expect(node?.kind == .entityID)
        #expect(node?.text == "talita")
        #expect(Self.entityTarget(node, ws) == "member talita at members.cap:2:8")
        guard case .entity(let d)? = node?.target else { return }
        #expect(d.name == "Talita")
        #expect(ws.text(d.range).hasPrefix("member talita \"Talita\" {"))
        #expect(ws.text(d.range).hasSuffix("tags demand\n}"))
    }

    @Test func theHeaderString() throws {
        let (node, _) = try Self.node("\"Anna Ö‸berg")
        #expect(node?.kind == .entityName)
        #expect(node?.text == "\"Anna Öberg 😀\"")
        #expect(node?.entity?.id == "anna")
    }

    @Test func aFieldNameAndItsSpec() throws {
        let (node, _) = try Self.node("cou‸ntry SE\n  joined")
        #expect(node?.kind == .fieldName)
        #expect(node?.text == "country")
        #expect(node?.field?.name == "country")
        #expect(node?.field?.spec?.type == .jurisdiction)
        #expect(node?.field?.spec?.required == true)
        #expect(node?.entity?.id == "talita")
    }

    @Test func aFieldTheSchemaDoesNotHave() throws {
        let text = "member m \"M\" {\n  country SE\n  colour blue\n}\n"
        let (node, _) = try Self.node("colour bl‸ue", files: [("members.cap", text)])
        #expect(node?.kind == .value(.word))
        #expect(node?.field?.name == "colour")
        #expect(node?.field?.spec == nil)
        #expect(node?.target == nil)
    }

    // MARK: Values

    @Test func aCountryCodeAndItsName() throws {
        let (node, _) = try Self.node("country S‸E\n  joined")
        #expect(node?.kind == .value(.countryCode))
        #expect(node?.text == "SE")
        #expect(node?.field?.name == "country")
        guard case .jurisdiction(let j)? = node?.target else { Issue.record("no country: \(String(describing: node?.target))"); return }
        #expect(j.code == "SE")
        #expect(j.name == "Sweden")
    }

    @Test func aCountryWrittenByName() throws {
        let (node, _) = try Self.node("country \"Swe‸den\"")
        #expect(node?.kind == .value(.countryName))
        #expect(node?.entity?.id == "anna")
        guard case .jurisdiction(let j)? = node?.target else { Issue.record("no country"); return }
        #expect(j.code == "SE")
    }

    @Test func aDateAUrlABooleanAndARange() throws {
        var (node, _) = try Self.node("joined 2017-‸02")
        #expect(node?.kind == .value(.date))
        #expect(node?.text == "2017-02")
        (node, _) = try Self.node("\"https://tal‸ita.se\"")
        #expect(node?.kind == .value(.url))
        #expect(node?.field?.name == "website")
        (node, _) = try Self.node("online tr‸ue")
        #expect(node?.kind == .value(.boolean))
        (node, _) = try Self.node("2021-06-2‸2..")
        #expect(node?.kind == .value(.dateRange))
        #expect(node?.text == "2021-06-22..2021-06-23")
        #expect(node?.field?.name == "date")
        #expect(node?.entity?.id == "conf_2021")
        // A bare year where a date is expected is a date.
        (node, _) = try Self.node("period 20‸17")
        #expect(node?.kind == .value(.date))
    }

    @Test func aReferenceResolvesToItsDeclaration() throws {
        let (node, ws) = try Self.node("tags dem‸and")
        #expect(node?.kind == .value(.reference))
        #expect(node?.text == "demand")
        #expect(node?.field?.name == "tags")
        #expect(node?.entity?.id == "talita")
        #expect(Self.entityTarget(node, ws) == "tag demand at members.cap:10:5")
    }

    @Test func referencesInAListAndInAMixedField() throws {
        var (node, ws) = try Self.node("organisers talita, an‸na")
        #expect(node?.kind == .value(.reference))
        #expect(Self.entityTarget(node, ws) == "person anna at members.cap:14:8")
        // cosponsors take a country or an id: each is what it resolves to.
        (node, ws) = try Self.node("cosponsors F‸R")
        #expect(node?.kind == .value(.countryCode))
        guard case .jurisdiction(let j)? = node?.target else { Issue.record("no country"); return }
        #expect(j.name == "France")
        (node, ws) = try Self.node("cosponsors FR, tal‸ita")
        #expect(node?.kind == .value(.reference))
        #expect(Self.entityTarget(node, ws) == "member talita at members.cap:2:8")
    }

    @Test func aLanguageCodeAndItsName() throws {
        let (node, _) = try Self.node("languages sv, e‸n")
        #expect(node?.kind == .value(.languageCode))
        guard case .language(let l)? = node?.target else { Issue.record("no language"); return }
        #expect(l.code == "en")
        #expect(l.name == "English")
    }

    @Test func anEnumerationWordAndItsDocumentation() throws {
        var (node, _) = try Self.node("kind side_‸event")
        #expect(node?.kind == .value(.enumerationWord))
        #expect(node?.target == .enumerationCase(enumeration: "event kind", word: "side_event",
                                                 doc: "A side event at a UN or regional body session."))
        (node, _) = try Self.node("model abol‸itionist")
        #expect(node?.target == .enumerationCase(enumeration: "model", word: "abolitionist",
                                                 doc: "Nordic or Equality model: buying sex is an offence, selling it is not."))
    }

    @Test func aReportStatisticNamesALetBinding() throws {
        let (node, ws) = try Self.node("statistic swe‸dish")
        #expect(node?.kind == .value(.bindingName))
        #expect(node?.entity?.kind == .report)
        #expect(Self.bindingTarget(node, ws) == "swedish at members.cap:36:5 'swedish'")
    }

    // MARK: Nested blocks

    @Test func aFieldInsideANestedBlock() throws {
        var (node, ws) = try Self.node("title \"Dir‸ector\"")
        #expect(node?.kind == .value(.string))
        #expect(node?.text == "\"Director\"")
        #expect(node?.field?.name == "title")
        #expect(node?.field?.path == ["role"])
        #expect(node?.field?.spec?.required == true)
        #expect(node?.entity?.id == "anna")
        (node, ws) = try Self.node("org tal‸ita")
        #expect(node?.kind == .value(.reference))
        #expect(node?.field?.path == ["role"])
        #expect(Self.entityTarget(node, ws) == "member talita at members.cap:2:8")
    }

    @Test func theBracesOfANestedBlock() throws {
        let (node, _) = try Self.node("role ‸{")
        #expect(node?.kind == .block)
        #expect(node?.field?.name == "role")
        #expect(node?.field?.path == [])
        #expect(node?.text.hasPrefix("{\n    title") == true)
        #expect(node?.entity?.id == "anna")
    }

    // MARK: Blank space and comments

    @Test func blankSpaceInADeclarationGivesTheDeclaration() throws {
        let (node, _) = try Self.node(" ‸ joined 2017")
        #expect(node?.kind == .entity)
        #expect(node?.entity?.id == "talita")
        #expect(node?.field == nil)
    }

    @Test func betweenTheValuesOfAFieldGivesTheField() throws {
        let (node, _) = try Self.node("languages sv,‸ en")
        #expect(node?.kind == .field)
        #expect(node?.field?.name == "languages")
        #expect(node?.text == "languages sv, en")
    }

    @Test func aCursorJustAfterAWordIsOnThatWord() throws {
        var (node, _) = try Self.node("languages sv‸, en")
        #expect(node?.kind == .value(.languageCode))
        #expect(node?.text == "sv")
        (node, _) = try Self.node("tags demand‸\n}")
        #expect(node?.kind == .value(.reference))
        #expect(node?.text == "demand")
    }

    @Test func blankSpaceBetweenDeclarationsIsNothing() throws {
        let (node, _) = try Self.node("}\n‸\ntag demand")
        #expect(node == nil)
    }

    @Test func commentsAtTopLevelAndInsideADeclaration() throws {
        var (node, _) = try Self.node("// Mem‸bers")
        #expect(node?.kind == .comment)
        #expect(node?.text == "// Members and what they do.")
        #expect(node?.entity == nil)
        (node, _) = try Self.node("// the Sw‸edish")
        #expect(node?.kind == .comment)
        #expect(node?.entity?.id == "talita")
        #expect(node?.target == nil)
    }

    // MARK: Scripts

    @Test func aLetNameAndAUseOfIt() throws {
        var (node, ws) = try Self.node("let swe‸dish")
        #expect(node?.kind == .letName)
        #expect(node?.statement?.kind == .let)
        #expect(node?.statement?.name == "swedish")
        #expect(Self.bindingTarget(node, ws) == "swedish at members.cap:36:5 'swedish'")
        (node, ws) = try Self.node("assert swe‸dish")
        #expect(node?.kind == .name)
        #expect(node?.statement?.kind == .assert)
        #expect(Self.bindingTarget(node, ws) == "swedish at members.cap:36:5 'swedish'")
    }

    @Test func statementKeywords() throws {
        var (node, _) = try Self.node("ass‸ert swedish")
        #expect(node?.kind == .statement(.assert))
        #expect(node?.text == "assert swedish | count == 1, \"one Swedish member\"")
        (node, _) = try Self.node("pr‸int talita")
        #expect(node?.kind == .statement(.print))
        (node, _) = try Self.node("l‸et older")
        #expect(node?.kind == .statement(.let))
        #expect(node?.statement?.name == "older")
    }

    @Test func namesInExpressions() throws {
        var (node, ws) = try Self.node("swedish = mem‸bers")
        #expect(node?.kind == .name)
        #expect(node?.text == "members")
        #expect(node?.target == .collection(.member))
        // Inside a stage, a field of the current item.
        (node, ws) = try Self.node("where coun‸try == SE")
        #expect(node?.kind == .name)
        #expect(node?.target == .itemField("country"))
        (node, ws) = try Self.node("country == S‸E")
        #expect(node?.kind == .name)
        guard case .jurisdiction(let j)? = node?.target else { Issue.record("no country"); return }
        #expect(j.name == "Sweden")
        // Outside a stage a word that names a field is not one: here a let.
        (node, ws) = try Self.node("print ci‸ty")
        #expect(Self.bindingTarget(node, ws) == "city at members.cap:45:5 'city'")
        (node, ws) = try Self.node("where ci‸ty ==")
        #expect(node?.target == .itemField("city"))
        // A parameter of the let function around it.
        (node, ws) = try Self.node("joined < ‸n")
        #expect(node?.target == .parameter("n"))
        // An entity id in an expression.
        (node, ws) = try Self.node("print tal‸ita.country")
        #expect(node?.kind == .name)
        #expect(Self.entityTarget(node, ws) == "member talita at members.cap:2:8")
    }

    @Test func aFieldAccessAStageACallAndALiteral() throws {
        var (node, ws) = try Self.node("print talita.coun‸try")
        #expect(node?.kind == .member)
        #expect(node?.text == "country")
        (node, ws) = try Self.node("| wh‸ere country")
        #expect(node?.kind == .stage)
        #expect(node?.text == "where")
        #expect(node?.target == nil)
        (node, ws) = try Self.node("print old‸er(2018)")
        #expect(node?.kind == .call)
        #expect(node?.text == "older")
        #expect(Self.bindingTarget(node, ws) == "older at members.cap:37:5 'older'")
        (node, ws) = try Self.node("older(20‸18)")
        #expect(node?.kind == .literal(.integer))
        #expect(node?.text == "2018")
        (node, ws) = try Self.node("count == ‸1")
        #expect(node?.kind == .literal(.integer))
    }

    @Test func insideAnInterpolationAListAndAStage() throws {
        var (node, ws) = try Self.node("\"{tal‸ita.country}")
        #expect(node?.kind == .name)
        #expect(Self.entityTarget(node, ws) == "member talita at members.cap:2:8")
        (node, ws) = try Self.node("\"{talita.country} is h‸ome\"")
        #expect(node?.kind == .literal(.string))
        #expect(node?.text == "\"{talita.country} is home\"")
        (node, ws) = try Self.node("where i‸t != talita")
        #expect(node?.kind == .it)
        // In a stage, a word that is no field falls through to the entity.
        (node, ws) = try Self.node("it != tal‸ita")
        #expect(Self.entityTarget(node, ws) == "member talita at members.cap:2:8")
        (node, ws) = try Self.node("[talita, an‸na]")
        #expect(node?.kind == .name)
        #expect(Self.entityTarget(node, ws) == "person anna at members.cap:14:8")
        (node, ws) = try Self.node("[talita,‸ anna]")
        #expect(node?.kind == .expression)
        #expect(node?.text == "[talita, anna]")
        (node, ws) = try Self.node("in 2021-0‸6..2021-07")
        #expect(node?.kind == .literal(.dateRange))
        #expect(node?.text == "2021-06..2021-07")
    }

    @Test func anOperatorGivesTheExpressionAroundIt() throws {
        let (node, _) = try Self.node("count =‸= 1")
        #expect(node?.kind == .expression)
        #expect(node?.text == "swedish | count == 1")
        #expect(node?.statement?.kind == .assert)
    }

    @Test func aLetFunctionUsedAsAStage() throws {
        let text = "let over(xs, n) = xs | where joined > n\nprint members | over(2016) | count\n"
        let (node, ws) = try Self.node("| ov‸er(2016)", files: [("members.cap", text)])
        #expect(node?.kind == .stage)
        #expect(Self.bindingTarget(node, ws) == "over at members.cap:1:5 'over'")
    }

    @Test func anEditorsPositionCountsUTF16Units() throws {
        // Columns (UTF-16) on line 2: description 2–12, the four emoji 15–22
        // (two units each), speakers 26–33, anna 35–38.
        let text = "event e \"E\" {\n  date 2020\n  description \"😀😀😀😀\"; speakers anna\n}\n"
        let ws = Workspace()
        ws.addSource(name: "events.cap", text: "person anna \"Anna\" {}\n")
        let file = ws.addSource(name: "members.cap", text: text)
        ws.check()
        let locator = Locator(workspace: ws)
        let anna = locator.node(in: file, line: 2, utf16Column: 36)
        #expect(anna?.kind == .value(.reference))
        #expect(anna?.text == "anna")
        #expect(Self.entityTarget(anna, ws) == "person anna at events.cap:1:8")
        let speakers = locator.node(in: file, line: 2, utf16Column: 27)
        #expect(speakers?.kind == .fieldName)
        #expect(speakers?.text == "speakers")
        // Between the halves of the second emoji: the string it is in.
        let inside = locator.node(in: file, line: 2, utf16Column: 18)
        #expect(inside?.kind == .value(.string))
        #expect(inside?.field?.name == "description")
    }

    // MARK: Broken files, several files

    @Test func aFileWithSyntaxErrorsAnswersFromTheRecoveredTree() throws {
        let text = """
        member talita "Talita" {
          country SE
          joined 2017-02 extra
          city "Lyon"
        }
        let bad = (members
        member broken "Broken" {
          country
          tags demand
        """
        let files = [("members.cap", text), ("tags.cap", "tag demand \"Demand\" {}\n")]
        var (node, ws) = try Self.node("city \"Ly‸on\"", files: files)
        #expect(ws.diagnostics.hasErrors)
        #expect(node?.kind == .value(.string))
        #expect(node?.field?.name == "city")
        #expect(node?.entity?.id == "talita")
        // In a block never closed, after a field with no value.
        (node, ws) = try Self.node("tags dem‸and", files: files)
        #expect(node?.kind == .value(.reference))
        #expect(node?.entity?.id == "broken")
        #expect(Self.entityTarget(node, ws) == "tag demand at tags.cap:1:5")
        // In a statement whose bracket is never closed.
        (node, ws) = try Self.node("bad = (mem‸bers", files: files)
        #expect(node?.kind == .name)
        #expect(node?.target == .collection(.member))
    }

    @Test func aReferenceIntoAnotherFile() throws {
        let files = [("events.cap", "event e1 \"E\" {\n  date 2020\n  speakers anna\n}\n"),
                     ("people.cap", "// People.\nperson anna \"Anna\" {\n  country SE\n}\n")]
        let (node, ws) = try Self.node("speakers an‸na", in: "events.cap", files: files)
        #expect(node?.kind == .value(.reference))
        #expect(Self.entityTarget(node, ws) == "person anna at people.cap:2:8")
        guard case .entity(let d)? = node?.target else { return }
        #expect(d.path == "people.cap")
        #expect(ws.text(d.idRange) == "anna")
    }

    @Test func anIncludeAndTheFileItLoads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cap-node-at-offset-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let main = "include \"people.cap\"\n\nevent e1 \"E\" {\n  date 2020\n  speakers anna\n}\n"
        try main.write(to: folder.appendingPathComponent("main.cap"), atomically: true, encoding: .utf8)
        try "person anna \"Anna\" {\n  country SE\n}\n".write(to: folder.appendingPathComponent("people.cap"), atomically: true, encoding: .utf8)
        let ws = Workspace.load(paths: [folder.appendingPathComponent("main.cap").path])
        ws.check()
        #expect(!ws.diagnostics.hasErrors)
        let mainFile = try #require(ws.sources.files.first { $0.path.hasSuffix("main.cap") })
        let locator = Locator(workspace: ws)
        let include = locator.node(in: mainFile.id, at: try Self.offset("include \"peo‸ple.cap\"", in: mainFile.bytes))
        #expect(include?.kind == .include)
        #expect(include?.text == "include \"people.cap\"")
        guard case .file(let loaded, let path)? = include?.target else { Issue.record("no file"); return }
        #expect(path.hasSuffix("people.cap"))
        #expect(ws.sources[loaded].text(0..<11) == "person anna")
        let speaker = locator.node(in: mainFile.id, at: try Self.offset("speakers an‸na", in: mainFile.bytes))
        guard case .entity(let d)? = speaker?.target else { Issue.record("no entity"); return }
        #expect(d.file == loaded)
        #expect(ws.sources.lineColumn(d.file, d.idRange.start) == (1, 8))
    }

    @Test func aDuplicateIdResolvesToTheFirstDeclaration() throws {
        let text = "tag t \"One\" {}\ntag t \"Two\" {}\n"
        let (node, ws) = try Self.node("t‸ \"Two\"", files: [("members.cap", text)])
        #expect(node?.kind == .entityID)
        #expect(node?.entity?.index == 1)
        #expect(Self.entityTarget(node, ws) == "tag t at members.cap:1:5")
    }

    @Test func anUnknownIdResolvesToNothing() throws {
        let text = "event e1 \"E\" {\n  date 2020\n  speakers nobody\n}\n"
        let (node, ws) = try Self.node("speakers nob‸ody", files: [("members.cap", text)])
        #expect(ws.diagnostics.hasErrors)
        #expect(node?.kind == .value(.reference))
        #expect(node?.target == nil)
    }
}
