/// `GET /v1/health`.
public struct HealthReport: Codable, Sendable, Hashable {
    /// `ok`, or `degraded` while something needs a person (`problems` says what).
    public var status: String
    /// Present when `degraded`: what is wrong.
    public var problems: [HealthProblem]?
    public var version: String
    public var uptimeSeconds: Double
    /// Devices the daemon knows, in any state.
    public var devices: Int
    /// Packets per state; absent when the queue could not be read (a problem then says why).
    public var queue: QueueSummary?

    public init(status: String, problems: [HealthProblem]? = nil, version: String, uptimeSeconds: Double, devices: Int, queue: QueueSummary?) {
        self.status = status
        self.problems = problems
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.devices = devices
        self.queue = queue
    }
}
