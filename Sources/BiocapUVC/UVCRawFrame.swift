import BiocapDeviceKit

/// One complete frame as the camera sent it (MJPEG bytes or uncompressed pixels).
public struct UVCRawFrame: Sendable {
    public var bytes: [UInt8]
    /// The PTS of the frame's first payload that carried one.
    public var presentationTime: UInt32?
    /// Host time the last payload arrived.
    public var received: ContinuousClock.Instant
    /// The frame's payloads carried the STI bit: a method 2 still image, not a video frame.
    public var isStill: Bool

    public init(bytes: [UInt8], presentationTime: UInt32?, received: ContinuousClock.Instant, isStill: Bool = false) {
        self.bytes = bytes
        self.presentationTime = presentationTime
        self.received = received
        self.isStill = isStill
    }
}
