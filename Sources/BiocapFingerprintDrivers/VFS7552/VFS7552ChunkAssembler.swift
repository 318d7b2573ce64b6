import BiocapDeviceKit

/// Collects one raw 112 × 112 frame from the VFS7552's image chunks (libfprint's `process_chunk`).
///
/// A chunk is a 6-byte header whose bytes 2–3 (little-endian) give the payload length, then the payload: whole
/// lines of 120 bytes, 8 control bytes and 112 pixels each (a partial line at the end is ignored). The recording's
/// frames come in three chunks: 40, 40 and 32 lines.
public struct VFS7552ChunkAssembler: Sendable {
    public static let width = 112
    public static let height = 112
    public static let headerLength = 6
    public static let controlBytes = 8
    public static let lineLength = controlBytes + width

    /// The pixels collected so far, line after line.
    public private(set) var pixels: [UInt8] = []
    /// Lines collected so far.
    public var lines: Int { pixels.count / Self.width }
    /// Whether all 112 lines are in.
    public var isComplete: Bool { lines == Self.height }

    public init() {
        pixels.reserveCapacity(Self.width * Self.height)
    }

    /// Adds the lines of one chunk; a chunk shorter than its header says, or one that would overflow the frame,
    /// is a protocol violation.
    public mutating func add(chunk: [UInt8]) throws(FingerprintDriverError) {
        guard chunk.count >= Self.headerLength else {
            throw .protocolViolation("truncated image chunk: \(chunk.count) bytes, shorter than its 6-byte header")
        }
        let payload = Int(chunk[2]) | Int(chunk[3]) << 8
        guard chunk.count >= Self.headerLength + payload else {
            throw .protocolViolation("truncated image chunk: \(chunk.count) bytes, its header announces \(Self.headerLength + payload)")
        }
        let count = payload / Self.lineLength
        guard lines + count <= Self.height else {
            throw .protocolViolation("image chunk of \(count) lines overflows the frame (\(lines) of \(Self.height) lines already in)")
        }
        for line in 0..<count {
            let start = Self.headerLength + line * Self.lineLength + Self.controlBytes
            pixels.append(contentsOf: chunk[start ..< start + Self.width])
        }
    }
}
