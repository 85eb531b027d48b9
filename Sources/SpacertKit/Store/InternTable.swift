import Foundation
import SpacertCore

/// Values made once per distinct short byte string: the same question id, picked choices or
/// answer written in thousands of ledger results become one shared value instead of thousands
/// of allocations. A fixed-size open-addressing table; when it is full, values are simply made.
final class InternTable<Value> {
    private var hashes: [UInt64]
    private var keys: [[UInt8]]
    private var values: [Value?]
    private let mask: Int
    /// Keys longer than this are not kept (long text rarely repeats).
    let maximumKeyLength: Int

    init(slots: Int = 4096, maximumKeyLength: Int = 80) {
        precondition(slots > 0 && slots & (slots - 1) == 0, "slots must be a power of two")
        hashes = Array(repeating: 0, count: slots)
        keys = Array(repeating: [], count: slots)
        values = Array(repeating: nil, count: slots)
        mask = slots - 1
        self.maximumKeyLength = maximumKeyLength
    }

    /// The value kept for `bytes`, or the one `make` gives (kept for next time when there is room).
    func value(for bytes: UnsafeBufferPointer<UInt8>, make: () -> Value?) -> Value? {
        guard bytes.count <= maximumKeyLength, let base = bytes.baseAddress else { return make() }
        let hash = FNV1a.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0..<16 {
            guard let kept = values[slot] else {
                guard let made = make() else { return nil }
                hashes[slot] = hash
                keys[slot] = Array(bytes)
                values[slot] = made
                return made
            }
            if hashes[slot] == hash, keys[slot].count == bytes.count,
                keys[slot].withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) == 0 })
            {
                return kept
            }
            slot = (slot + 1) & mask
        }
        return make()
    }
}
