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

/// The distance behind every "did you mean", and its bounded form, which the
/// country and language name indexes use to give up early on far-off keys.
@Suite struct EditDistanceTests {
    @Test func knownDistances() {
        #expect(EditDistance.distance("kitten", "sitting") == 3)
        #expect(EditDistance.distance("Sweden", "sweden") == 0)
        #expect(EditDistance.distance("ab", "ba") == 1)  // a transposition is one edit
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.distance("Côte", "Cote") == 1)
    }

    /// The bounded distance is the true distance when that is within the
    /// bound and bound + 1 otherwise, for every pair of short words over a
    /// small alphabet (where repeats and transpositions are common).
    @Test func boundedAgreesWithUnbounded() {
        var generator = KillTests.Generator(state: 6)  // seeded: a failure names the same pair every run
        let alphabet: [Unicode.Scalar] = ["a", "b", "c", "é"]
        func word() -> [Unicode.Scalar] {
            (0..<Int(generator.next() % 9)).map { _ in alphabet[Int(generator.next() % 4)] }
        }
        for _ in 0..<3_000 {
            let (s, t) = (word(), word())
            let exact = EditDistance.distance(s, t)
            for bound in 0...4 {
                #expect(EditDistance.distance(s, t, bound: bound) == min(exact, bound + 1),
                        "\(String(String.UnicodeScalarView(s))) / \(String(String.UnicodeScalarView(t))) within \(bound)")
            }
        }
    }

    @Test func suggestionsScaleWithLength() {
        #expect(EditDistance.suggestions(for: "evnet", among: ["event", "member", "law"]) == ["event"])
        #expect(EditDistance.suggestions(for: "ab", among: ["ax", "ab"]) == ["ab"])  // short: exact only
    }
}
