import Foundation
import GRDB
import Testing

@testable import SpacertKit

/// The GRDB records of the store's tables against the schema the migrations make: every column
/// mapped, times stored as integer microseconds, hostile text kept exactly.
struct StoreRecordTests {
    @Test func eachRecordHasEveryColumnOfItsTable() throws {
        let scratch = try StoreScratch()
        let (store, _) = try scratch.storeWithTrainee()
        let tables: [(String, [String])] = [
            (CardRow.databaseTableName, CardRow.CodingKeys.allCases.map(\.rawValue)),
            (ReviewLogRow.databaseTableName, ReviewLogRow.CodingKeys.allCases.map(\.rawValue)),
            (LedgerRow.databaseTableName, LedgerRow.CodingKeys.allCases.map(\.rawValue)),
            (TraineeRow.databaseTableName, TraineeRow.CodingKeys.allCases.map(\.rawValue)),
            (FlagRow.databaseTableName, FlagRow.CodingKeys.allCases.map(\.rawValue)),
            (CheckpointRow.databaseTableName, CheckpointRow.CodingKeys.allCases.map(\.rawValue)),
            (CertificateRow.databaseTableName, CertificateRow.CodingKeys.allCases.map(\.rawValue)),
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

    /// Names a trainee may have that are hostile to SQL, terminals or byte counting.
    static let hostileNames = [
        "Robert'); DROP TABLE trainees;--",
        "\u{202E}nimda\u{202C} (right to left)",
        "Zoë 👩🏽‍⚕️ e\u{301}mile",
        #"%_*?\"'`$(id) \x"#,
        String(repeating: "𝔸", count: Trainee.maximumNameLength),
    ]

    @Test func traineesWithHostileNamesAreStoredAndFoundExactly() throws {
        let scratch = try StoreScratch()
        let store = try ProgressStore(path: scratch.path())
        let time = StoreFixture.start.addingTimeInterval(0.000_000_7)
        var added: [Trainee] = []
        for (offset, name) in Self.hostileNames.enumerated() {
            added.append(try store.addTrainee(named: name, at: time + Double(offset)))
        }
        #expect(added.map(\.name) == Self.hostileNames)
        #expect(added.map(\.id) == [1, 2, 3, 4, 5])
        for trainee in added {
            #expect(try store.trainee(named: trainee.name) == trainee)
            // The name column ignores ASCII case only.
            let asciiUpper = String(trainee.name.map { $0.isASCII ? Character($0.uppercased()) : $0 })
            #expect(try store.trainee(named: "  \(asciiUpper)\t") == trainee)
        }
        #expect(
            try store.trainees() == added.sorted { ($0.name.utf8.lexicographicallyPrecedes($1.name.utf8)) })

        let stored = try store.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT name, typeof(created), created, typeof(archived), archived FROM trainees ORDER BY id"
            )
        }
        #expect(stored.map { $0[0] as String } == Self.hostileNames)
        #expect(stored.map { $0[1] as String } == Array(repeating: "integer", count: 5))
        #expect(
            stored.map { $0[2] as Int64 } == (0..<5).map { StoreTime.micros(time) + Int64($0) * 1_000_000 })
        #expect(stored.map { $0[3] as String } == Array(repeating: "integer", count: 5))
        #expect(stored.map { $0[4] as Int64 } == Array(repeating: 0, count: 5))

        let renamed = try store.renameTrainee(named: Self.hostileNames[0], to: "Ω'; --")
        #expect(renamed == Trainee(id: 1, name: "Ω'; --", created: added[0].created, archived: false))
        #expect(try store.trainee(named: Self.hostileNames[0]) == nil)
        let archived = try store.archiveTrainee(named: Self.hostileNames[1])
        #expect(archived.archived && archived.id == 2)
        #expect(try store.trainees().map(\.id).contains(2) == false)
        #expect(try store.trainees(includingArchived: true).first { $0.id == 2 } == archived)
        let after = try store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, name, typeof(archived), archived FROM trainees WHERE id <= 2")
        }
        #expect(after.map { $0[1] as String } == ["Ω'; --", Self.hostileNames[1]])
        #expect(after.map { $0[2] as String } == ["integer", "integer"])
        #expect(after.map { $0[3] as Int64 } == [0, 1])
    }

    @Test func aFlagNoteAtTheCapIsKeptExactlyAndOneLongerOrWithNULIsRefused() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let tail = "\"'\n\u{1B}[2J 👩🏽‍⚕️ \u{202E}x; DROP TABLE flags;--"
        let note = String(repeating: "ü", count: ProgressStore.flagNoteLimit - tail.count) + tail
        try #require(note.count == ProgressStore.flagNoteLimit)
        let time = StoreFixture.start.addingTimeInterval(0.000_001_4)
        let flag = try store.flag(questionID: "q-1", rev: 3, note: note, trainee: anna.id, at: time)
        #expect(flag.note == note && flag.id == 1 && flag.created == StoreTime.normalized(time))
        #expect(try store.flags() == [flag])
        let stored = try store.read { db in
            try Row.fetchOne(db, sql: "SELECT note, typeof(created), created FROM flags")
        }
        let row = try #require(stored)
        #expect(row[0] as String == note)
        #expect(row[1] as String == "integer" && row[2] as Int64 == StoreTime.micros(time))

        for bad in [note + "ü", "before\u{0}after"] {
            #expect(throws: SpacertError.self) {
                try store.flag(questionID: "q-1", rev: 3, note: bad, trainee: anna.id, at: time)
            }
        }
        #expect(ProgressStore.flagNoteProblem("a\u{0}b")?.contains("NUL") == true)
        #expect(try store.flags() == [flag])
    }

    @Test func checkpointsAreStoredReadBackAndVerify() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let key = SigningKey.generate()
        let signer = LedgerSigner(key: key, outsidePath: scratch.path("checkpoint"))
        let time = StoreFixture.start.addingTimeInterval(0.000_002_6)
        let entry = try store.appendLedger(
            attempt: "a1", trainee: anna.id, kind: .start, at: time, body: #"{"n":1}"#, signer: signer)
        let onDemand = try #require(try store.appendCheckpoint(signer: signer, at: time + 60))
        #expect(onDemand.seq == entry.seq && onDemand.head == entry.hash)
        #expect(onDemand.atMicros == StoreTime.micros(time) + 60_000_000)

        let rows = try store.read { db in try CheckpointRow.bySeq.fetchAll(db) }
        #expect(rows.map(\.id) == [1, 2])
        let read = rows.map(\.checkpoint)
        #expect(read.last == onDemand)
        #expect(read.first?.atMicros == StoreTime.micros(time))
        #expect(read.allSatisfy { $0.isSigned(by: key.publicKey) && $0.seq == 1 && $0.head == entry.hash })
        #expect(!read[0].isSigned(by: SigningKey.generate().publicKey))
        let stored = try store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT typeof(seq), typeof(at), at FROM ledger_checkpoints ORDER BY id")
        }
        #expect(
            stored.map { [$0[0], $0[1]] as [String] } == [["integer", "integer"], ["integer", "integer"]])
        #expect(stored.map { $0[2] as Int64 } == read.map(\.atMicros))

        let audit = try store.auditLedger(
            trust: LedgerTrust(publicKey: key.publicKey, outsidePath: signer.outsidePath))
        #expect(audit.intact && audit.checkpoints == 2 && audit.newestCheckpoint == onDemand)
        // The copy outside the store is replaced only by a checkpoint of a newer entry.
        #expect(audit.outside == read[0])
    }

    @Test func certificatesAreKeptOnceAndFoundByIdCodeAndTrainee() throws {
        let scratch = try StoreScratch()
        let (store, maya) = try scratch.storeWithTrainee("Maya Lee")
        let liam = try store.addTrainee(named: "Liam", at: StoreFixture.start)
        let key = SigningKey.generate()
        let later = try CertificateFixture.issue(
            key: key, trainee: "Maya Lee", attempt: "attempt-2",
            issued: CertificateFixture.issued.addingTimeInterval(86_400))
        let first = try CertificateFixture.issue(key: key, trainee: "Liam", attempt: "attempt-1")
        try store.recordCertificate(later, trainee: maya.id)
        try store.recordCertificate(first, trainee: liam.id)
        try store.recordCertificate(later, trainee: maya.id)

        let all = try store.certificates()
        #expect(all.map(\.id) == [first.certificate.id, later.certificate.id])
        let kept = try #require(all.last)
        #expect(kept.traineeID == maya.id && kept.attempt == "attempt-2" && kept.document == later.document)
        #expect(kept.code == VerificationCode.make(for: later))
        #expect(kept.issued == StoreTime.normalized(later.certificate.issued))
        #expect(kept.expires == StoreTime.normalized(later.certificate.expires))
        #expect(try store.certificate(id: later.certificate.id.lowercased()) == kept)
        #expect(try store.certificate(code: kept.code) == kept)
        #expect(try store.certificate(id: "SPC-NONE") == nil && store.certificate(code: "nope") == nil)
        #expect(try store.certificates(trainee: maya.id) == [kept])
        #expect(try store.certificates(trainee: liam.id).map(\.id) == [first.certificate.id])

        let stored = try store.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT typeof(issued), issued, typeof(expires), expires FROM certificates ORDER BY issued"
            )
        }
        #expect(
            stored.map { [$0[0], $0[2]] as [String] } == [["integer", "integer"], ["integer", "integer"]])
        #expect(
            stored.map { [$0[1], $0[3]] as [Int64] }
                == [first, later].map {
                    [StoreTime.micros($0.certificate.issued), StoreTime.micros($0.certificate.expires)]
                })
    }
}
