/// FNV-1a, 64 bits: a short fingerprint of an output's exact bytes, so a
/// test can write down what a render must give without pasting a 100 KB
/// file into its source. Not for security, only to notice a change.
enum Fingerprint {
    static func of<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func of(_ text: String) -> UInt64 { of(text.utf8) }

    /// As tests write it: 0x and 16 hex digits.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
