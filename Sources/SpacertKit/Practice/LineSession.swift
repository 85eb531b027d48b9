import Foundation

/// A practice session as plain lines, for when there is no terminal: no colour, no cursor
/// movement; one prompt, one typed line.
public struct LineSession {
    let session: PracticeSession
    let readLine: () -> String?
    let write: (String) -> Void

    public init(
        session: PracticeSession, readLine: @escaping () -> String?, write: @escaping (String) -> Void
    ) {
        self.session = session
        self.readLine = readLine
        self.write = write
    }

    /// Runs until the queue is empty, `q`, or the end of input.
    public func run() throws {
        defer { if let summary = try? session.summary() { SessionText.summary(summary).forEach(write) } }
        while let presented = session.next() {
            write("")
            write("[\(session.position)] " + SessionText.heading(presented, kind: session.currentKind))
            SessionText.question(presented).forEach(write)
            var answered = false
            while !answered {
                write("answer (\(TypedAnswer.hint(for: presented.question.type)); u undo, ! flag, q quit)> ")
                guard let line = readLine() else { return }
                let text = line.trimmingCharacters(in: .whitespaces)
                switch text.lowercased() {
                case "":
                    continue
                case "q", "quit":
                    return
                case "?", "help":
                    write(TypedAnswer.hint(for: presented.question.type))
                    continue
                case "u", "undo":
                    if let question = try session.undo() {
                        write("undone: \(question.id)")
                        answered = true
                    } else {
                        write("nothing to undo")
                    }
                    continue
                default:
                    break
                }
                if text.hasPrefix(String(SessionText.flagKey)) {
                    let note = String(text.dropFirst()).trimmingCharacters(in: .whitespaces)
                    if let problem = ProgressStore.flagNoteProblem(note) {
                        write(problem)
                        continue
                    }
                    try session.flag(note: note)
                    write("flagged \(presented.question.id) for the editors")
                    continue
                }
                let answer: Answer
                switch TypedAnswer.read(text, for: presented) {
                case .failure(let problem):
                    write(problem.message)
                    continue
                case .success(let read): answer = read
                }
                let feedback = try session.submit(answer)
                let shown = SessionText.feedback(feedback)
                write(shown.verdict)
                shown.lines.forEach { write("  " + $0) }
                answered = true
            }
        }
    }
}
