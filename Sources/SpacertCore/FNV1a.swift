/// FNV-1a, 64 bits: the package's one non-cryptographic hash of bytes (seeds for the fuzz
/// generator, slots of the interning tables). Never use it where an attacker gains by a
/// collision; content hashes are SHA-256.
@usableFromInline package enum FNV1a {
    /// The FNV-1a 64-bit offset basis: the hash of no bytes.
    @usableFromInline package static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The hash of `bytes`, continuing from `hash` (the offset basis by default).
    @inline(__always)
    @inlinable package static func hash(_ bytes: some Sequence<UInt8>, continuing hash: UInt64 = offsetBasis)
        -> UInt64
    {
        var hash = hash
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The hash folded to 32 bits and never 0 (for open-addressing tables that mark an empty
    /// slot with 0).
    @inline(__always)
    @inlinable package static func slotHash(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let wide = hash(bytes)
        return UInt32(truncatingIfNeeded: wide ^ (wide >> 32)) | 1
    }
}
