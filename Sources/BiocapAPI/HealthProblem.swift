/// One reason `/v1/health` says `degraded`: a stable code and a sentence for people.
///
/// Codes: `queue-read-only` (the queue's file system or file cannot be written), `disk-full`, `storage-error`
/// (the last write to the queue failed), `queue-unreadable` (the queue could not be counted),
/// `queue-packets-missing` (fewer packets at startup than acknowledged before).
public struct HealthProblem: Codable, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
