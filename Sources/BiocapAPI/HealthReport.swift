/// `GET /v1/health`.
public struct HealthReport: Codable, Sendable, Hashable {
    /// `ok`, or `degraded` while something needs a person (`problems` says what).
    public var status: String
    /// Present when `degraded`: what is wrong, for people.
    public var problems: [String]?
    public var version: String
    public var uptimeSeconds: Double
    /// Devices the daemon knows, in any state.
    public var devices: Int
    public var queue: QueueSummary

    public init(status: String, problems: [String]? = nil, version: String, uptimeSeconds: Double, devices: Int, queue: QueueSummary) {
        self.status = status
        self.problems = problems
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.devices = devices
        self.queue = queue
    }
}
