import SpacertCore

/// Where each question id was first defined, for the check that ids are unique across all
/// banks. Ids are compared as strings are (canonical equivalence). While every id is ASCII
/// (as the schema asks) they are hashed and compared as bytes, which is the same thing for
/// ASCII and much cheaper than hashing strings; the first id that is not ASCII moves every
/// entry into a `Dictionary` keyed by `String`, which compares any text as strings do.
///
/// The hash table itself holds 8 bytes a slot (a 32-bit hash and the entry's number), so a
/// look-up of a new id touches one small, cache-friendly slot; the ids' bytes and places are
/// appended in order beside it and read only when the hashes match.
struct QuestionIDTable {
    /// A first definition: the index of its file and its line.
    struct Place: Equatable {
        var file: Int32
        var line: Int32
    }

    /// One slot of the open-addressing table: the id's hash (0 when empty) and its entry.
    private struct Slot {
        var hash: UInt32 = 0
        var entry: UInt32 = 0
    }

    /// One id: where its bytes are in `keys`, and its place.
    private struct Entry {
        var keyStart: UInt32
        var keyCount: UInt32
        var place: Place
    }

    private var slots: [Slot]
    private var entries: [Entry] = []
    private var keys: [UInt8] = []
    /// Every id, once one of them is not ASCII.
    private var strings: [String: Place]?

    /// An empty table with room for about `expected` ids before it grows.
    init(expected: Int) {
        var capacity = 64
        while capacity * 3 < expected * 4 { capacity *= 2 }
        slots = Array(repeating: Slot(), count: capacity)
        entries.reserveCapacity(expected)
        keys.reserveCapacity(expected * 16)
    }

    /// The first definition of `id` when there is one; otherwise `place` is recorded as its
    /// first definition and nil is returned.
    mutating func firstDefinition(of id: String, at place: Place) -> Place? {
        if strings != nil { return Self.insert(id, place, into: &strings!) }
        var id = id
        // nil: the id is not ASCII.
        let found: Place?? = id.withUTF8 { bytes in
            for byte in bytes where byte >= 0x80 { return nil }
            return .some(insert(bytes, place))
        }
        if let found { return found }
        var all: [String: Place] = [:]
        all.reserveCapacity(entries.count + 1)
        for entry in entries {
            let bytes = keys[Int(entry.keyStart)..<Int(entry.keyStart + entry.keyCount)]
            all[String(decoding: bytes, as: UTF8.self)] = entry.place
        }
        slots = []
        entries = []
        keys = []
        strings = all
        return Self.insert(id, place, into: &strings!)
    }

    private static func insert(_ id: String, _ place: Place, into table: inout [String: Place]) -> Place? {
        let known = table.count
        let first = value(of: &table[id, default: place])
        return table.count == known ? first : nil
    }

    /// The value an `inout` access finds (with `subscript(_:default:)`, after inserting it).
    private static func value<Value>(of value: inout Value) -> Value { value }

    private mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ place: Place) -> Place? {
        // Never 0, which marks an empty slot.
        let hash = FNV1a.slotHash(key)
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while slots[index].hash != 0 {
            if slots[index].hash == hash {
                let entry = entries[Int(slots[index].entry)]
                if Int(entry.keyCount) == key.count
                    && keys.withUnsafeBufferPointer({ keys in
                        (0..<key.count).allSatisfy { keys[Int(entry.keyStart) + $0] == key[$0] }
                    })
                {
                    return entry.place
                }
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(hash: hash, entry: UInt32(entries.count))
        entries.append(Entry(keyStart: UInt32(keys.count), keyCount: UInt32(key.count), place: place))
        keys.append(contentsOf: key)
        if entries.count * 4 > slots.count * 3 { grow() }
        return nil
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.hash != 0 {
            var index = Int(slot.hash) & mask
            while slots[index].hash != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
