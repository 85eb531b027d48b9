/// Sample statistics over plain numbers: the building blocks of the item analysis.
///
/// Variances and covariances divide by n - 1 (sample), as Moodle's quiz statistics do. Every
/// function answers nil where the statistic is not defined (too few values, a zero divisor),
/// so no NaN or infinity ever reaches a report.
enum SampleStatistics {
    /// The arithmetic mean; nil for no values.
    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The middle value (the mean of the two middle ones for an even count); nil for no values.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The sample covariance of paired values; nil for fewer than two pairs.
    static func covariance(_ a: [Double], _ b: [Double]) -> Double? {
        precondition(a.count == b.count, "covariance needs paired values")
        guard a.count > 1, let meanA = mean(a), let meanB = mean(b) else { return nil }
        var sum = 0.0
        for index in a.indices { sum += (a[index] - meanA) * (b[index] - meanB) }
        return sum / Double(a.count - 1)
    }

    /// The sample variance; nil for fewer than two values.
    static func variance(_ values: [Double]) -> Double? { covariance(values, values) }

    /// The largest covariance the two lists could have: each sorted, then paired in order
    /// (Moodle's C_max for discriminative efficiency).
    static func maximumCovariance(_ a: [Double], _ b: [Double]) -> Double? {
        covariance(a.sorted(), b.sorted())
    }

    /// Skewness and kurtosis from the k-statistics (k3 / k2^1.5 and k4 / k2^2), as Moodle
    /// computes them: skewness needs three values, kurtosis four, and both a non-zero k2.
    static func shape(_ values: [Double]) -> (skewness: Double?, kurtosis: Double?) {
        let s = Double(values.count)
        guard values.count > 2, let mean = mean(values) else { return (nil, nil) }
        var power2 = 0.0
        var power3 = 0.0
        var power4 = 0.0
        for value in values {
            let d = value - mean
            power2 += d * d
            power3 += d * d * d
            power4 += d * d * d * d
        }
        let m2 = power2 / s
        let m3 = power3 / s
        let m4 = power4 / s
        let k2 = s * m2 / (s - 1)
        guard k2 > 0 else { return (nil, nil) }
        let k3 = s * s * m3 / ((s - 1) * (s - 2))
        let skewness = finite(k3 / (k2 * k2.squareRoot()))
        guard values.count > 3 else { return (skewness, nil) }
        let k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
        return (skewness, finite(k4 / (k2 * k2)))
    }

    /// The value when it is a finite number, else nil.
    static func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }
}
