import BiocapDeviceKit

/// The Egis 0570's messages: 7-byte packets `EGIS` + 3 bytes on bulk OUT 0x04, each but the last
/// answered by a 7-byte `SIGE` reply on bulk IN 0x83; the last packet (`06 00 fe`) is answered by a
/// 32512-byte read holding five 114 × 57 images taken one after another.
public enum Egis0570WireFormat {
    public static let outEndpoint: UInt8 = 0x04
    public static let inEndpoint: UInt8 = 0x83
    public static let packetLength = 7
    public static let dataLength = 32512

    /// Each read holds `imageCount` images of `imageWidth × imageHeight`.
    public static let imageWidth = 114
    public static let imageHeight = 57
    public static let imageCount = 5
    public static let imageSize = imageWidth * imageHeight
    /// Only the middle 17 rows of each image are used (frames taller assemble badly).
    public static let frameHeight = 17
    public static let frameTop = (imageHeight - frameHeight) / 2
    public static let frameSize = imageWidth * frameHeight
    /// A frame holds a finger when its mean after background removal is above this.
    public static let minimumMean = 20
    /// A pixel counts only when it is more than this above the background.
    public static let margin = 3
    /// libfprint doubles the assembled image both ways (bilinear).
    public static let resizeFactor = 2
    public static let geometry = SwipeFrameGeometry(frameWidth: imageWidth, frameHeight: frameHeight,
                                                    imageWidth: imageWidth * 4 / 3)

    private static func packet(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> [UInt8] { [0x45, 0x47, 0x49, 0x53, a, b, c] }

    /// The first exchange after activation: sensor set-up, then an image request.
    public static let initPackets: [[UInt8]] = [
        packet(0x01, 0x20, 0x3f), packet(0x01, 0x58, 0x3f), packet(0x01, 0x21, 0x09), packet(0x01, 0x57, 0x09),
        packet(0x01, 0x22, 0x03), packet(0x01, 0x56, 0x03), packet(0x01, 0x23, 0x01), packet(0x01, 0x55, 0x01),
        packet(0x01, 0x24, 0x01), packet(0x01, 0x54, 0x01), packet(0x01, 0x16, 0x3e), packet(0x01, 0x09, 0x0b),
        packet(0x01, 0x14, 0x03), packet(0x01, 0x15, 0x00), packet(0x01, 0x02, 0x0f), packet(0x01, 0x10, 0x00),
        packet(0x01, 0x11, 0x38), packet(0x01, 0x12, 0x00), packet(0x01, 0x13, 0x71), packet(0x01, 0x03, 0x80),
        packet(0x00, 0x02, 0x80), packet(0x01, 0x02, 0x2f), packet(0x06, 0x00, 0xfe),
    ]
    /// Every later exchange: an image request.
    public static let repeatPackets: [[UInt8]] = [
        packet(0x01, 0x02, 0x0f), packet(0x00, 0x02, 0x0f), packet(0x01, 0x02, 0x2f), packet(0x06, 0x00, 0xfe),
    ]

    /// The darkest value of each pixel over the five images of the first read: the background.
    public static func background(_ data: [UInt8]) throws(FingerprintDriverError) -> [UInt8] {
        try check(data)
        var background = [UInt8](repeating: 255, count: frameSize)
        for image in 0..<imageCount {
            let start = image * imageSize + frameTop * imageWidth
            for index in 0..<frameSize { background[index] = min(background[index], data[start + index]) }
        }
        return background
    }

    /// The five frames of a read with the background removed, and for each whether it holds a finger.
    public static func frames(_ data: [UInt8], background: [UInt8]) throws(FingerprintDriverError) -> [(frame: SwipeFrame, finger: Bool)] {
        try check(data)
        guard background.count == frameSize else { throw .protocolViolation("egis0570 background has \(background.count) pixels") }
        return (0..<imageCount).map { image in
            let start = image * imageSize + frameTop * imageWidth
            var pixels = [UInt8](repeating: 0, count: frameSize)
            var sum = 0
            for index in 0..<frameSize {
                let value = data[start + index]
                pixels[index] = Int(value) - margin > Int(background[index]) ? value - background[index] : 0
                sum += Int(pixels[index])
            }
            return (SwipeFrame(pixels: pixels), sum / frameSize > minimumMean)
        }
    }

    private static func check(_ data: [UInt8]) throws(FingerprintDriverError) {
        guard data.count == dataLength else {
            throw .protocolViolation("truncated image read: \(data.count) of \(dataLength) bytes")
        }
    }
}
