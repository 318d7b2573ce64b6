import BiocapDeviceKit

/// One frame size of a streaming format (VS_FRAME_UNCOMPRESSED / _MJPEG / _FRAME_BASED).
public struct UVCFrameDescriptor: Sendable, Hashable {
    /// bFrameIndex, 1-based, as used in probe/commit.
    public var index: UInt8
    public var width: Int
    public var height: Int
    /// dwMaxVideoFrameBufferSize (0 for frame-based formats, which do not give it).
    public var maxFrameBufferSize: Int
    /// dwDefaultFrameInterval in 100 ns units.
    public var defaultInterval: UInt32
    public var intervals: UVCFrameIntervals

    public init(index: UInt8, width: Int, height: Int, maxFrameBufferSize: Int, defaultInterval: UInt32, intervals: UVCFrameIntervals) {
        self.index = index
        self.width = width
        self.height = height
        self.maxFrameBufferSize = maxFrameBufferSize
        self.defaultInterval = defaultInterval
        self.intervals = intervals
    }
}
