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

/// Each input at the prompt is analysed in a workspace of its own, derived
/// from the loaded data: the analysis a reply was made from is never changed
/// afterwards, a rejected input leaves nothing behind, and expressions do
/// not pile up over a long session.
@Suite struct ReplAnalysisTests {
    @Test func anInputMakesANewAnalysisAndLeavesTheLastOneAsItWas() {
        let (session, _folder) = ReplSessionTests.session()
        _ = _folder
        let loaded = session.workspace
        let loadedFiles = loaded.trees.count
        let loadedEntities = loaded.entities.count
        #expect(session.handle("let swedish = members | where country == SE").output == "")
        #expect(session.workspace !== loaded)
        #expect(session.handle("member fokus \"Fokus\" { country SE }").output == "added member fokus\n")
        #expect(session.handle("swedish | count").output == "2\n")
        // What the load made is what it was: no input was added to it.
        #expect(loaded.trees.count == loadedFiles)
        #expect(loaded.entities.count == loadedEntities)
        #expect(loaded.sources.files.count == loadedFiles)
    }

    @Test func aRejectedInputLeavesTheSessionsAnalysisUntouched() {
        let (session, _folder) = ReplSessionTests.session()
        _ = _folder
        _ = session.handle("let n = members | count")
        let before = session.workspace
        let reply = session.handle("let n = members | where countri == SE | count")
        #expect(reply.failed)
        #expect(reply.errors.contains("no field 'countri'") || reply.errors.contains("unknown name 'countri'"))
        #expect(session.workspace === before)
        #expect(session.handle("n").output == "2\n")
        let afterN = session.workspace
        // A typed entity that clashes with the data is refused whole.
        let clash = session.handle("member talita \"Again\" { country SE }\nlet m = 1")
        #expect(clash.failed)
        #expect(session.workspace === afterN)
        #expect(session.handle("m").failed)
    }

    @Test func expressionsDoNotPileUpOverALongSession() {
        let (session, _folder) = ReplSessionTests.session()
        _ = _folder
        let files = session.workspace.trees.count
        _ = session.handle("let a = 1")
        for i in 0..<200 { _ = session.handle("members | count + \(i)") }
        _ = session.handle("let a = 2")
        _ = session.handle("let b = a + 1")
        // The data, the three definitions, the last input: nothing else.
        #expect(session.workspace.trees.count == files + 3)
        #expect(session.handle("b").output == "3\n")
    }

    /// A warning about an accepted input is shown with it, and not again by
    /// the next command that shows what the session's workspace holds.
    @Test func anAcceptedInputsWarningIsShownOnce() {
        let (session, _folder) = ReplSessionTests.session()
        _ = _folder
        let typed = session.handle("event twice \"Twice\" {\n  date 2017-05\n  organisers talita, talita\n}")
        #expect(typed.output == "added event twice\n")
        #expect(typed.errors.contains("'talita' appears twice in 'organisers'"))
        let next = session.handle(":report 2017")
        #expect(!next.errors.contains("appears twice"))
        #expect(!next.failed)
    }
}
