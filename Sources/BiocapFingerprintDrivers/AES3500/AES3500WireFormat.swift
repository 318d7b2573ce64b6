import BiocapCore
import BiocapDeviceKit

/// The AES3500's messages: (register, value) byte pairs on bulk OUT 0x02, and one 8329-byte image
/// read on bulk IN 0x81 holding 8 frames of 16 rows (a header byte 0xe0 + i, then 1024 bytes).
public enum AES3500WireFormat {
    public static let outEndpoint: UInt8 = 0x02
    public static let inEndpoint: UInt8 = 0x81

    public static let nativeSize = 128
    public static let rowsPerFrame = 16
    public static let frameCount = nativeSize / rowsPerFrame
    /// Two 4-bit pixels per byte.
    public static let frameBytes = nativeSize * rowsPerFrame / 2
    /// 8 × (1 + 1024) bytes of frames, then a 129-byte register dump the image does not use.
    public static let imageReadLength = 0x2089
    public static let firstFrameHeader: UInt8 = 0xe0

    /// One bulk write: at most 16 (register, value) pairs.
    public static let maximumPairsPerWrite = 16

    /// Groups of register writes; each group goes out as its own write(s) in this order.
    /// Reset (master, scan, buffering), then the configuration of 0x82–0x9f, then arm the capture.
    public static let initialisation: [[(register: UInt8, value: UInt8)]] = [
        [(0x80, 0x01)], [(0x80, 0x00)],
        [(0x81, 0x00), (0x80, 0x00)],
        [(0x80, 0x02)], [(0x80, 0x00)],
        [(0x80, 0x04)], [(0x80, 0x00)],
        [(0x81, 0x00)],
        [
            (0x80, 0x00), (0x81, 0x00),
            (0x82, 0x04), // excitation bias: 2 MHz drive ring, 4 V, 16.5 mA
            (0x83, 0x13), // sample the drive ring for finger detection, 62.5 ms debounce
            (0x84, 0x07), (0x85, 0x3d), (0x86, 0x03), (0x87, 0x01), // calibration, detection frequency
            (0x88, 0x02), (0x89, 0x02), (0x8a, 0x33), (0x8b, 0x33), // scan period, measure drive/frequency, pattern
            (0x8c, 0x0f), (0x8d, 0x04), (0x8e, 0x23), (0x8f, 0x07), // demodulation phases, gain, image parameters
            (0x90, 0x00), (0x91, 0x1c), (0x92, 0x08), (0x93, 0x00), // carrier offset, A/D references, start row
            (0x94, 0x07), (0x95, 0x00), (0x96, 0x1f), (0x97, 0x04), // end row, start/end column, data format
            (0x98, 0x28), (0x99, 0x00), (0x9a, 0x0b), (0x9b, 0x00), // image data control, GPO, initial scan state
            (0x9c, 0x00), (0x9d, 0x09), (0x9e, 0x53), (0x9f, 0x6b), // challenge word
        ],
        [(0x80, 0x00), (0x81, 0x00)],
        [(0x81, 0x04)], // start the scan
        [(0x81, 0x00)],
    ]

    /// The bulk OUT messages of `initialisation`, as they go on the wire.
    public static var initialisationMessages: [[UInt8]] {
        initialisation.flatMap { group in
            stride(from: 0, to: group.count, by: maximumPairsPerWrite).map { start in
                group[start ..< min(start + maximumPairsPerWrite, group.count)].flatMap { [$0.register, $0.value] }
            }
        }
    }

    /// The sensor's own 128 × 128 image: frame by frame, column by column, two pixels per byte
    /// (low nibble first, upper row first), each 4-bit value × 17. Rejects a short read or a frame
    /// whose header is not 0xe0 + its index.
    public static func decodeNative(_ data: [UInt8]) throws(FingerprintDriverError) -> GrayImage {
        let needed = frameCount * (1 + frameBytes)
        guard data.count >= needed else {
            throw .protocolViolation("truncated image read: \(data.count) bytes, frames need \(needed)")
        }
        var pixels = [UInt8](repeating: 0, count: nativeSize * nativeSize)
        for frame in 0..<frameCount {
            let start = frame * (1 + frameBytes)
            let expected = firstFrameHeader &+ UInt8(frame)
            guard data[start] == expected else {
                throw .protocolViolation("frame \(frame) header 0x\(String(data[start], radix: 16)), expected 0x\(String(expected, radix: 16))")
            }
            var input = start + 1
            let top = frame * rowsPerFrame
            for column in 0..<nativeSize {
                for row in stride(from: 0, to: rowsPerFrame, by: 2) {
                    let byte = data[input]
                    pixels[(top + row) * nativeSize + column] = (byte & 0x0f) &* 17
                    pixels[(top + row + 1) * nativeSize + column] = (byte >> 4) &* 17
                    input += 1
                }
            }
        }
        do {
            return try GrayImage(width: nativeSize, height: nativeSize, pixels: pixels, ppi: AES3500Driver.nativePPI)
        } catch {
            throw .protocolViolation("image assembly: \(error)")
        }
    }

    /// libfprint's image from the native one: pixman's 2× bilinear upscale (`BilinearUpscaler`: sample points at
    /// x/2 − ¼, pixels outside the sensor count as 0, the weighted sum truncated), then both axes flipped and
    /// inverted (`SwipeImage`'s normalisation, libfprint's order). Identical to libfprint's image.
    public static func libfprintImage(fromNative native: GrayImage) -> GrayImage {
        let width = native.width * 2, height = native.height * 2
        let pixels = BilinearUpscaler.upscale(native.pixels, width: native.width, height: native.height, widthFactor: 2, heightFactor: 2)
            ?? [UInt8](repeating: 0, count: width * height)
        let image = SwipeImage(width: width, height: height, pixels: pixels,
                               flags: [.horizontallyFlipped, .verticallyFlipped, .colorsInverted])
        return (try? image.normalized(ppi: AES3500Driver.ppi)) ?? GrayImage(width: width, height: height, ppi: AES3500Driver.ppi)
    }
}
