import Foundation
import SpacertCore

/// The one JSON encoding of exam records in the ledger: sorted keys, Swift property names,
/// times as ISO 8601 UTC with milliseconds. The ledger hashes the text it writes, so the
/// text is what counts; decoding accepts what encoding writes.
public enum ExamCoding {
    /// Encodes `value` as the canonical JSON text.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes a record written by ``encode(_:)``; a body that does not read is a store error.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an ISO 8601 time")
            }
            return date
        }
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw SpacertError.store("an exam record in the ledger cannot be read (\(type)): \(error)")
        }
    }

    /// `2026-12-02T09:00:00.250Z`.
    public static func format(_ date: Date) -> String { ISO8601.formatMilliseconds(date) }

    /// Reads what ``format(_:)`` writes (also without fractional seconds).
    public static func parse(_ text: String) -> Date? { ISO8601.parse(text) }

    /// `date` cut to whole milliseconds, what the ledger keeps.
    /// (As a whole microsecond made into a `Date` by ``MicrosecondTime``, as every time that is
    /// read back is, so what is kept and what is read compare equal.)
    public static func milliseconds(_ date: Date) -> Date {
        let micros = MicrosecondTime.micros(date)
        let below = micros % 1000
        return MicrosecondTime.date(micros - (below < 0 ? below + 1000 : below))
    }
}
