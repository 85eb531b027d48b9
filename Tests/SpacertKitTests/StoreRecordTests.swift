import Foundation
import GRDB
import Testing

@testable import SpacertKit

/// The GRDB records of cards, review log and ledger rows against the schema the migrations make.
struct StoreRecordTests {
    @Test func eachRecordHasEveryColumnOfItsTable() throws {
        let scratch = try StoreScratch()
        let (store, _) = try scratch.storeWithTrainee()
        let tables: [(String, [String])] = [
            (CardRow.databaseTableName, CardRow.CodingKeys.allCases.map(\.rawValue)),
            (ReviewLogRow.databaseTableName, ReviewLogRow.CodingKeys.allCases.map(\.rawValue)),
            (LedgerRow.databaseTableName, LedgerRow.CodingKeys.allCases.map(\.rawValue)),
        ]
        for (table, keys) in tables {
            let columns = try store.read { db in try db.columns(in: table).map(\.name) }
            #expect(columns.sorted() == keys.sorted(), "\(table)")
        }
    }

    @Test(arguments: [Int64(0), 1, -1, 1_767_603_600_123_456, -62_135_596_800_000_000, .max, .min])
    func instantsAreWholeMicrosecondsInAnInteger(micros: Int64) {
        let instant = StoreInstant(micros: micros)
        #expect(instant.databaseValue == micros.databaseValue)
        #expect(StoreInstant.fromDatabaseValue(instant.databaseValue) == instant)
        #expect(StoreInstant.fromDatabaseValue("2026-01-05".databaseValue) == nil)
        #expect(StoreInstant.fromDatabaseValue(.null) == nil)
    }

    @Test func instantsRoundDatesToTheMicrosecondAsStoreTimeDoes() {
        let date = StoreFixture.start.addingTimeInterval(0.123_456_6)
        let instant = StoreInstant(date)
        #expect(instant.micros == StoreTime.micros(date))
        #expect(instant.date == StoreTime.normalized(date))
        #expect(instant.micros % 1_000_000 == 123_457)
    }

    @Test func rowsAreWrittenWithIntegerTimesAndRead() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let question = StoreFixture.question("q1", rev: 2)
        let time = StoreFixture.start.addingTimeInterval(0.250_000_3)
        let first = try store.record(StoreFixture.answer(question, at: time), trainee: anna.id)
        let second = try store.record(
            StoreFixture.answer(question, correct: false, at: time + 700), trainee: anna.id)
        let micros = StoreTime.micros(time)

        let (logTimes, cardTimes) = try store.read { db in
            (
                try Row.fetchAll(
                    db, sql: "SELECT typeof(reviewed_at), reviewed_at FROM review_log ORDER BY id"),
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT typeof(due), typeof(last_review), typeof(introduced), introduced, last_review
                        FROM cards
                        """)
            )
        }
        #expect(logTimes.map { $0[0] as String } == ["integer", "integer"])
        #expect(logTimes.map { $0[1] as Int64 } == [micros, micros + 700_000_000])
        let card = try #require(cardTimes)
        #expect([card[0], card[1], card[2]] as [String] == ["integer", "integer", "integer"])
        #expect(card[3] as Int64 == micros)
        #expect(card[4] as Int64 == micros + 700_000_000)

        #expect(first.entry.id != nil && second.entry.id == first.entry.id.map { $0 + 1 })
        #expect(try store.reviewLog(trainee: anna.id) == [first.entry, second.entry])
        #expect(try store.cards(trainee: anna.id) == [try #require(second.card)])
        #expect(try store.replayedCards(trainee: anna.id) == store.cards(trainee: anna.id))
    }

    @Test func ledgerRowsChainOnTheStoredMicroseconds() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let time = StoreFixture.start.addingTimeInterval(0.000_001_6)
        let start = try store.appendLedger(
            attempt: "a1", trainee: anna.id, kind: .start, at: time, body: #"{"n":1}"#)
        let answer = try store.appendLedger(
            attempt: "a1", trainee: anna.id, kind: .answer, at: time + 1, body: #"{"n":2}"#)

        #expect(start.seq == 1 && start.previousHash == LedgerEntry.genesis)
        #expect(answer.seq == 2 && answer.previousHash == start.hash)
        let micros = StoreTime.micros(time)
        #expect(
            start.hash
                == LedgerEntry.chainHash(
                    previous: LedgerEntry.genesis, seq: 1, attempt: "a1", traineeID: anna.id, kind: .start,
                    atMicros: micros, body: #"{"n":1}"#))
        let stored = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT typeof(at), at FROM exam_ledger ORDER BY seq")
        }
        #expect(stored.map { $0[0] as String } == ["integer", "integer"])
        #expect(stored.map { $0[1] as Int64 } == [micros, micros + 1_000_000])
        #expect(try store.ledger(attempt: "a1") == [start, answer])
        #expect(try store.ledger(trainee: anna.id, kind: .answer) == [answer])
        #expect(try store.auditLedger().intact)
    }
}
