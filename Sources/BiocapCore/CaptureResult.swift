import Foundation

/// The accepted image for one position at the end of a capture session.
public struct CaptureResult: Sendable, Equatable {
    public var position: BiometricPosition
    public var image: CapturedImage
    public var quality: QualityReport
    /// True when the session timed out and this is the best frame seen, not one that met the threshold.
    public var belowThreshold: Bool
    /// Index of the frame this image came from, and how many frames were scored in all.
    public var frameIndex: Int
    public var framesScored: Int
    public var device: DeviceDescriptor
    public var startedAt: Date
    public var capturedAt: Date

    public init(
        position: BiometricPosition, image: CapturedImage, quality: QualityReport, belowThreshold: Bool,
        frameIndex: Int, framesScored: Int, device: DeviceDescriptor, startedAt: Date, capturedAt: Date
    ) {
        self.position = position
        self.image = image
        self.quality = quality
        self.belowThreshold = belowThreshold
        self.frameIndex = frameIndex
        self.framesScored = framesScored
        self.device = device
        self.startedAt = startedAt
        self.capturedAt = capturedAt
    }
}
