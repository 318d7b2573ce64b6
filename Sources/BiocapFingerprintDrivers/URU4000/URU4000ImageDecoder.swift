import BiocapDeviceKit

/// Turns one `URU4000ImageFrame` into the reported image, following libfprint's decode step by step:
/// the encryption check, descrambling block by block with a key fetched from the device (again at
/// every block flagged "change key"), then the assembly of the blocks into 290 lines, turned by 180°
/// for the profiles that need it and inverted (the sensor reports ridges bright).
public struct URU4000ImageDecoder: Sendable {
    /// What the decoder needs next.
    public enum Step: Sendable, Equatable {
        /// The key for this key number: write it with a seed to register 0x33, read register 0x34.
        case needsKey(keyNumber: UInt8)
        /// The lines are as plain as they will get; `image(rotated:)` can assemble them.
        case finished
    }

    public private(set) var frame: URU4000ImageFrame
    private var block = 0
    private var linesDone = 0

    public init(frame: URU4000ImageFrame) {
        self.frame = frame
    }

    /// The first step: a key when the lines look scrambled, else nothing to do. libfprint asks this
    /// again at every key change, on the partly descrambled lines, and stops descrambling when they
    /// no longer look scrambled; so does this decoder.
    public func start() -> Step {
        frame.looksEncrypted ? .needsKey(keyNumber: frame.keyNumber) : .finished
    }

    /// Descrambles with `key` until the blocks end or one asks for a new key.
    public mutating func decrypt(key: UInt32) throws(FingerprintDriverError) -> Step {
        let width = URU4000ImageFrame.width
        var key = key
        while block < frame.blocks.count, linesDone < frame.lineCount {
            let descriptor = frame.blocks[block]
            guard descriptor.lines > 0 else { break }
            if descriptor.flags.contains(.changeKey) {
                frame.blocks[block].flags.remove(.changeKey)
                frame.keyNumber &+= 1
                return start()
            }
            let bytes = linesDone * width ..< (linesDone + descriptor.lines) * width
            switch descriptor.flags.intersection([.encrypted, .noKeyUpdate]) {
            case .encrypted:
                guard bytes.upperBound <= frame.lines.count else {
                    throw .protocolViolation("image frame does not decode: encrypted block \(block) ends after line \(URU4000ImageFrame.maximumLines)")
                }
                key = URU4000Descrambler.descramble(&frame.lines, bytes, key: key)
            case []:
                key = URU4000Descrambler.skip(bytes.count, key: key)
            default:
                break
            }
            if !descriptor.flags.contains(.notPresent) { linesDone += descriptor.lines }
            block += 1
        }
        return .finished
    }

    /// The 384 × 290 image: blocks laid out in order (a block whose lines are not present shows the
    /// lines that follow), rotated by 180° when asked, inverted. Lines no block covers stay white.
    public func image(rotated: Bool) throws(FingerprintDriverError) -> [UInt8] {
        let width = URU4000ImageFrame.width, height = URU4000ImageFrame.maximumLines
        var pixels = [UInt8](repeating: 0, count: width * height)
        var target = 0, source = 0
        for (index, descriptor) in frame.blocks.enumerated() {
            guard source < frame.lineCount, descriptor.lines > 0 else { break }
            guard target + descriptor.lines <= height, source + descriptor.lines <= height else {
                throw .protocolViolation("image frame does not decode: block \(index) reaches past line \(height)")
            }
            pixels[target * width ..< (target + descriptor.lines) * width] =
                frame.lines[source * width ..< (source + descriptor.lines) * width]
            if !descriptor.flags.contains(.notPresent) { source += descriptor.lines }
            target += descriptor.lines
        }
        if rotated { pixels.reverse() }
        return pixels.map { 255 - $0 }
    }
}
