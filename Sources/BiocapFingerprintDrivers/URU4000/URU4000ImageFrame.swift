import BiocapDeviceKit

/// One image transfer from bulk IN 0x82: a 64-byte header, then up to 290 lines of 384 pixels.
///
/// Header: line count (u16 little-endian) at offset 4, key number at 6, 15 block descriptors
/// {flags, line count} from offset 16. Blocks describe the lines in order: encrypted or not, whether
/// the key changes before them, and whether their lines are actually in the transfer.
public struct URU4000ImageFrame: Sendable, Equatable {
    public static let width = 384
    public static let maximumLines = 290
    public static let headerLength = 64
    /// What a capture reads: the largest frame the device sends.
    public static let transferLength = headerLength + width * maximumLines
    public static let blockCount = 15
    static let lineCountOffset = 4
    static let keyNumberOffset = 6
    static let blocksOffset = 16

    /// Block flags.
    public struct BlockFlags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The lines are not in the transfer (the image repeats the next lines there).
        public static let notPresent = BlockFlags(rawValue: 0x01)
        public static let encrypted = BlockFlags(rawValue: 0x02)
        /// The key neither descrambles nor advances over these lines.
        public static let noKeyUpdate = BlockFlags(rawValue: 0x04)
        /// A new key (next key number, new seed) is fetched before these lines.
        public static let changeKey = BlockFlags(rawValue: 0x80)
    }

    /// One block descriptor.
    public struct Block: Sendable, Equatable {
        public var flags: BlockFlags
        public var lines: Int

        public init(flags: BlockFlags, lines: Int) {
            self.flags = flags
            self.lines = lines
        }
    }

    /// Lines the device says the transfer holds.
    public var lineCount: Int
    /// The key number of the first block's key.
    public var keyNumber: UInt8
    public var blocks: [Block]
    /// `maximumLines` × `width` bytes: the transfer's lines, zero past its end.
    public var lines: [UInt8]

    /// Parses a transfer; a frame whose header and length disagree is refused (libfprint's check).
    public init(transfer bytes: [UInt8]) throws(FingerprintDriverError) {
        guard bytes.count >= Self.headerLength else {
            throw .protocolViolation("image frame does not decode: \(bytes.count) bytes, shorter than its \(Self.headerLength)-byte header")
        }
        guard bytes.count <= Self.transferLength else {
            throw .protocolViolation("image frame does not decode: \(bytes.count) bytes, more than \(Self.transferLength)")
        }
        let lineCount = Int(bytes[Self.lineCountOffset]) | Int(bytes[Self.lineCountOffset + 1]) << 8
        guard lineCount < Self.maximumLines else {
            throw .protocolViolation("image frame does not decode: header announces \(lineCount) lines, at most \(Self.maximumLines - 1) fit")
        }
        let needed = Self.headerLength + lineCount * Self.width
        guard bytes.count >= needed else {
            throw .protocolViolation("image frame does not decode: truncated, \(bytes.count) of the \(needed) bytes its \(lineCount) lines need")
        }
        self.lineCount = lineCount
        keyNumber = bytes[Self.keyNumberOffset]
        blocks = (0..<Self.blockCount).map { index in
            Block(flags: BlockFlags(rawValue: bytes[Self.blocksOffset + 2 * index]),
                  lines: Int(bytes[Self.blocksOffset + 2 * index + 1]))
        }
        var lines = Array(bytes[Self.headerLength...])
        lines += [UInt8](repeating: 0, count: Self.width * Self.maximumLines - lines.count)
        self.lines = lines
    }

    /// How noisy the first two lines of present blocks are (libfprint's `calc_dev2`): the variance of
    /// their per-column sums. Scrambled data is noise; a plain image is far below `encryptionThreshold`.
    /// 0 when fewer than two such lines exist.
    public var firstLinesVariance: Int {
        var starts: [Int] = []
        var line = 0
        for block in blocks where starts.count < 2 && !block.flags.contains(.notPresent) {
            for _ in 0..<block.lines where starts.count < 2 {
                starts.append(line * Self.width)
                line += 1
            }
        }
        guard starts.count == 2, starts[1] + Self.width <= lines.count else { return 0 }
        let sums = (0..<Self.width).map { Int(lines[starts[0] + $0]) + Int(lines[starts[1] + $0]) }
        let mean = sums.reduce(0, +) / Self.width
        return sums.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Self.width
    }

    /// At or above this `firstLinesVariance` the frame is taken as encrypted (libfprint's threshold).
    public static let encryptionThreshold = 5000

    public var looksEncrypted: Bool { firstLinesVariance >= Self.encryptionThreshold }
}
