import Foundation
import SpacertFSRS
import Testing

@testable import SpacertKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Processes killed while writing, and processes writing at once.
///
/// The writers are this test binary run again with only ``faultWorker()`` selected and
/// `SPACERT_STORE_FAULT_WORKER` set: each records answers and, after every committed answer,
/// appends the log row's id to an acknowledgement file (what a trainee would have seen).
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe")))
struct StoreFaultTests {
    /// Not a test on its own: the writer process's body. Outside a writer process it is
    /// skipped (and shown as skipped), never counted as a pass.
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment[StoreFaultWorker.variable] != nil,
            "the body of a writer process that the fault tests spawn; runs only there"))
    func faultWorker() throws {
        let spec = try #require(ProcessInfo.processInfo.environment[StoreFaultWorker.variable])
        StoreFaultWorker.run(try JSONDecoder().decode(StoreFaultWorker.self, from: Data(spec.utf8)))
    }

    @Test(.timeLimit(.minutes(5)))
    func killedWritersLoseNoAcknowledgedAnswerAndLeaveNoHalfAnswer() throws {
        let scratch = try StoreScratch()
        let path = scratch.path()
        do { _ = try ProgressStore(path: path).addTrainee(named: "killed", at: StoreFixture.start) }
        var random = SeededRandom(seed: "kill")
        var acknowledged: Set<Int64> = []
        var kills = 0
        for iteration in 0..<25 {
            let worker = StoreFaultWorker(
                path: path, trainee: "killed", answers: 1_000_000, ackPath: scratch.path("ack-\(iteration)"),
                seed: "kill-\(iteration)", startDay: iteration * 100)
            let process = try worker.spawn()
            let threshold = Int(random.next() % 25)
            let deadline = Date() + 60
            while process.isRunning, StoreFaultWorker.lines(worker.ackPath).count < threshold,
                Date() < deadline
            {
                usleep(500)
            }
            usleep(UInt32(random.next() % 15_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { kills += 1 }

            let lines = StoreFaultWorker.lines(worker.ackPath)
            #expect(!lines.contains { $0.hasPrefix("error") }, "\(lines.filter { $0.hasPrefix("error") })")
            acknowledged.formUnion(lines.compactMap { Int64($0) })

            let store = try ProgressStore(path: path)
            let trainee = try store.existingTrainee(named: "killed")
            let logged = Set(try store.reviewLog(trainee: trainee.id).compactMap(\.id))
            #expect(acknowledged.isSubset(of: logged), "lost: \(acknowledged.subtracting(logged).sorted())")
            #expect(try store.replayedCards(trainee: trainee.id) == store.cards(trainee: trainee.id))
            #expect(try store.sqlRead { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        }
        #expect(kills == 25)
        #expect(acknowledged.count > 100)
    }

    @Test(.timeLimit(.minutes(5)))
    func eightWritersAtOnceAllLand() throws {
        let scratch = try StoreScratch()
        // No store yet: the eight also race to make it.
        let path = scratch.path("shared/progress.sqlite")
        let answers = 120
        let workers = (0..<8).map { index in
            StoreFaultWorker(
                path: path, trainee: "writer-\(index)", answers: answers,
                ackPath: scratch.path("ack-\(index)"),
                seed: "writer-\(index)", startDay: 0)
        }
        let processes = try workers.map { try $0.spawn() }
        for process in processes { process.waitUntilExit() }

        let store = try ProgressStore(path: path)
        for (worker, process) in zip(workers, processes) {
            let lines = StoreFaultWorker.lines(worker.ackPath)
            #expect(process.terminationStatus == 0, "\(worker.trainee): \(lines.suffix(2))")
            #expect(lines.last == "done", "\(worker.trainee): \(lines.suffix(2))")
            let acknowledged = lines.compactMap { Int64($0) }
            #expect(acknowledged.count == answers)
            let trainee = try store.existingTrainee(named: worker.trainee)
            let log = try store.reviewLog(trainee: trainee.id)
            #expect(log.compactMap(\.id) == acknowledged)
            #expect(try store.replayedCards(trainee: trainee.id) == store.cards(trainee: trainee.id))
        }
        #expect(try store.trainees().count == 8)
    }
}

/// One writer process: what it writes and where it acknowledges.
struct StoreFaultWorker: Codable {
    static let variable = "SPACERT_STORE_FAULT_WORKER"

    var path: String
    var trainee: String
    var answers: Int
    var ackPath: String
    var seed: String
    var startDay: Int

    /// Starts this test binary as the writer.
    func spawn() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--testing-library", "swift-testing", "--filter", "StoreFaultTests/faultWorker"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.variable] = String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Records answers, acknowledging each after it is committed, then exits.
    static func run(_ worker: StoreFaultWorker) -> Never {
        let ack = open(worker.ackPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        func acknowledge(_ line: String) {
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(ack, $0.baseAddress, $0.count) }
        }
        do {
            let store = try ProgressStore(path: worker.path)
            let start = StoreFixture.start + Double(worker.startDay) * 86_400
            let trainee = try store.ensureTrainee(named: worker.trainee, at: start).trainee
            let questions = StoreFixture.questions(perCategory: 5)
            var random = SeededRandom(seed: worker.seed)
            var time = start
            for _ in 0..<worker.answers {
                time += [20.0, 300, 7_200, 86_400][Int(random.next() % 4)]
                let question = questions[Int(random.next() % UInt64(questions.count))]
                let answer = StoreFixture.answer(
                    question, correct: random.next() % 3 != 0, at: time,
                    mode: random.next() % 10 == 0 ? .cram : .practice)
                let recorded = try store.record(answer, trainee: trainee.id)
                acknowledge("\(recorded.entry.id!)")
            }
            acknowledge("done")
            exit(0)
        } catch {
            acknowledge("error \(error)")
            exit(3)
        }
    }

    /// The complete lines of an acknowledgement file.
    static func lines(_ path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var lines = String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a line cut short
        return lines.map(String.init)
    }
}
