/// `GET /v1/health`.
public struct HealthReport: Codable, Sendable, Hashable {
    /// `ok`.
    public var status: String
    public var version: String
    public var uptimeSeconds: Double
    /// Devices the daemon knows, in any state.
    public var devices: Int
    public var queue: QueueSummary

    public init(status: String, version: String, uptimeSeconds: Double, devices: Int, queue: QueueSummary) {
        self.status = status
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.devices = devices
        self.queue = queue
    }
}
