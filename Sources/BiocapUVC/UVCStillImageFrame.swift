import BiocapDeviceKit

/// The still image frame descriptor of a format (VS_STILL_IMAGE_FRAME, UVC 1.5 §3.9.2.5): the
/// still sizes and compression ratios a camera offers for method 2 and 3 still capture.
public struct UVCStillImageFrame: Sendable, Hashable {
    /// One still size; its 1-based position in `sizes` is the bFrameIndex of the still probe.
    public struct Size: Sendable, Hashable {
        public var width: Int
        public var height: Int

        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
    }

    /// bEndpointAddress: the bulk still endpoint for method 3, 0 for method 2.
    public var endpointAddress: UInt8
    public var sizes: [Size]
    /// bCompression values; the 1-based position is the still probe's bCompressionIndex.
    public var compressions: [UInt8]

    public init(endpointAddress: UInt8, sizes: [Size], compressions: [UInt8]) {
        self.endpointAddress = endpointAddress
        self.sizes = sizes
        self.compressions = compressions
    }

    /// The largest still size (by area), `nil` when none is listed.
    public var largest: Size? { sizes.max { $0.width * $0.height < $1.width * $1.height } }

    /// The 1-based still size index of `width`×`height`, `nil` when the camera offers no such size.
    public func index(width: Int, height: Int) -> UInt8? {
        guard let offset = sizes.firstIndex(of: Size(width: width, height: height)) else { return nil }
        return UInt8(truncatingIfNeeded: offset + 1)
    }
}
