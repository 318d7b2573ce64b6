import BiocapDeviceKit

/// How an Elan sensor's raw frames map onto the frames that are assembled: the sensor reports its
/// size; raw frames are 16-bit little-endian pixels, portrait (rotated) on most sensors; only the
/// middle `frameHeight` (at most 50) rows are kept, as taller frames assemble badly.
public struct ElanFrameLayout: Sendable, Equatable {
    /// Width of the assembled frames (raw height of a rotated sensor).
    public let frameWidth: Int
    /// Rows kept from each frame.
    public let frameHeight: Int
    /// Rows of the raw frame (before cropping).
    public let rawFrameHeight: Int
    /// Whether raw frames are stored column by column (all but the 0c03).
    public let rotated: Bool

    /// Frames taller than this are cropped to their middle.
    public static let maximumFrameHeight = 50

    /// The layout from the 4-byte sensor-dimensions reply, as libfprint reads it: bytes 0 and 2 are
    /// the two sides; some sensors give zero-based sizes (both odd), which are corrected.
    public init(dimensions reply: [UInt8], quirks: ElanQuirks) throws(FingerprintDriverError) {
        guard reply.count >= 3 else {
            throw .protocolViolation("sensor dimensions reply has \(reply.count) bytes")
        }
        let rotated = quirks.isDisjoint(with: .notRotated)
        var width = Int(rotated ? reply[2] : reply[0])
        var height = Int(rotated ? reply[0] : reply[2])
        if width % 2 == 1, height % 2 == 1 {
            width += 1
            height += 1
        }
        guard width > 0, height > 0 else {
            throw .protocolViolation("sensor reports an empty frame (\(reply[0]) × \(reply[2]))")
        }
        self.frameWidth = width
        self.rawFrameHeight = height
        self.frameHeight = min(height, Self.maximumFrameHeight)
        self.rotated = rotated
    }

    /// Bytes of one raw frame as the image command returns it.
    public var rawFrameBytes: Int { rawFrameHeight * frameWidth * 2 }
    /// Pixels of one kept frame.
    public var frameSize: Int { frameWidth * frameHeight }
    /// The assembly geometry: the image is half again as wide as a frame.
    public var geometry: SwipeFrameGeometry {
        SwipeFrameGeometry(frameWidth: frameWidth, frameHeight: frameHeight, imageWidth: frameWidth * 3 / 2)
    }

    /// The kept part of a raw frame, turned upright, as 16-bit values (libfprint's `elan_save_frame`).
    public func frame(fromRaw raw: [UInt8]) throws(FingerprintDriverError) -> [UInt16] {
        guard raw.count == rawFrameBytes else {
            throw .protocolViolation("truncated frame: \(raw.count) of \(rawFrameBytes) bytes")
        }
        let margin = (rawFrameHeight - frameHeight) / 2
        var frame = [UInt16](repeating: 0, count: frameSize)
        for y in 0..<frameHeight {
            for x in 0..<frameWidth {
                let rawIndex = rotated ? margin + y + x * rawFrameHeight : x + (y + margin) * frameWidth
                frame[x + y * frameWidth] = UInt16(raw[2 * rawIndex]) | UInt16(raw[2 * rawIndex + 1]) << 8
            }
        }
        return frame
    }
}
