/// Terminal column widths, so a diagnostic's `^^^` lands under the right
/// characters whatever script the source line is in. Byte and Character
/// counts both go wrong: "é" may be one or two scalars, "국" is one scalar
/// but two columns.
///
/// A string's width is the plain sum of its scalars' widths. That keeps it
/// additive — width(prefix) + width(range) == width(prefix + range) — which
/// is what placing an underline needs. The price is emoji sequences, which
/// terminals disagree about anyway: "👩‍💻" (woman, ZWJ, laptop) counts 4
/// (2 + 0 + 2) where a terminal that joins it draws 2, and "❤️" (U+2764 plus
/// VS16) counts 1 where some terminals draw 2.
public enum DisplayWidth {
    /// Columns a scalar takes in a terminal: 0, 1 or 2. Control characters: 0 (callers replace tabs themselves).
    @inlinable
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        // Nearly all source text is ASCII; keep it off the tables.
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }  // DEL and the C1 controls.
        return nonASCII(v)
    }

    /// Columns a string takes (sum over scalars).
    public static func of(_ text: Substring) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            total &+= of(scalar)
        }
        return total
    }

    public static func of(_ text: String) -> Int {
        of(text[...])
    }

    @usableFromInline
    static func nonASCII(_ v: UInt32) -> Int {
        if v < DisplayWidthTable.narrowBelow { return 1 }
        if contains(DisplayWidthTable.zero, v) { return 0 }
        if contains(DisplayWidthTable.wide, v) { return 2 }
        return 1
    }

    /// Binary search over `[first, last, first, last, ...]` for the range
    /// holding `v`.
    private static func contains(_ table: [UInt32], _ v: UInt32) -> Bool {
        table.withUnsafeBufferPointer { t in
            let pairs = t.count / 2
            guard pairs > 0, v >= t[0], v <= t[t.count - 1] else { return false }
            // Find the last range whose first scalar is <= v.
            var lo = 0, hi = pairs - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if t[2 * mid] <= v { lo = mid } else { hi = mid - 1 }
            }
            return v <= t[2 * lo + 1]
        }
    }
}
