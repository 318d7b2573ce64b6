import BiocapDeviceKit

/// The VFS0050's lines (libfprint's `struct vfs_line`, 148 bytes): `01 fe`, line number (2), two noise hashes,
/// 2 bytes, 100 pixels, a 32-pixel strip from the centre of the next line, 8 bytes. The swipe's bytes are cut
/// into lines as one stream (reads are not line-aligned); trailing noise lines are dropped (both hashes strictly
/// between 40 and 216); at most 3,000 lines are kept; fewer than 100 is a swipe too short.
public enum VFS0050Lines {
    public static let lineSize = 148
    public static let width = 100
    public static let pixelOffset = 8
    public static let nextLineOffset = 108
    public static let nextLineWidth = 32
    public static let maximumHeight = 3_000
    static let noiseThreshold = 40

    /// The lines of a swipe's bytes, noise at the end removed.
    public static func lines(from bytes: [UInt8]) throws(FingerprintDriverError) -> [ArraySlice<UInt8>] {
        var height = bytes.count / lineSize
        while height > 0, isNoise(bytes[(height - 1) * lineSize ..< height * lineSize]) { height -= 1 }
        height = min(height, maximumHeight)
        guard height >= width else { throw .swipeTooShort("swipe too short (\(height) lines); swipe again") }
        return (0..<height).map { bytes[$0 * lineSize ..< ($0 + 1) * lineSize] }
    }

    static func isNoise(_ line: ArraySlice<UInt8>) -> Bool {
        let first = Int(line[line.startIndex + 4]), second = Int(line[line.startIndex + 5])
        return first > noiseThreshold && first < 256 - noiseThreshold && second > noiseThreshold && second < 256 - noiseThreshold
    }

    /// The assembler's difference between two lines (libfprint's `vfs0050_get_difference`): the sum of squared
    /// differences between `a`'s next-line strip and `b`'s pixels 33–64.
    public static func difference(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
        let shift = (width - nextLineWidth) / 2 - 1
        var result = 0
        for index in 0..<nextLineWidth {
            let d = Int(a[a.startIndex + nextLineOffset + index]) - Int(b[b.startIndex + pixelOffset + shift + index])
            result += d * d
        }
        return result
    }

    /// The assembler's pixel `x` of a line.
    public static func pixel(_ line: ArraySlice<UInt8>, _ x: Int) -> UInt8 {
        line[line.startIndex + pixelOffset + x]
    }
}
