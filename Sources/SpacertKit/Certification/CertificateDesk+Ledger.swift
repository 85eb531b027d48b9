import Foundation

/// What the manager's desk did with the passes the exam ledger holds (`spacert certificate issue`).
public struct LedgerIssuing: Sendable {
    /// A certificate issued now.
    public struct Issued: Sendable {
        public var certificate: SignedCertificate
        /// Where its signed JSON was written.
        public var path: String
        /// Its printable PDF and HTML, when they could be made.
        public var printed: (pdf: String, html: String)?
        /// Why they could not, when they could not (the certificate stands).
        public var printProblem: String?
    }

    /// A pass not certified, and why.
    public struct Held: Sendable, Hashable {
        public var attemptID: String
        public var trainee: String
        public var reason: String
    }

    /// Why nothing was issued: the ledger does not audit clean (each problem, as `spacert audit`
    /// gives it). Empty when it does.
    public var auditProblems: [LedgerAudit.Problem] = []
    public var issued: [Issued] = []
    public var held: [Held] = []
    /// Passes that had a certificate already (issued at the exam, or here before).
    public var alreadyCertified = 0
}

extension CertificateDesk {
    /// Issues a certificate for every pass in the ledger that has none yet (the trainee's, or
    /// everyone's): the manager's desk of a shared store, whose branch terminals hold no key.
    ///
    /// Nothing is issued unless the whole ledger audits clean against `trust` (hash chain,
    /// every checkpoint's signature, the copy outside the store). Results come from the ledger's
    /// one reader (``ProgressStore/examResults(trainee:trust:)``); each pass is then graded again
    /// from the attempt's own rows (``ExamTranscript/regradeProblem(of:policy:content:questions:)``)
    /// and certified only when that agrees. A certificate is issued as of the exam's end
    /// (`issued` is when the attempt finished, so it is the one the exam would have issued, with the
    /// same id and expiry), signed with the key at ``keyPath``, and written as at the exam: JSON,
    /// the store's copy, PDF and HTML. Running it again issues nothing new.
    public func issueFromLedger(trainee: Trainee.ID? = nil, trust: LedgerTrust) throws -> LedgerIssuing {
        guard let store else {
            throw SpacertError.invalidInput(
                "certificates are issued from a store's exam ledger; none was given")
        }
        guard let policy = banks.policy, let content else {
            throw SpacertError.invalidInput(
                "no sound certification policy in the banks folder (certification.xml); run 'spacert lint'")
        }
        if key == nil { key = try SigningKey.load(path: keyPath) }
        guard let key else { return LedgerIssuing() }
        var outcome = LedgerIssuing()
        let (audit, results, certified) = try store.read {
            tx -> (LedgerAudit, [ExamResult], Set<String>) in
            let audit = try LedgerCheck(tx, trust: trust, verifyAllSignatures: true).audit
            guard audit.intact else { return (audit, [], []) }
            let results = try ProgressStore.examResults(tx, trainee: trainee, trust: trust).results
            let certified = Set(try tx.certificates(trainee: trainee).map(\.attempt))
            return (audit, results, certified)
        }
        guard audit.intact else {
            outcome.auditProblems = audit.problems
            return outcome
        }
        for result in results where result.passed && !result.recordAltered {
            // The reader names the certificate issued at the exam, or here since.
            if result.certificateID != nil || certified.contains(result.attemptID) {
                outcome.alreadyCertified += 1
                continue
            }
            let transcript = try ExamTranscript(
                store: store, attemptID: result.attemptID, questions: banks.questions, readingResult: false)
            if let problem = transcript.regradeProblem(
                of: result, policy: policy, content: content, questions: banks.questions)
            {
                outcome.held.append(
                    .init(attemptID: result.attemptID, trainee: result.trainee, reason: problem))
                continue
            }
            let signed: SignedCertificate
            do {
                signed = try CertificateIssuer.issue(
                    result: result, policy: policy, policyHash: content.policy, bankHashes: content.banks,
                    issued: result.finished, key: key)
            } catch let error as SpacertError {
                outcome.held.append(
                    .init(attemptID: result.attemptID, trainee: result.trainee, reason: error.description))
                continue
            }
            try write(signed, trainee: result.traineeID)
            outcome.issued.append(
                .init(certificate: signed, path: path ?? "", printed: printed, printProblem: printProblem))
        }
        return outcome
    }
}
