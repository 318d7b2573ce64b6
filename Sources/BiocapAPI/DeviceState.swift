/// What a device is doing, as the API reports it.
public enum DeviceState: String, Sendable, Codable, Hashable, CaseIterable {
    /// Added and being opened (claiming the interface, reading descriptors); not yet usable.
    case opening
    /// Open and idle: a capture may start.
    case ready
    /// Capturing (or previewing) for a caller.
    case busy
    /// Open failed or the last operation failed in a way that needs attention.
    case error
    /// Unplugged or otherwise gone.
    case disconnected
}
