/// One body position seen in a frame: a finger, a slap, an eye or the face, with its image.
public struct FrameView: Sendable, Equatable {
    public var position: BiometricPosition
    /// The image the quality gate scores. For a camera frame decoded reduced (see `fullResolution`)
    /// this is the reduced image; otherwise the frame itself.
    public var image: CapturedImage
    /// The frame at full resolution, still encoded, when `image` is a reduced decode of it (a face
    /// camera's MJPEG decoded at 1/2 or less for the gate). Whoever keeps the frame — the capture's
    /// result and record, a still — decodes this one. `nil`: `image` is already full resolution.
    public var fullResolution: EncodedImage?

    public init(position: BiometricPosition, image: CapturedImage, fullResolution: EncodedImage? = nil) {
        self.position = position
        self.image = image
        self.fullResolution = fullResolution
    }
}
