import BiocapDeviceKit

/// The Validity VFS301/VFS300 session: one-byte commands and recorded set-up messages on bulk OUT 0x01,
/// short replies on bulk IN 0x81 ("control"), scan lines and calibration data on bulk IN 0x82 ("data").
public enum VFS301WireFormat {
    public static let outEndpoint: UInt8 = 0x01
    public static let controlEndpoint: UInt8 = 0x81
    public static let dataEndpoint: UInt8 = 0x82

    /// Version query; answered with 38 bytes.
    public static let version: [UInt8] = [0x01]
    /// Asks whether a finger has started a swipe; answered with 7 bytes.
    public static let peekEvent: [UInt8] = [0x17]
    /// Answered with 64 + 4 bytes.
    public static let query19: [UInt8] = [0x19]
    /// Precedes each set-up block; answered with 2 bytes.
    public static let prepare1A: [UInt8] = [0x1a]
    /// Ends a swipe; the control endpoint answers `12 04`.
    public static let endScan: [UInt8] = [0x04]

    /// Message 0x0b: 39 bytes, all zero but the type, the subtype at offset 21 and a check byte at offset 35.
    public static func message0B(subtype: UInt8) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 39)
        bytes[0] = 0x0b
        bytes[21] = subtype
        bytes[35] = subtype == 0x04 ? 0x9f : 0xab
        return bytes
    }

    /// The reply to `peekEvent` while no finger is swiping.
    public static let noEvent: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
    /// The reply to `peekEvent` once a swipe has started.
    public static let swipeEvent: [UInt8] = [0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00]

    /// The first read of a swipe; later ones are `nextBlockLength` until one comes back short.
    public static let firstBlockLength = 84_032
    public static let nextBlockLength = 84_096
    /// A swipe longer than this many blocks is not a swipe (about 18,000 lines).
    public static let maximumBlocks = 64

    /// Set-up messages as recorded (see `VFS301RecordedMessages`).
    static let setup1 = decode(VFS301RecordedMessages.setup1)
    static let setup2 = decode(VFS301RecordedMessages.setup2)
    static let setup3 = decode(VFS301RecordedMessages.setup3)
    static let setup4 = decode(VFS301RecordedMessages.setup4)
    static let scanSetup1 = decode(VFS301RecordedMessages.scanSetup1)
    static let scanSetup2 = decode(VFS301RecordedMessages.scanSetup2)
    static let scanSetup3 = decode(VFS301RecordedMessages.scanSetup3)
    static let calibration: [(message: [UInt8], replyLength: Int)] = [
        (decode(VFS301RecordedMessages.calibration1), 11_648),
        (decode(VFS301RecordedMessages.calibration2), 53_248),
        (decode(VFS301RecordedMessages.calibration3), 19_968),
        (decode(VFS301RecordedMessages.calibration4), 5_824),
        (decode(VFS301RecordedMessages.calibration5), 6_656),
        (decode(VFS301RecordedMessages.calibration6), 6_656),
        (decode(VFS301RecordedMessages.calibration7), 832),
    ]
    static let calibrationEnd = decode(VFS301RecordedMessages.calibrationEnd)
    static let lightOn = decode(VFS301RecordedMessages.lightOn)
    static let nextScan = decode(VFS301RecordedMessages.nextScan)

    /// Hex digits to bytes; whitespace is skipped (the literals are wrapped).
    static func decode(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for digit in hex.utf8 {
            let value: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = digit - UInt8(ascii: "a") + 10
            default: continue
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }
}
