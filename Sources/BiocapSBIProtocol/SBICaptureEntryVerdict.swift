/// What a client found in one entry of an RCAPTURE answer.
public struct SBICaptureEntryVerdict: Sendable {
    /// The outcome for one entry.
    public enum Verdict: String, Sendable, Codable {
        /// Signatures, echo, formats and hash all check out.
        case verified
        /// The device reported an error for this entry (`error.errorCode` not 0).
        case deviceError = "device-error"
        /// Something in the entry is wrong; `problems` says what.
        case failed
    }

    /// Position in `biometrics`, from 0.
    public var index: Int
    public var verdict: Verdict
    /// The entry's error object (the device's code and message for a `deviceError`).
    public var error: SBIErrorInfo?
    /// The signed payload, when its signature verified and it decoded.
    public var data: SBIBiometricData?
    /// The digital id inside `data`, when its own signature verified.
    public var digitalId: SBIDigitalID?
    /// The decoded `bioValue` (an ISO/IEC 19794 record).
    public var record: [UInt8]?
    /// The entry's `hash` as sent.
    public var hash: String
    /// The hash recomputed from the previous link and the record, upper-case hex.
    public var expectedHash: String?
    /// The signer's certificate, summarised.
    public var certificate: SBICertificateSummary?
    /// Each thing wrong with the entry, in words.
    public var problems: [String]

    /// A verdict; made by `SBICaptureVerifier`.
    public init(index: Int, verdict: Verdict, error: SBIErrorInfo?, data: SBIBiometricData?, digitalId: SBIDigitalID?,
                record: [UInt8]?, hash: String, expectedHash: String?, certificate: SBICertificateSummary?, problems: [String]) {
        self.index = index
        self.verdict = verdict
        self.error = error
        self.data = data
        self.digitalId = digitalId
        self.record = record
        self.hash = hash
        self.expectedHash = expectedHash
        self.certificate = certificate
        self.problems = problems
    }

    /// The position captured: `bioSubType`, else `bioType` (a face), else `?` when the payload could not be read.
    public var position: String {
        if let subType = data?.bioSubType, !subType.isEmpty { return subType }
        return data?.bioType ?? "?"
    }
}
