import BiocapDeviceKit

/// The AES2501's messages: (register, value) pairs on bulk OUT 0x02 and replies on bulk IN 0x81 — a
/// 20-byte finger-detection histogram, a 126-byte register dump, and 1705-byte strips (a header byte,
/// 192 × 16 4-bit pixels column by column, a histogram `0xde` + 16 × u16, then a register dump).
public enum AES2501WireFormat {
    public static let outEndpoint: UInt8 = 0x02
    public static let inEndpoint: UInt8 = 0x81

    public static let fingerDetectionLength = 20
    public static let registerDumpLength = 126
    public static let captureReplyLength = 159
    public static let stripLength = 1705

    /// Strip geometry: 192 columns of 16 rows, 4 bits per pixel.
    public static let frameWidth = 192
    public static let frameHeight = 16
    public static let frameBytes = frameWidth * frameHeight / 2
    public static let geometry = SwipeFrameGeometry(frameWidth: frameWidth, frameHeight: frameHeight,
                                                    imageWidth: frameWidth + frameWidth / 2)

    /// ADREFHI (A/D reference high, register 0x91): the strip gain, adjusted from each strip's histogram.
    public static let gainRegister: UInt8 = 0x91
    public static let maximumGain: UInt8 = 0x58
    public static let minimumGain: UInt8 = 0x28
    /// Histogram sums outside this band move the gain by 8.
    public static let lowSum = 700
    public static let highSum = 1000

    private typealias R = AES2501Register

    /// Power-on: master reset, reserved registers, the detection set-up, one-shot scan.
    public static let init1: [AES2501Register] = {
        var table: [AES2501Register] = [R(0x80, 0x01), .groupBreak, R(0xb0, 0x27), R(0x80, 0x01), R(0x82, 0x40)]
        table += Array(repeating: R(0xff, 0x00), count: 11)
        table += init1Tail
        return table
    }()
    private static let init1Tail: [AES2501Register] = [
        R(0x80, 0x01), R(0x82, 0x40), R(0x83, 0x00), R(0x88, 0x02), R(0x89, 0x10), R(0x8a, 0x05),
        R(0x8d, 0x00), R(0x8c, 0x00), R(0x8e, 0x13), R(0x91, 0x44), R(0x92, 0x34), R(0x95, 0x16),
        R(0x96, 0x16), R(0x97, 0x18), R(0xa1, 0x70), R(0xa2, 0x02), R(0xa7, 0x00), R(0xac, 0x01),
        R(0xad, 0x1a), R(0x80, 0x04), R(0x81, 0x04), R(0xb4, 0x00),
    ]
    /// Auto-calibration offset and excitation.
    public static let init2: [AES2501Register] = [
        R(0x80, 0x01), R(0x82, 0x40), R(0x80, 0x01), R(0xa8, 0x41), R(0x82, 0x42), R(0x83, 0x53), R(0x80, 0x04),
    ]
    /// Repeated while register 0xaf reads 0x6b (at most 13 register dumps).
    public static let init3: [AES2501Register] = [
        R(0xff, 0x00), R(0x80, 0x01), R(0xa8, 0x41), R(0x82, 0x42), R(0x83, 0x53), R(0x80, 0x04),
    ]
    public static let init4: [AES2501Register] = [
        R(0x80, 0x01), R(0x82, 0x40), R(0xb0, 0x27), R(0x94, 0x0a), R(0x80, 0x04), R(0x83, 0x45), R(0xa8, 0x41),
    ]
    public static let init5: [AES2501Register] = [
        R(0xb0, 0x27), R(0x80, 0x01), R(0x82, 0x40), R(0xff, 0x00),
        R(0x80, 0x01), R(0x82, 0x40), R(0x80, 0x01), R(0x82, 0x40), R(0x80, 0x01), R(0x82, 0x40),
        R(0x80, 0x01), R(0x82, 0x40), R(0x80, 0x01), R(0x82, 0x40), R(0x80, 0x02), R(0x80, 0x02),
    ]
    /// Register dump request (CTRL2 = read registers).
    public static let readRegisters: [AES2501Register] = [R(0x81, 0x02)]
    /// One finger-detection scan; the reply is a 20-byte histogram.
    public static let fingerDetection: [AES2501Register] = [
        R(0x80, 0x01), R(0x82, 0x40), R(0x83, 0x00), R(0x88, 0x02), R(0x89, 0x10), R(0x8a, 0x05),
        R(0x8d, 0x00), R(0x8c, 0x00), R(0x8e, 0x13), R(0x91, 0x44), R(0x92, 0x34), R(0x95, 0x16),
        R(0x96, 0x16), R(0x97, 0x18), R(0xa1, 0x70), R(0xa2, 0x02), R(0xa7, 0x00), R(0xac, 0x01),
        R(0xad, 0x1a), .groupBreak, R(0x80, 0x04), R(0x81, 0x04), R(0xb4, 0x00),
    ]
    /// Capture set-up, first part (reply: 159 bytes, not used).
    public static let capture1: [AES2501Register] = [
        R(0x80, 0x01), .groupBreak, R(0x82, 0x40), R(0x83, 0x00), R(0x88, 0x02), R(0x8c, 0x7c),
        R(0x89, 0x10), R(0x8d, 0x24), R(0x9b, 0x00), R(0x9c, 0x6c), R(0x9d, 0x09), R(0x9e, 0x54),
        R(0x9f, 0x78), R(0xa2, 0x02), R(0xa7, 0x00), R(0xb6, 0x26), R(0xb7, 0x1a), R(0x80, 0x04),
        R(0x98, 0x23), R(0x95, 0x10), R(0x96, 0x1f), R(0x8e, 0x00), R(0x91, 0x70), R(0x92, 0x20),
        R(0x81, 0x04), R(0xb4, 0x00),
    ]
    /// Capture set-up, second part (reply: 159 bytes, not used).
    public static let capture2: [AES2501Register] = [
        R(0x98, 0x23), R(0x95, 0x10), R(0x96, 0x1f), R(0x8e, 0x03), R(0x91, 0x70), R(0x92, 0x20), R(0x81, 0x04),
    ]
    /// One strip scan at `gain` (ADREFHI).
    public static func stripScan(gain: UInt8) -> [AES2501Register] {
        [R(0x98, 0x22), R(0x95, 0x00), R(0x96, 0x2f), R(0x8e, 0x03), R(gainRegister, gain), R(0x92, 0x20), R(0x81, 0x04)]
    }

    /// Whether a finger-detection histogram shows a finger: the nibbles of bytes 1–8 sum above 20.
    public static func fingerPresent(_ histogram: [UInt8]) -> Bool {
        guard histogram.count >= 9 else { return false }
        return histogram[1...8].reduce(0) { $0 + Int($1 & 0x0f) + Int($1 >> 4) } > 20
    }

    /// Register 0xaf of a register dump (byte 0x5f), which reads 0x6b while the sensor settles.
    public static func settlingRegister(_ dump: [UInt8]) -> UInt8? {
        dump.count > 0x5f ? dump[0x5f] : nil
    }

    /// The histogram sum of a strip above the threshold the strip's register dump gives (DATFMT,
    /// register 0x97, low nibble). Zero means no finger on this strip.
    public static func stripHistogramSum(_ strip: [UInt8]) throws(FingerprintDriverError) -> Int {
        guard strip.count == stripLength else {
            throw .protocolViolation("truncated strip: \(strip.count) of \(stripLength) bytes")
        }
        let histogram = 1 + frameBytes
        let dump = histogram + 1 + 16 * 2 + 1 + 8
        guard strip[dump] == 0x80 else {
            throw .protocolViolation("strip has no register dump (0x\(String(strip[dump], radix: 16)) at \(dump))")
        }
        guard strip[histogram] == 0xde else {
            throw .protocolViolation("strip has no histogram (0x\(String(strip[histogram], radix: 16)) at \(histogram))")
        }
        let threshold = Int(strip[dump + (0x97 - 0x80) * 2 + 1] & 0x0f)
        var sum = 0
        for bin in threshold..<16 {
            let at = histogram + 1 + 2 * bin
            sum += Int(strip[at]) | Int(strip[at + 1]) << 8
        }
        return sum
    }

    /// The next gain after a strip with histogram `sum` (libfprint steps by 8 within 0x28…0x58).
    public static func adjustedGain(_ gain: UInt8, sum: Int) -> UInt8 {
        if sum < lowSum { return gain < minimumGain + 8 ? minimumGain : gain - 8 }
        if sum > highSum { return gain > maximumGain - 8 ? maximumGain : gain + 8 }
        return gain
    }

    /// A strip's 192 × 16 pixels: column by column, two rows per byte (low nibble = even row), × 17.
    public static func frame(fromStrip strip: [UInt8]) -> SwipeFrame {
        var pixels = [UInt8](repeating: 0, count: frameWidth * frameHeight)
        for x in 0..<frameWidth {
            for y in 0..<frameHeight {
                let byte = strip[1 + x * (frameHeight / 2) + y / 2]
                pixels[y * frameWidth + x] = (y % 2 == 1 ? byte >> 4 : byte & 0x0f) &* 17
            }
        }
        return SwipeFrame(pixels: pixels)
    }
}
