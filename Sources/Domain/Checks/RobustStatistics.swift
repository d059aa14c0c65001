/// Median and median absolute deviation: a norm that a few outliers in the history cannot move.
public struct RobustStatistics: Hashable, Sendable {
    public let count: Int
    public let median: Double
    /// Median absolute deviation from the median.
    public let mad: Double

    /// Nil for an empty sample.
    public init?(_ values: [Int64]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.map(Double.init).sorted()
        let center = Self.median(ofSorted: sorted)
        count = sorted.count
        median = center
        mad = Self.median(ofSorted: sorted.map { abs($0 - center) }.sorted())
    }

    static func median(ofSorted values: [Double]) -> Double {
        let middle = values.count / 2
        return values.count.isMultiple(of: 2) ? (values[middle - 1] + values[middle]) / 2 : values[middle]
    }
}
