import SpacertCore

/// A small deterministic random generator (SplitMix64) for reproducible fuzz.
///
/// Seed it from a stable string such as `"trainee|question|reviewCount"`: the same string
/// gives the same stream on every platform and Swift version.
public struct SeededRandom: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's whole state; the next output is derived from it.
    public private(set) var state: UInt64

    /// Starts the stream at a raw 64-bit state.
    public init(seed: UInt64) {
        state = seed
    }

    /// Starts the stream at the FNV-1a 64-bit hash of the seed's UTF-8 bytes.
    public init(seed: String) {
        state = Self.fnv1a64(seed.utf8)
    }

    /// The next 64 random bits (SplitMix64).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a 64-bit hash of some bytes, continuing from `hash` (the FNV offset basis by default):
    /// how a seed string becomes a state.
    @inlinable package static func fnv1a64(
        _ bytes: some Sequence<UInt8>, continuing hash: UInt64 = FNV1a.offsetBasis
    ) -> UInt64 {
        FNV1a.hash(bytes, continuing: hash)
    }
}

extension RandomNumberGenerator {
    /// A Double in [0, 1) from the top 53 bits of `next()`, the same on every platform
    /// (unlike `Double.random(in:using:)`, whose method may change between Swift versions).
    @inlinable package mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
