/// py-fsrs's interval fuzz: a review interval of 3 days or more moves a little at random.
extension Scheduler {
    /// py-fsrs's `(min_ivl, max_ivl)` for an unfuzzed interval of `days` (just `days` below 2.5).
    ///
    /// NB: py-fsrs rounds rather than floors the random draw, so a fuzzed interval can also be
    /// `upperBound + 1` (capped at `maximumInterval`): see ``fuzzedInterval(_:using:)``.
    public func fuzzBounds(forInterval days: Int) -> ClosedRange<Int> {
        guard Double(days) >= 2.5 else { return days...days }
        let interval = Double(days)
        var delta = 1.0
        delta += 0.15 * max(min(interval, 7.0) - 2.5, 0.0)
        delta += 0.1 * max(min(interval, 20.0) - 7.0, 0.0)
        delta += 0.05 * max(interval - 20.0, 0.0)
        var lower = max(2, Int((interval - delta).rounded(.toNearestOrEven)))
        let upper = min(Int((interval + delta).rounded(.toNearestOrEven)), parameters.maximumInterval)
        lower = min(lower, upper)
        return lower...upper
    }

    /// The interval of `days` with fuzz drawn from `generator`, as py-fsrs draws it:
    /// `min(round(u · (max − min + 1) + min), maximumInterval)` with u in [0, 1).
    @inlinable public func fuzzedInterval(_ days: Int, using generator: inout some RandomNumberGenerator)
        -> Int
    {
        guard Double(days) >= 2.5 else { return days }
        let bounds = fuzzBounds(forInterval: days)
        let draw =
            generator.nextUnitInterval() * Double(bounds.upperBound - bounds.lowerBound + 1)
            + Double(bounds.lowerBound)
        return min(Int(draw.rounded(.toNearestOrEven)), parameters.maximumInterval)
    }
}
