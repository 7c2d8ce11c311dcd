import Testing
@testable import Cap

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
        var generator = SplitMix(seed: 6)
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

/// A small deterministic generator, so a failure names the same pair every run.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
