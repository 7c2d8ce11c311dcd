import Testing
@testable import CapEval

/// `contains` searches bytes where that gives the answer a String gives:
/// these hold the two together on the strings where they could part. The
/// reference is the standard library's search by characters (what
/// `contains` meant before, without Foundation, whose `contains` on
/// strings answers otherwise for "\r\n" and the empty string).
@Suite struct SubstringSearchTests {
    @Test(arguments: [
        (" member of parliament ", "parliament"), (" member of the riksdag ", " mp "), ("", ""), ("abc", ""), ("", "a"),
        ("ab", "abc"), ("aab", "ab"), ("abab", "bab"), ("x mp y", " mp "),
        // A carriage return and a line feed are one character.
        ("a\r\nb", "\n"), ("a\r\nb", "\r\n"), ("a\r\nb", "\r"),
        // A combining accent belongs to the letter before it.
        ("cafe\u{301}", "cafe"), ("café", "cafe\u{301}"), ("cafe\u{301}", "café"),
        // The Kelvin sign is a K, canonically.
        ("\u{212A}elvin", "Kelvin"), ("assemblée nationale", "assemblée"), ("Assemblée", "emb"),
    ])
    func answersAsAStringDoes(_ text: String, _ part: String) {
        #expect(SubstringSearch.contains(text, part) == (text.firstRange(of: part) != nil), "\(text.debugDescription) contains \(part.debugDescription)")
    }
}
