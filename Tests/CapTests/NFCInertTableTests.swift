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

/// `NFCInertTable` is made from the Unicode Character Database by a Python
/// script; the index sorts titles on their bytes on its word. These tests
/// hold it to what this Swift itself does: a scalar it calls inert must be
/// one NFC leaves alone wherever it stands.
@Suite struct NFCInertTableTests {
    /// Every scalar of the Basic Multilingual Plane the table calls inert is
    /// assigned, has combining class 0 (nothing reorders around it) and is
    /// its own NFC (no singleton or excluded decomposition).
    @Test func inertScalarsAreTheirOwnNormalForm() {
        var wrong: [String] = []
        for value in UInt32(0)..<0x10000 where NFCInertTable.contains(value) {
            guard let scalar = Unicode.Scalar(value) else { wrong.append("surrogate \(value)"); continue }
            let text = String(Character(scalar))
            if scalar.properties.generalCategory == .unassigned
                || scalar.properties.canonicalCombiningClass != .notReordered
                || text.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value) != [value] {
                wrong.append(String(value, radix: 16))
            }
        }
        #expect(wrong.isEmpty, "not inert: \(wrong.prefix(20))")
    }

    /// No inert scalar is a later part of the canonical decomposition of a
    /// scalar NFC keeps: it could then compose with what precedes it, as
    /// "\u{627}\u{653}" is "\u{622}". (Scalars NFC does not keep, such as
    /// Tibetan U+0FB9, are never composed again.)
    @Test func noInertScalarComposesWithWhatPrecedesIt() {
        var wrong = Set<UInt32>()
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned else { continue }
            let text = String(Character(scalar))
            let parts = text.decomposedStringWithCanonicalMapping.unicodeScalars
            guard parts.count > 1, text.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value) == [value] else { continue }
            for part in parts.dropFirst() where NFCInertTable.contains(part.value) { wrong.insert(part.value) }
        }
        #expect(wrong.isEmpty, "inert, but part of a decomposition: \(wrong.sorted().prefix(20))")
    }

    /// The table covers the scripts the coalition's titles are written in.
    @Test func lettersOfTheCoalitionsScriptsAreInert() {
        for text in ["Capacitación", "Ζήτα", "Жук", "Հայաստան", "עברית", "العربية", "हिन्दी", "ไทย", "한국어", "中文", "日本語", "“quoted” – dash"] {
            let outside = text.unicodeScalars.filter { !NFCInertTable.contains($0.value) }
            if text == "हिन्दी" {
                #expect(outside.map(\.value) == [0x94D], "the virama has a combining class")
            } else {
                #expect(outside.isEmpty, "\(text): \(outside.map { String($0.value, radix: 16) })")
            }
        }
        #expect(!NFCInertTable.contains(0x301) && !NFCInertTable.contains(0x1161) && !NFCInertTable.contains(0xF900))
    }
}
