import Foundation

/// The FSRS-6 memory model: stability and difficulty updates, in py-fsrs's operation order.
extension Scheduler {
    /// `w4 − e^(w5·(G−1)) + 1`, unclamped.
    @inlinable package static func rawInitialDifficulty(_ w: [Double], _ rating: Rating) -> Double {
        w[4] - pow(eulersNumber, w[5] * Double(rating.rawValue - 1)) + 1
    }

    /// Recall probability after `elapsedDays` whole days at `stability`.
    @inlinable package func retrievability(stability: Double, elapsedDays: Int64) -> Double {
        // 1 + factor · 0 / stability is exactly 1, and 1 to any power is 1 (in C's pow and
        // Python's **): a review the same day as the last, most of them, needs no pow.
        guard elapsedDays != 0 else { return 1 }
        return pow(1 + factor * Double(elapsedDays) / stability, decay)
    }

    /// Difficulty after a review: linear damping, then mean reversion to D0(Easy), clamped.
    @inlinable package func nextDifficulty(_ difficulty: Double, rating: Rating) -> Double {
        let delta = -(w[6] * Double(rating.rawValue - 3))
        let damped = difficulty + (10.0 - difficulty) * delta / 9.0
        return clampDifficulty(w[7] * easyDifficultyTarget + (1 - w[7]) * damped)
    }

    /// Stability after a review less than a day after the previous one.
    @inlinable package func shortTermStability(_ stability: Double, rating: Rating) -> Double {
        var increase = shortTermScale[rating.rawValue - 1] * pow(stability, -w[19])
        if rating != .again {
            increase = max(increase, 1.0)
        }
        return max(stability * increase, minimumStability)
    }

    /// Stability after a review a day or more after the previous one, from the old difficulty.
    @inlinable package func longTermStability(
        difficulty: Double, stability: Double, retrievability: Double, rating: Rating
    ) -> Double {
        let next: Double
        if rating == .again {
            let longTerm =
                w[11] * pow(difficulty, -w[12]) * (pow(stability + 1, w[13]) - 1)
                * pow(eulersNumber, (1 - retrievability) * w[14])
            next = min(longTerm, stability / forgetShortTermDivisor)
        } else {
            let hardPenalty = rating == .hard ? w[15] : 1
            let easyBonus = rating == .easy ? w[16] : 1
            next =
                stability
                * (1 + recallScale * (11 - difficulty) * pow(stability, -w[9])
                    * (pow(eulersNumber, (1 - retrievability) * w[10]) - 1) * hardPenalty * easyBonus)
        }
        return max(next, minimumStability)
    }
}
