/// A client's verification of a whole RCAPTURE answer.
public struct SBICaptureReport: Sendable {
    /// One verdict per `biometrics` entry, in order.
    public var entries: [SBICaptureEntryVerdict]
    /// What is wrong with the answer as a whole (not JSON, no entries, the wrong number of entries).
    public var problems: [String]
    /// The last link of the chain when every entry verified: the next capture's `previousHash`.
    public var lastHash: String?

    /// A report; made by `SBICaptureVerifier.verify`.
    public init(entries: [SBICaptureEntryVerdict], problems: [String], lastHash: String?) {
        self.entries = entries
        self.problems = problems
        self.lastHash = lastHash
    }

    /// True when the answer and every entry verified.
    public var isVerified: Bool { problems.isEmpty && !entries.isEmpty && entries.allSatisfy { $0.verdict == .verified } }

    /// True when the device answered with an error entry.
    public var hasDeviceError: Bool { entries.contains { $0.verdict == .deviceError } }
}
