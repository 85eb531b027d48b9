import Foundation
import SpacertXML

/// The banks that loaded, and every problem found in them.
public struct BankSet: Sendable {
    /// Banks that parsed well enough to be used (a bank with errors in some questions keeps
    /// its good questions).
    public var banks: [QuestionBank]
    /// Every problem in every file, in file and line order.
    public var diagnostics: [Diagnostic]
    /// How many files were read.
    public var fileCount: Int
    /// How many sound questions there are (also when they were not retained).
    public var questionCount: Int
    /// The certification policy, when one of the files is a sound policy.
    public var policy: CertificationPolicy?
    /// The file the policy was read from.
    public var policyFile: String?
    /// Bank files that could not be read to the end (not readable, not well-formed, not a
    /// bank): none of their questions is served. Each with the first error's place and words.
    public var leftOut: [(file: String, reason: Diagnostic)] = []
    /// Quality findings the editors accepted in the banks, when the quality rules ran.
    public var accepted: [AcceptedFinding] = []
    /// Item-quality figures per bank, when the quality rules ran.
    public var quality: [BankQuality] = []

    /// One line per bank file left out, for quiz and exam: `bank file X was left out: ...`.
    public var leftOutWarnings: [String] {
        leftOut.map {
            "bank file \($0.file) was left out: \($0.reason.location): \($0.reason.message); run 'spacert lint'"
        }
    }

    /// Every question of every bank.
    public var questions: [Question] { banks.flatMap(\.questions) }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads question banks (format version 1) with a streaming, validating libxml2 reader,
/// then checks what the schema cannot express.
public enum BankLoader {
    /// The namespace of bank format version 1.
    public static let namespace = "urn:spacert:bank:1"
    /// The namespace prefix every version shares; the number after it is the version.
    static let namespaceStem = "urn:spacert:bank:"
    /// The schema's path inside a banks folder.
    public static let schemaRelativePath = "schema/bank-1.xsd"
    /// Files larger than this are refused before parsing.
    public static let defaultMaxBytes = 128 << 20

    /// Loads every `*.xml` bank under `directory` (the certification policy and other
    /// non-bank roots are left to their own checkers).
    public static func loadAll(directory: String, maxBytes: Int = defaultMaxBytes) throws -> BankSet {
        let files = try xmlFiles(under: directory)
        var isDirectory: ObjCBool = false
        let folder =
            FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
            && isDirectory.boolValue
        return try load(
            files: files, schemaDirectory: directory, maxBytes: maxBytes,
            policyFolder: folder ? directory : nil)
    }

    /// A guess at how many questions `files` hold, from their sizes (a question takes a few
    /// hundred bytes), to size the id table once; capped so a guess costs little memory.
    private static func expectedQuestions(in files: [String]) -> Int {
        var bytes = 0
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            bytes += size
        }
        return min(bytes / 512, 200_000)
    }

    /// The one file that is the certification policy.
    public static let policyFileName = "certification.xml"

    /// Whether `file` sits directly in `folder`.
    private static func isDirectly(in folder: String, _ file: String) -> Bool {
        let parent = (file as NSString).deletingLastPathComponent
        return (parent as NSString).standardizingPath == (folder as NSString).standardizingPath
    }

    /// Every `*.xml` file under `directory`, sorted, skipping hidden folders.
    public static func xmlFiles(under directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw SpacertError.invalidInput(
                "\(directory): no such folder of question banks; run spacert in the folder that holds "
                    + "QuestionBanks, or name the banks folder with --banks DIR (or SPACERT_BANKS=DIR)")
        }
        guard isDirectory.boolValue else { return [directory] }
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw SpacertError.invalidInput("\(directory): cannot list the folder")
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if relative.hasSuffix(".xml") {
                files.append((directory as NSString).appendingPathComponent(relative))
            }
        }
        return files.sorted()
    }

    /// Compiles a schema found in the banks folder `directory` (the bank schema by default).
    public static func schema(in directory: String, at relativePath: String = schemaRelativePath) throws
        -> XMLSchema
    {
        let path = (directory as NSString).appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: path) else {
            throw SpacertError.invalidInput(
                "cannot find the schema at \(path); point --banks at the folder that holds schema/")
        }
        do { return try XMLSchema(path: path) } catch { throw SpacertError.invalidInput(error.message) }
    }

    /// Loads the given files, validating against the schema in `schemaDirectory`. Problems in
    /// one file never stop the others from being checked.
    ///
    /// With `retainQuestions` false only the counts and diagnostics are kept (what `lint`
    /// needs), so memory stays flat however large the banks are. With `quality` the quality
    /// rules run too (warnings; see `LintRules.quality`). The ids in `contextFiles` (the
    /// other banks of a folder when one file is linted) are known first, so a clash with
    /// them is reported; nothing else of them is.
    ///
    /// The policy is `certification.xml` and nothing else: any other file whose root is
    /// `<policy>` is an error, and with `policyFolder` (a whole banks folder) so is a folder
    /// without `certification.xml`.
    public static func load(
        files: [String], schemaDirectory: String, maxBytes: Int = defaultMaxBytes,
        retainQuestions: Bool = true, quality: Bool = false, contextFiles: [String] = [],
        policyFolder: String? = nil
    ) throws -> BankSet {
        let schema = try schema(in: schemaDirectory)
        let allFiles = contextFiles + files
        // Where each question id was first defined, with room made up front from the files'
        // sizes; the quality rules' per-question tables likewise (room reserved, not touched,
        // so a big bank's tables never grow by copying).
        let expected = expectedQuestions(in: allFiles)
        let check = quality ? QualityCheck(expectedQuestions: expected) : nil
        var leftOut: [(file: String, reason: Diagnostic)] = []
        var banks: [QuestionBank] = []
        var diagnostics: [Diagnostic] = []
        var firstDefinitions = QuestionIDTable(expected: expected)
        var questionCount = 0
        var available: [Category: Int] = [:]
        var policyFiles: [String] = []
        for (fileIndex, file) in allFiles.enumerated() {
            let isContext = fileIndex < contextFiles.count
            if XMLStreamReader.rootElementName(path: file) == "policy" {
                if !isContext { policyFiles.append(file) }
                continue
            }
            // Where the id table and the quality rules stood before this file, should it have
            // to be read again with the tree reader (see `BankFileReader.read`).
            let idsBefore = firstDefinitions
            let qualityBefore = isContext ? nil : check?.mark()
            func read(treeReader: Bool) -> (
                bank: QuestionBank?, diagnostics: [Diagnostic], questionCount: Int, complete: Bool,
                again: Bool
            ) {
                BankFileReader.read(
                    path: file, schema: schema, maxBytes: maxBytes, retain: retainQuestions && !isContext,
                    inspect: isContext ? nil : check.map { check in { check.inspect($0, bankLine: $1) } },
                    treeReader: treeReader
                ) { id, location in
                    let place = QuestionIDTable.Place(
                        file: Int32(fileIndex), line: Int32(clamping: location.line))
                    if let first = firstDefinitions.firstDefinition(of: id, at: place) {
                        let firstPlace = SourceLocation(
                            file: allFiles[Int(first.file)], line: Int(first.line))
                        return DuplicateIDRule.diagnostic(
                            DuplicateIDRule.used(id), at: location,
                            notes: [.init(location: firstPlace, message: DuplicateIDRule.firstHere(id))],
                            element: "question", attribute: "id")
                    }
                    return nil
                }
            }
            var result = read(treeReader: false)
            if result.again {
                firstDefinitions = idsBefore
                if let qualityBefore { check?.rollBack(to: qualityBefore) }
                result = read(treeReader: true)
            }
            if isContext { continue }
            var fileDiagnostics = result.diagnostics + (check?.takeDiagnostics() ?? [])
            if !result.complete || result.bank == nil {
                if let first = result.diagnostics.first(where: { $0.severity == .error }) {
                    leftOut.append((file, first))
                }
            }
            if result.complete { questionCount += result.questionCount }
            if let bank = result.bank, result.complete {
                // Every question counted was accepted into this bank, and so its category.
                if result.questionCount > 0 { available[bank.category, default: 0] += result.questionCount }
                if let first = banks.first(where: { $0.id == bank.id }) {
                    fileDiagnostics.append(
                        DuplicateBankIDRule.diagnostic(
                            DuplicateBankIDRule.used(bank.id, by: first.file),
                            at: SourceLocation(file: file, line: bank.line),
                            notes: [
                                .init(
                                    location: SourceLocation(file: first.file, line: first.line),
                                    message: DuplicateBankIDRule.firstHere(bank.id))
                            ],
                            element: "bank", attribute: "id"))
                }
                banks.append(bank)
            }
            ColumnResolver.resolve(&fileDiagnostics, in: file)
            diagnostics += fileDiagnostics.sorted {
                ($0.location.line, $0.location.column ?? 0) < ($1.location.line, $1.location.column ?? 0)
            }
        }
        if let check {
            // The cross-question findings, with columns, then every finding in file order.
            var late = check.finish()
            for file in Set(late.map(\.location.file)) { ColumnResolver.resolve(&late, in: file) }
            let order = Dictionary(
                files.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            diagnostics = (diagnostics + late).enumerated().sorted { left, right in
                let l = left.element.location
                let r = right.element.location
                let lf = order[l.file] ?? Int.max
                let rf = order[r.file] ?? Int.max
                if lf != rf { return lf < rf }
                if l.line != r.line { return l.line < r.line }
                if (l.column ?? 0) != (r.column ?? 0) { return (l.column ?? 0) < (r.column ?? 0) }
                return left.offset < right.offset
            }.map(\.element)
        }
        // Notes point at first definitions that may sit in other files: give them columns too.
        for index in diagnostics.indices {
            for noteIndex in diagnostics[index].notes.indices
            where diagnostics[index].notes[noteIndex].location.column == nil {
                let note = diagnostics[index].notes[noteIndex]
                var probe = [Diagnostic(.note, "", at: note.location, element: "question")]
                ColumnResolver.resolve(&probe, in: note.location.file)
                diagnostics[index].notes[noteIndex].location = probe[0].location
            }
        }
        var policy: CertificationPolicy?
        var policyFile: String?
        if let policyFolder,
            !files.contains(where: {
                ($0 as NSString).lastPathComponent == policyFileName && isDirectly(in: policyFolder, $0)
            })
        {
            diagnostics.append(
                Diagnostic(
                    .error,
                    "there is no certification policy: the banks folder needs \(policyFileName), which the exam is "
                        + "drawn and graded by",
                    at: SourceLocation(
                        file: (policyFolder as NSString).appendingPathComponent(policyFileName), line: 1)))
        }
        for file in policyFiles {
            guard (file as NSString).lastPathComponent == policyFileName else {
                diagnostics.append(
                    Diagnostic(
                        .error,
                        "a second policy file: the certification policy is \(policyFileName) and nothing else; "
                            + "remove this file or merge it into \(policyFileName)",
                        at: SourceLocation(file: file, line: 1), element: "policy"))
                continue
            }
            let result = PolicyLoader.load(path: file, schemaDirectory: schemaDirectory, available: available)
            // The policy's checks stay in PolicyLoader (see PolicyRule); their findings carry
            // the one `policy` rule id.
            var policyDiagnostics = result.diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                if diagnostic.rule == nil { diagnostic.rule = PolicyRule.id }
                return diagnostic
            }
            ColumnResolver.resolve(&policyDiagnostics, in: file)
            diagnostics += policyDiagnostics
            if policy == nil, let sound = result.policy {
                policy = sound
                policyFile = file
            }
        }
        var set = BankSet(
            banks: banks, diagnostics: diagnostics, fileCount: files.count, questionCount: questionCount,
            policy: policy, policyFile: policyFile)
        set.leftOut = leftOut
        set.accepted = check?.accepted ?? []
        set.quality = check?.banks ?? []
        return set
    }
}
