import Foundation

/// The accepted image for one position at the end of a capture session (for a signature: the pen samples and
/// the signature drawn from them).
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
    /// The pen samples of a signature capture (whose `image` is the signature rendered from them); nil otherwise.
    public var signature: SignatureTrace?
    /// For a slap: the fingertips found in `image`, each with its ISO position, box and score; nil otherwise.
    public var segmentation: SlapSegmentation?

    public init(
        position: BiometricPosition, image: CapturedImage, quality: QualityReport, belowThreshold: Bool,
        frameIndex: Int, framesScored: Int, device: DeviceDescriptor, startedAt: Date, capturedAt: Date,
        signature: SignatureTrace? = nil, segmentation: SlapSegmentation? = nil
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
        self.signature = signature
        self.segmentation = segmentation
    }
}
