import BiocapDeviceKit

/// The VFS5011's line selection during a swipe (libfprint's `process_chunk`), and the two measures libfprint's
/// line assembler uses for this sensor. A line is 240 bytes: 8 bytes of header, 160 pixels, 72 more bytes.
///
/// Flat lines (squared standard deviation of the pixels < 15²) before the first real line are skipped;
/// afterwards 50 flat lines in a row end the swipe. A line is recorded when it is the first, or when its mean
/// squared difference from the last recorded line is at least 600. The swipe also ends after 100,000 lines or
/// 2,000 recorded lines.
public struct VFS5011LineCollector: Sendable {
    public static let lineSize = 240
    public static let width = 160
    public static let pixelOffset = 8
    static let deviationThreshold = 15 * 15
    static let differenceThreshold = 600
    static let stopCheckLines = 50
    public static let maximumCapturedLines = 100_000
    public static let maximumRecordedLines = 2_000

    /// The recorded lines, whole (240 bytes each), in scan order.
    public private(set) var recorded: [[UInt8]] = []
    public private(set) var capturedLines = 0
    private var emptyLines = 0

    public init() {}

    /// Adds the lines of one chunk (a partial line at the end is ignored); true when the swipe is over.
    public mutating func add(chunk: [UInt8]) -> Bool {
        let count = chunk.count / Self.lineSize
        for index in 0..<count {
            let line = Array(chunk[index * Self.lineSize ..< (index + 1) * Self.lineSize])
            let pixels = line[Self.pixelOffset ..< Self.pixelOffset + Self.width]
            if Self.squaredDeviation(pixels) < Self.deviationThreshold {
                if capturedLines == 0 { continue }
                emptyLines += 1
            } else {
                emptyLines = 0
            }
            if emptyLines >= Self.stopCheckLines { return true }
            capturedLines += 1
            if capturedLines > Self.maximumCapturedLines { return true }
            if let last = recorded.last {
                let previous = last[Self.pixelOffset ..< Self.pixelOffset + Self.width]
                guard Self.meanSquaredDifference(previous, pixels) >= Self.differenceThreshold else { continue }
            }
            recorded.append(line)
            if recorded.count >= Self.maximumRecordedLines { return true }
        }
        return false
    }

    /// libfprint's `fpi_std_sq_dev`: mean of squared deviations from the (integer) mean, integer division.
    static func squaredDeviation(_ pixels: ArraySlice<UInt8>) -> Int {
        guard !pixels.isEmpty else { return 0 }
        let mean = pixels.reduce(0) { $0 + Int($1) } / pixels.count
        return pixels.reduce(0) { $0 + (Int($1) - mean) * (Int($1) - mean) } / pixels.count
    }

    /// libfprint's `fpi_mean_sq_diff_norm`.
    static func meanSquaredDifference(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
        zip(a, b).reduce(0) { $0 + (Int($1.0) - Int($1.1)) * (Int($1.0) - Int($1.1)) } / min(a.count, b.count)
    }

    /// The assembler's deviation between two recorded lines (libfprint's `vfs5011_get_deviation2`): the squared
    /// standard deviation of the sum of 64 bytes of `a` from offset 56 and 64 bytes of `b` from offset 168.
    public static func deviation(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let size = 64
        guard a.count >= 56 + size, b.count >= 168 + size else { return Int.max }
        var mean = 0
        for index in 0..<size { mean += Int(a[56 + index]) + Int(b[168 + index]) }
        mean /= size
        var result = 0
        for index in 0..<size {
            let deviation = Int(a[56 + index]) + Int(b[168 + index]) - mean
            result += deviation * deviation
        }
        return result / size
    }

    /// The assembler's pixel `x` of a recorded line.
    public static func pixel(_ line: [UInt8], _ x: Int) -> UInt8 {
        let index = pixelOffset + x
        return index < line.count ? line[index] : 0
    }
}
