/// `contains` on strings, as Swift compares them (by characters, under
/// canonical equivalence), with a byte search where that gives the same
/// answer: when both strings are ASCII without a carriage return, every
/// byte is a character of its own and no character has another spelling.
/// The generic search walked grapheme clusters: the annual report's
/// statistics ask twelve `contains` of every role title of every person
/// met, and on 100,000 events that search was a third of their time.
enum SubstringSearch {
    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text, part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                guard isPlain(haystack), isPlain(needle) else { return nil }
                return bytesContain(haystack, needle)
            }
        } ?? text.contains(part)
    }

    /// ASCII, and no "\r", which with a following "\n" is one character.
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b >= 0x80 || b == 0x0D { return false }
        return true
    }

    private static func bytesContain(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
