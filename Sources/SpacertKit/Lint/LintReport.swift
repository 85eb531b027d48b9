import Foundation

/// The machine-facing and human-facing forms of lint results and bank listings
/// (`docs/PROTOCOL.md`: `spacert lint`, `spacert banks --json`).
public enum LintReport {
    /// One line per problem, `path:line:col: error: message [rule]`, with `note:` lines.
    public static func text(_ set: BankSet) -> String {
        set.diagnostics.map(\.formatted).joined(separator: "\n")
    }

    /// A one-line summary for stderr: files, questions, errors, warnings.
    public static func summary(_ set: BankSet) -> String {
        let errors = set.diagnostics.filter { $0.severity == .error }.count
        let warnings = set.diagnostics.filter { $0.severity == .warning }.count
        let files = set.fileCount == 1 ? "1 file" : "\(set.fileCount) files"
        let accepted = set.accepted.isEmpty ? "" : " (\(set.accepted.count) accepted)"
        return
            "\(files), \(set.questionCount) questions: \(plural(errors, "error")), \(plural(warnings, "warning"))\(accepted)"
    }

    private static func plural(_ count: Int, _ word: String) -> String {
        count == 1 ? "1 \(word)" : "\(count) \(word)s"
    }

    /// `{"version":1,"files":N,"questions":N,"diagnostics":[...],"accepted":[...]}`: each
    /// diagnostic with its `rule`; each accepted finding with its rule, question, place and reason.
    public static func json(_ set: BankSet) throws -> String {
        /// A diagnostic or one of its notes: `column` is written as null when unknown;
        /// notes carry no severity and no notes of their own.
        struct Entry: Encodable {
            let file: String
            let line: Int
            let column: Int?
            let severity: String?
            let message: String
            let notes: [Entry]?
            var rule: String?
            enum Keys: String, CodingKey { case file, line, column, severity, message, notes, rule }
            init(
                _ location: SourceLocation, _ message: String, severity: String? = nil, notes: [Entry]? = nil
            ) {
                (file, line, column) = (location.file, location.line, location.column)
                (self.severity, self.message, self.notes) = (severity, message, notes)
            }
            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(file, forKey: .file)
                try container.encode(line, forKey: .line)
                try container.encode(column, forKey: .column)
                try container.encodeIfPresent(severity, forKey: .severity)
                try container.encode(message, forKey: .message)
                try container.encodeIfPresent(notes, forKey: .notes)
                try container.encodeIfPresent(rule, forKey: .rule)
            }
        }
        struct Accepted: Encodable {
            let rule: String
            let question: String
            let file: String
            let line: Int
            let reason: String
            let message: String
        }
        struct Document: Encodable {
            let version = 1
            let files: Int
            let questions: Int
            let diagnostics: [Entry]
            let accepted: [Accepted]
        }
        let document = Document(
            files: set.fileCount, questions: set.questionCount,
            diagnostics: set.diagnostics.map { diagnostic in
                var entry = Entry(
                    diagnostic.location, diagnostic.message, severity: diagnostic.severity.rawValue,
                    notes: diagnostic.notes.map { Entry($0.location, $0.message) })
                entry.rule = diagnostic.rule
                return entry
            },
            accepted: set.accepted.map {
                Accepted(
                    rule: $0.rule, question: $0.question, file: $0.location.file, line: $0.location.line,
                    reason: $0.reason, message: $0.message)
            })
        return try encode(document)
    }

    /// `{"version":1,"questions":N,"banks":[{"id","title","category","file","questions","critical","types"}]}`.
    public static func banksJSON(_ set: BankSet) throws -> String {
        struct Bank: Encodable {
            let id: String
            let title: String
            let category: String
            let file: String
            let questions: Int
            let critical: Int
            let scenarios: Int
            let types: [String: Int]
        }
        struct Document: Encodable {
            let version = 1
            let questions: Int
            let banks: [Bank]
        }
        let banks = set.banks.map { bank in
            var types: [String: Int] = [:]
            for type in QuestionType.allCases { types[type.rawValue] = 0 }
            for question in bank.questions { types[question.type.rawValue, default: 0] += 1 }
            return Bank(
                id: bank.id, title: bank.title, category: bank.category.rawValue, file: bank.file,
                questions: bank.questions.count, critical: bank.questions.filter(\.critical).count,
                scenarios: bank.questions.filter { $0.scenario != nil }.count, types: types)
        }
        return try encode(Document(questions: set.questions.count, banks: banks))
    }

    /// A table of the banks for people.
    public static func banksText(_ set: BankSet) -> String {
        var lines = ["bank                 category           questions  critical  scenarios  file"]
        for bank in set.banks {
            let row = [
                bank.id.padding(toLength: 20, withPad: " ", startingAt: 0),
                bank.category.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0),
                String(bank.questions.count).leftPadded(9),
                String(bank.questions.filter(\.critical).count).leftPadded(8),
                String(bank.questions.filter { $0.scenario != nil }.count).leftPadded(9),
                bank.file,
            ]
            lines.append(row.joined(separator: " "))
        }
        lines.append("\(set.banks.count) banks, \(set.questions.count) questions")
        return lines.joined(separator: "\n")
    }

    /// `{"version":1,"banks":[BankQuality...]}` for `spacert banks --quality --json`.
    public static func qualityJSON(_ set: BankSet) throws -> String {
        struct Document: Encodable {
            let version = 1
            let banks: [BankQuality]
            let accepted: Int
        }
        return try encode(Document(banks: set.quality, accepted: set.accepted.count))
    }

    /// The quality summary for people: per bank, the flawed share, each cue against chance,
    /// near-duplicates, judgement (scenario) share and topic balance by tag.
    public static func qualityText(_ set: BankSet) -> String {
        func percent(_ part: Int, _ whole: Int) -> String {
            whole == 0 ? "n/a" : "\(Int((100 * Double(part) / Double(whole)).rounded()))%"
        }
        var lines: [String] = []
        for bank in set.quality {
            let name = set.banks.first { $0.file == bank.file }?.id ?? bank.bank
            if !lines.isEmpty { lines.append("") }
            lines.append("\(name) (\(bank.file)): \(plural(bank.questions, "question"))")
            let accepted =
                bank.accepted == 0
                ? "" : "; \(bank.accepted) finding\(bank.accepted == 1 ? "" : "s") accepted"
            lines.append(
                "  flawed items        \(bank.flawed) of \(bank.questions) (\(percent(bank.flawed, bank.questions)))\(accepted)"
            )
            let chance =
                bank.singleChoice == 0
                ? "n/a" : "\(Int((100 * bank.keyLongestChance / Double(bank.singleChoice)).rounded()))%"
            lines.append(
                "  key is longest      \(bank.keyLongest) of \(bank.singleChoice) single-choice (\(percent(bank.keyLongest, bank.singleChoice))); chance \(chance)"
            )
            lines.append(
                "  absolute words      \(percent(bank.wrongAbsolute, bank.wrongOptions)) of wrong options, \(percent(bank.keysAbsolute, bank.keys)) of keys"
            )
            lines.append(
                "  reasons given       \(percent(bank.wrongJustified, bank.wrongOptions)) of wrong options, \(percent(bank.keysJustified, bank.keys)) of keys"
            )
            lines.append("  near-duplicates     \(plural(bank.nearDuplicatePairs, "pair"))")
            lines.append(
                "  scenarios           \(bank.scenarios) of \(bank.questions) (\(percent(bank.scenarios, bank.questions)))"
            )
            let findings = bank.findings.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) \($0.value)" }
            lines.append(
                "  findings            " + (findings.isEmpty ? "none" : findings.joined(separator: ", ")))
            let tags = bank.tags.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                "\($0.key) \($0.value)"
            }
            lines.append("  tags                " + (tags.isEmpty ? "none" : tags.joined(separator: ", ")))
        }
        if lines.isEmpty { lines.append("no banks") }
        return lines.joined(separator: "\n")
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
