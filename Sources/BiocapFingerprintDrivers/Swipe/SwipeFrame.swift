/// One narrow frame of a swipe sensor, decoded to 8-bit pixels (row-major, `frameWidth` × `frameHeight`
/// of its `SwipeFrameGeometry`), with its movement relative to the previous frame.
///
/// A driver decodes the sensor's own pixel format (4-bit, 16-bit, rotated …) into `pixels` exactly as
/// libfprint's `get_pixel` accessor would read it; the assembler then only ever reads 8-bit values.
public struct SwipeFrame: Sendable, Equatable {
    /// Row-major pixels, `frameWidth × frameHeight` of the geometry the frame is assembled with.
    public var pixels: [UInt8]
    /// Horizontal movement against the previous frame (set by `SwipeAssembler.estimateMovement`).
    public var deltaX: Int
    /// Vertical movement against the previous frame (set by `SwipeAssembler.estimateMovement`).
    public var deltaY: Int

    /// A frame with no movement yet.
    public init(pixels: [UInt8], deltaX: Int = 0, deltaY: Int = 0) {
        self.pixels = pixels
        self.deltaX = deltaX
        self.deltaY = deltaY
    }
}
