/// The frame assembly parameters of one swipe sensor (libfprint's `fpi_frame_asmbl_ctx`).
public struct SwipeFrameGeometry: Sendable, Equatable {
    /// Width of each frame in pixels.
    public let frameWidth: Int
    /// Height of each frame in pixels.
    public let frameHeight: Int
    /// Width of the assembled image; usually wider than a frame to take sideways movement.
    public let imageWidth: Int

    /// A geometry; every size must be positive for frames to be assembled.
    public init(frameWidth: Int, frameHeight: Int, imageWidth: Int) {
        self.frameWidth = frameWidth
        self.frameHeight = frameHeight
        self.imageWidth = imageWidth
    }

    /// Pixels in one frame.
    public var frameSize: Int { frameWidth * frameHeight }
}
