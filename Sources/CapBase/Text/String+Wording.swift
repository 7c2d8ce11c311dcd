/// Small pieces of wording that every layer's messages and outputs share.
extension String {
    /// "7" → "07" for width 2: dates and times written with fixed widths.
    package func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Array where Element == String {
    /// "a", "a or b", "a, b or c"
    package var orList: String {
        switch count {
        case 0: return ""
        case 1: return self[0]
        default: return dropLast().joined(separator: ", ") + " or " + last!
        }
    }
}
