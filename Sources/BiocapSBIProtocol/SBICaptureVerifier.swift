import Foundation

/// Checks an RCAPTURE answer the way a careful client must, against the request that asked for it and using nothing
/// beyond SBI 0.9.5 (so it works with any vendor's service): per entry, the `data` JWS and the `digitalId` JWS inside
/// it (`SBIJWS.verify`), the echoed transactionId, env and purpose, bioType, excepted positions left out,
/// `timestamp` and score formats, the ISO record's format identifier, and the hash chain recomputed from
/// `previousHash` (or SHA-256("")) link by link.
public struct SBICaptureVerifier: Sendable {
    /// The request the answer is checked against (transactionId, env, purpose, type, count, exceptions).
    public let request: SBICaptureRequest
    /// The hash the capture continued from (hex), nil or empty for a new chain.
    public let previousHash: String?

    /// A verifier for the answer to `request`, whose chain continued from `previousHash`.
    public init(request: SBICaptureRequest, previousHash: String?) {
        self.request = request
        self.previousHash = previousHash
    }

    /// The answer's entry, read leniently so that a missing key becomes a stated problem rather than a decoding failure.
    struct Entry: Decodable {
        var specVersion: String?
        var data: String?
        var hash: String?
        var error: SBIErrorInfo?
    }

    struct Answer: Decodable {
        var biometrics: [Entry]?
        var error: SBIErrorInfo?
    }

    /// Verifies `responseBody` (the RCAPTURE answer's bytes) with certificates checked at `now`.
    public func verify(responseBody: [UInt8], now: Date = Date()) -> SBICaptureReport {
        let answer: Answer
        do { answer = try SBIJSON.decode(Answer.self, from: responseBody) } catch {
            return SBICaptureReport(entries: [], problems: ["the answer is not an RCAPTURE document: \(SBIDecodingReason.describe(error))"],
                                    lastHash: nil)
        }
        guard let entries = answer.biometrics else {
            let error = answer.error.map { ": error \($0.errorCode) \($0.errorInfo)" } ?? ""
            return SBICaptureReport(entries: [], problems: ["the answer has no 'biometrics' list\(error)"], lastHash: nil)
        }
        var problems: [String] = []
        if entries.isEmpty { problems.append("'biometrics' is empty: no entry and no error") }
        var previous: [UInt8]
        do { previous = try SBIHashChain(previousHash: previousHash).previous } catch {
            return SBICaptureReport(entries: [], problems: ["the previous hash '\(previousHash ?? "")' is not 64 hex digits"], lastHash: nil)
        }
        var verdicts: [SBICaptureEntryVerdict] = []
        var seenPositions: Set<String> = []
        for (index, entry) in entries.enumerated() {
            var verdict = verifyEntry(entry, index: index, previous: previous, now: now)
            if verdict.verdict != .deviceError {
                if let subType = verdict.data?.bioSubType, !subType.isEmpty, subType != "UNKNOWN", !seenPositions.insert(subType).inserted {
                    verdict.problems.append("'\(subType)' was already returned by an earlier entry")
                }
                // The next link starts from this entry's hash as sent when it is well formed, so a wrong link is
                // reported once, at the entry that has it, not again at every entry after it.
                if let sent = SBIHashChain.bytes(hex: verdict.hash), sent.count == 32 {
                    previous = sent
                } else if let expected = verdict.expectedHash.flatMap({ SBIHashChain.bytes(hex: $0) }) {
                    previous = expected
                }
            }
            if verdict.verdict != .deviceError, !verdict.problems.isEmpty { verdict.verdict = .failed }
            verdicts.append(verdict)
        }
        let captured = verdicts.filter { $0.verdict != .deviceError }.count
        if !verdicts.contains(where: { $0.verdict == .deviceError }), let wanted = request.bio?.first?.count.flatMap({ Int($0) }),
           captured != wanted {
            problems.append("\(captured) position(s) returned, \(wanted) requested (count excludes the exceptions)")
        }
        let report = SBICaptureReport(entries: verdicts, problems: problems, lastHash: nil)
        guard report.isVerified else { return report }
        return SBICaptureReport(entries: verdicts, problems: problems, lastHash: verdicts.last?.expectedHash)
    }

    private func verifyEntry(_ entry: Entry, index: Int, previous: [UInt8], now: Date) -> SBICaptureEntryVerdict {
        var verdict = SBICaptureEntryVerdict(index: index, verdict: .verified, error: entry.error, data: nil, digitalId: nil,
                                             record: nil, hash: entry.hash ?? "", expectedHash: nil, certificate: nil, problems: [])
        guard let error = entry.error else {
            verdict.problems.append("the entry has no 'error' object")
            return checkPayload(entry, verdict, previous: previous, now: now)
        }
        guard error.isSuccess else {
            verdict.verdict = .deviceError
            if let data = entry.data, !data.isEmpty { verdict.problems.append("an error entry must have an empty 'data'") }
            return verdict
        }
        return checkPayload(entry, verdict, previous: previous, now: now)
    }

    private func checkPayload(_ entry: Entry, _ start: SBICaptureEntryVerdict, previous: [UInt8], now: Date) -> SBICaptureEntryVerdict {
        var verdict = start
        let wantedSpec = request.specVersion ?? SBIConstants.specVersion
        if entry.specVersion != wantedSpec {
            verdict.problems.append("specVersion is '\(entry.specVersion ?? "(missing)")', the request asked for '\(wantedSpec)'")
        }
        guard let compact = entry.data, !compact.isEmpty else {
            verdict.problems.append("'data' is empty although the error code is 0")
            return verdict
        }
        let data: SBIBiometricData
        do {
            let (payload, signed) = try SBIJWS.verify(compact, as: SBIBiometricData.self, now: now)
            data = payload
            verdict.data = payload
            verdict.certificate = try? SBICertificateSummary(signed.certificate)
        } catch {
            verdict.problems.append("data: \(error.description)")
            return verdict
        }
        do {
            let (digitalId, _) = try SBIJWS.verify(data.digitalId, as: SBIDigitalID.self, now: now)
            verdict.digitalId = digitalId
            if digitalId.type != data.bioType {
                verdict.problems.append("the digitalId's type is '\(digitalId.type)' but bioType is '\(data.bioType)'")
            }
        } catch {
            verdict.problems.append("digitalId: \(error.description)")
        }
        verdict.problems += fieldProblems(data)
        guard let record = Base64URL.decodeStrict(data.bioValue), !record.isEmpty else {
            verdict.problems.append("bioValue is not base64url of a record")
            return verdict
        }
        verdict.record = record
        if let problem = recordProblem(record, bioType: data.bioType) { verdict.problems.append(problem) }
        var chain = SBIHashChain(previous: previous)
        let expected = chain.append(record: record)
        verdict.expectedHash = expected
        if SBIHashChain.bytes(hex: verdict.hash) != SBIHashChain.bytes(hex: expected) {
            verdict.problems.append("hash is '\(verdict.hash)' but SHA-256(previous hash ‖ SHA-256(record)) is \(expected): the chain is broken here")
        }
        return verdict
    }

    /// The echo and format checks on a signed payload.
    private func fieldProblems(_ data: SBIBiometricData) -> [String] {
        var problems: [String] = []
        if let id = request.transactionId, data.transactionId != id {
            problems.append("transactionId is '\(data.transactionId)', the request's is '\(id)'")
        }
        if let env = request.env, data.env != env { problems.append("env is '\(data.env)', the request asked for '\(env)'") }
        if let purpose = request.purpose, data.purpose != purpose {
            problems.append("purpose is '\(data.purpose)', the request asked for '\(purpose)'")
        }
        let bio = request.bio?.first
        if let type = bio?.type, data.bioType != type { problems.append("bioType is '\(data.bioType)', the request asked for '\(type)'") }
        if let subType = data.bioSubType, bio?.exception.contains(subType) == true {
            problems.append("'\(subType)' was excepted in the request but returned")
        }
        if data.bioType != "Face", (data.bioSubType ?? "").isEmpty { problems.append("bioSubType is missing for a \(data.bioType) entry") }
        if !SBIFieldFormat.isTimestamp(data.timestamp) {
            problems.append("timestamp '\(data.timestamp)' is not yyyy-MM-ddTHH:mm:ssZ")
        }
        if !SBIFieldFormat.isScore(data.qualityScore) { problems.append("qualityScore '\(data.qualityScore)' is not a score 0-100") }
        if !SBIFieldFormat.isScore(data.requestedScore) {
            problems.append("requestedScore '\(data.requestedScore)' is not a score 0-100")
        }
        return problems
    }

    /// The ISO/IEC 19794 format identifier a record of `bioType` starts with (-4 finger, -6 iris, -5 face).
    private func recordProblem(_ record: [UInt8], bioType: String) -> String? {
        let identifiers = ["Finger": "FIR", "Iris": "IIR", "Face": "FAC"]
        guard let wanted = identifiers[bioType] else { return nil }
        let found = record.count >= 4 ? Array(record.prefix(4)) : record
        guard found != Array(wanted.utf8) + [0] else { return nil }
        let shown = String(decoding: found.prefix(3), as: UTF8.self)
        return "bioValue is not an ISO/IEC 19794 \(bioType) record: it starts '\(shown)', expected '\(wanted)\\0'"
    }
}
