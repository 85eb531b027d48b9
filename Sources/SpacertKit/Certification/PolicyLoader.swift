import Foundation
import SpacertXML

/// Reads and checks the certification policy (format version 1) against its schema and the
/// banks it draws from.
public enum PolicyLoader {
    /// The namespace of policy format version 1.
    public static let namespace = "urn:spacert:policy:1"
    /// The schema's path inside a banks folder.
    public static let schemaRelativePath = "schema/policy-1.xsd"

    private enum Name: Int, CaseIterable {
        case policy, blueprint, area, pass, partialCredit, timeLimit, attempts, criticalRecall, reviews,
            validity
        static let vocabulary = [
            "policy", "blueprint", "area", "pass", "partial-credit", "time-limit", "attempts",
            "critical-recall",
            "reviews", "validity",
        ]
    }

    /// The range of every whole number in a policy, as `policy-1.xsd` states them too (and
    /// QuestionBanks/README.md lists them): values the exam can always keep, and date sums
    /// that stay far inside what spacert's times hold.
    public static let ranges: [String: ClosedRange<Int>] = [
        "area/questions": 1...500, "time-limit/minutes": 1...600, "attempts/max": 1...100,
        "attempts/wait-hours": 0...8_760, "reviews/minimum": 0...100_000, "validity/months": 1...120,
        "validity/warn-days": 0...365,
    ]

    /// Reads the policy at `path`; `available` counts the sound questions per area, so a
    /// blueprint that asks for more than the banks hold is an error.
    public static func load(
        path: String, schemaDirectory: String, available: [Category: Int]
    ) -> (policy: CertificationPolicy?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        func error(_ message: String, _ line: Int, _ element: String? = nil, _ attribute: String? = nil) {
            diagnostics.append(
                Diagnostic(
                    .error, message, at: SourceLocation(file: path, line: max(1, line)), element: element,
                    attribute: attribute))
        }
        let reader: XMLStreamReader
        do {
            let schema = try BankLoader.schema(in: schemaDirectory, at: schemaRelativePath)
            reader = try XMLStreamReader(
                path: path, schema: schema, vocabulary: Name.vocabulary, maxBytes: 1 << 20)
        } catch let failure as XMLOpenError {
            error(failure.message, 1)
            return (nil, diagnostics)
        } catch {
            diagnostics.append(Diagnostic(.error, "\(error)", at: SourceLocation(file: path, line: 1)))
            return (nil, diagnostics)
        }
        var policy = CertificationPolicy(
            id: "", title: "", areas: [], passMark: 1, allCritical: true,
            partialCredit: [.multiple: .proportional, .order: .proportional, .match: .proportional],
            timeLimitMinutes: 0, maxAttempts: 1, waitHours: 0, criticalRecall: nil, minimumReviews: 0,
            validityMonths: 12, warnDays: 30, location: SourceLocation(file: path, line: 1))
        var areaLines: [Category: Int] = [:]
        // Numbers out of range, by line: reported unless the schema already said so there.
        var rangeErrors: [Diagnostic] = []
        while reader.read() {
            guard reader.kind == .element else { continue }
            let line = reader.line
            let number = { (name: String) in reader.attribute(name).flatMap(Double.init) }
            let element = Name.vocabulary[max(0, min(Name.vocabulary.count - 1, reader.nameIndex))]
            /// The attribute as a whole number in its range; nil (with an error) when it is out of
            /// range or not a number, so no value is silently replaced or wrapped.
            let whole = { (name: String) -> Int? in
                guard let text = reader.attribute(name) else { return nil }
                let range = ranges["\(element)/\(name)"]
                guard let value = Int(text), range.map({ $0.contains(value) }) ?? true else {
                    let limits = range.map { "\($0.lowerBound) to \($0.upperBound)" } ?? "a whole number"
                    rangeErrors.append(
                        Diagnostic(
                            .error,
                            "<\(element) \(name)=\"\(text.prefix(40))\"> is out of range: it must be \(limits)",
                            at: SourceLocation(file: path, line: max(1, line)), element: element,
                            attribute: name))
                    return nil
                }
                return value
            }
            switch Name(rawValue: reader.nameIndex) {
            case .policy where reader.depth == 0:
                guard reader.namespaceURI == namespace else {
                    error("<policy> needs xmlns=\"\(namespace)\" (policy format version 1)", line, "policy")
                    return (nil, diagnostics)
                }
                policy.id = reader.attribute("id") ?? ""
                policy.title = reader.attribute("title") ?? ""
                policy.spa = reader.attribute("spa").flatMap { $0.isEmpty ? nil : $0 }
                policy.logo = reader.attribute("logo").flatMap {
                    $0.isEmpty
                        ? nil
                        : $0.hasPrefix("/")
                            ? $0
                            : ((path as NSString).deletingLastPathComponent as NSString)
                                .appendingPathComponent($0)
                }
                policy.location.line = line
            case .area:
                guard let category = reader.attribute("category").flatMap(Category.init(rawValue:)) else {
                    continue
                }
                if let first = areaLines[category] {
                    diagnostics.append(
                        Diagnostic(
                            .error,
                            "the blueprint names area '\(category.rawValue)' twice; give each area once",
                            at: SourceLocation(file: path, line: line),
                            notes: [
                                .init(
                                    location: SourceLocation(file: path, line: first),
                                    message: "first named here")
                            ],
                            element: "area"))
                    continue
                }
                areaLines[category] = line
                let questions = whole("questions") ?? 0
                if let have = available[category], questions > have {
                    error(
                        "the blueprint draws \(questions) \(category.rawValue) questions but the banks have only \(have)",
                        line, "area", "questions")
                }
                policy.areas.append(
                    .init(category: category, questions: questions, minimum: number("minimum") ?? 0))
            case .pass:
                policy.passMark = number("mark") ?? 1
                policy.allCritical =
                    reader.attribute("all-critical").map { $0 == "true" || $0 == "1" } ?? true
            case .partialCredit:
                for type in [QuestionType.multiple, .order, .match] {
                    if let rule = reader.attribute(type.rawValue).flatMap(
                        CertificationPolicy.CreditRule.init(rawValue:))
                    {
                        policy.partialCredit[type] = rule
                    }
                }
            case .timeLimit: policy.timeLimitMinutes = whole("minutes") ?? 0
            case .attempts:
                policy.maxAttempts = whole("max") ?? 1
                policy.waitHours = whole("wait-hours") ?? 0
            case .criticalRecall: policy.criticalRecall = number("retrievability")
            case .reviews: policy.minimumReviews = whole("minimum") ?? 0
            case .validity:
                policy.validityMonths = whole("months") ?? 12
                policy.warnDays = whole("warn-days") ?? 30
            default: break
            }
        }
        let schemaProblems = reader.problems.map { Diagnostic($0, in: path) }
        let flaggedLines = Set(schemaProblems.map(\.location.line))
        diagnostics += schemaProblems
        diagnostics += rangeErrors.filter { !flaggedLines.contains($0.location.line) }
        if policy.areas.isEmpty && diagnostics.isEmpty {
            error(
                "the blueprint draws no questions; name at least one <area>", policy.location.line, "policy")
        }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return (hasErrors ? nil : policy, diagnostics)
    }
}
