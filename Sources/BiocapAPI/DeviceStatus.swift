import BiocapCore

/// A device's descriptor and state at one moment.
public struct DeviceStatus: Sendable, Codable, Hashable {
    public var descriptor: DeviceDescriptor
    public var state: DeviceState
    /// The last error's message, while `state` is `error` or `disconnected`.
    public var lastError: String?

    public init(descriptor: DeviceDescriptor, state: DeviceState, lastError: String? = nil) {
        self.descriptor = descriptor
        self.state = state
        self.lastError = lastError
    }
}
