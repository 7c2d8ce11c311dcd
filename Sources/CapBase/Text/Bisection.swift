extension RandomAccessCollection where Index == Int {
    /// The first index where `isPast` holds, found by bisection, given that
    /// it holds from some index on (`endIndex` if nowhere). The name is
    /// swift-algorithms' for the same search.
    package func partitioningIndex(where isPast: (Element) -> Bool) -> Int {
        var low = startIndex, high = endIndex
        while low < high {
            let mid = low + (high - low) / 2
            if isPast(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
