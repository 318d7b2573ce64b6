/// One body position seen in a frame: a finger, a slap, an eye or the face, with its image.
public struct FrameView: Sendable, Equatable {
    public var position: BiometricPosition
    public var image: CapturedImage

    public init(position: BiometricPosition, image: CapturedImage) {
        self.position = position
        self.image = image
    }
}
