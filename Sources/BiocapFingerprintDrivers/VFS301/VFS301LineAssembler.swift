import BiocapCore
import BiocapDeviceKit

/// The VFS301's own line handling: the scan lines of a swipe's data blocks, then libfprint's
/// selection of the lines that differ enough from the last one kept, flipped vertically and inverted.
///
/// A block is a run of 288-byte lines `01 fe`, counter (2), flags (4), then 200 pixels, a 64-byte
/// mirror and 16 bytes of sums. The first block of a swipe may start mid-line: bytes are skipped up
/// to the first `01 fe` within the first 288. A partial line at the end of a block is dropped.
public struct VFS301LineAssembler: Sendable {
    public static let lineLength = 288
    public static let width = 200
    public static let pixelOffset = 8
    /// A line is kept when its mean absolute difference (integer division) from the last kept line exceeds this.
    public static let differenceThreshold = 15

    /// The raw scan lines gathered so far, `width` pixels each.
    public private(set) var lines: [[UInt8]] = []

    public init() {}

    /// Adds the lines of one full data block.
    public mutating func add(block: [UInt8], first: Bool) {
        var start = 0
        if first {
            while start < Self.lineLength, start + 1 < block.count, !(block[start] == 0x01 && block[start + 1] == 0xfe) {
                start += 1
            }
        }
        var offset = start
        while offset + Self.lineLength <= block.count {
            lines.append(Array(block[offset + Self.pixelOffset ..< offset + Self.pixelOffset + Self.width]))
            offset += Self.lineLength
        }
    }

    /// The lines libfprint keeps, in the order they were scanned.
    public func selectedLines() -> [[UInt8]] {
        guard var last = lines.first else { return [] }
        var kept = [last]
        for line in lines.dropFirst() where Self.differs(last, line) {
            kept.append(line)
            last = line
        }
        return kept
    }

    /// The finished image: the kept lines, last line first, inverted (`255 - v`).
    public func image(ppi: Int) throws(FingerprintDriverError) -> GrayImage {
        let kept = selectedLines()
        guard !kept.isEmpty else { throw .protocolViolation("the swipe gave no scan lines") }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(kept.count * Self.width)
        for line in kept.reversed() {
            pixels += line.map { 255 - $0 }
        }
        do {
            return try GrayImage(width: Self.width, height: kept.count, pixels: pixels, ppi: ppi)
        } catch {
            throw .protocolViolation("image assembly: \(error)")
        }
    }

    static func differs(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var sum = 0
        for index in 0..<Self.width {
            sum += abs(Int(a[index]) - Int(b[index]))
        }
        return sum / Self.width > Self.differenceThreshold
    }
}
