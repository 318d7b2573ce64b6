import BiocapDeviceKit

/// The NB-1010-U's messages: 0x80-prefixed commands on bulk OUT 0x02, 16-byte replies and
/// 540-byte image partials on bulk IN 0x83.
public enum NB1010WireFormat {
    public static let outEndpoint: UInt8 = 0x02
    public static let inEndpoint: UInt8 = 0x83

    /// `80 38 seq …`: is a finger on the sensor? Reply `80 37 …`, level in byte 12.
    public static let checkFinger: [UInt8] = [0x80, 0x38, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00]
    /// Sent before every capture; reply `80 20 …`.
    public static let preCapture: [UInt8] = [0x80, 0x0d, 0x03, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00]
    /// Starts a capture; reply `80 20 …`, then the partials follow.
    public static let capture: [UInt8] = [
        0x80, 0x12, 0x04, 0x00, 0x20, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
    ]

    public static let replyLength = 16
    public static let partialLength = 540
    public static let partialHeaderLength = 25
    public static let linesPerPartial = 2
    public static let partialCount = 90
    public static let width = 256
    public static let height = partialCount * linesPerPartial

    static let fingerReplyCode: UInt8 = 0x37
    static let commandReplyCode: UInt8 = 0x20
    static let partialReplyCode: UInt8 = 0x21
    static let fingerLevelIndex = 12
    /// Above this level the sensor sees a finger (libfprint's threshold).
    public static let fingerThreshold: UInt8 = 0x30

    /// Checks a 16-byte reply is the answer `code` (`80 code …`).
    static func checkReply(_ reply: [UInt8], code: UInt8, to what: String) throws(FingerprintDriverError) {
        guard reply.count == replyLength, reply[0] == 0x80, reply[1] == code else {
            throw .protocolViolation("unexpected reply to \(what): \(prefixHex(reply))")
        }
    }

    /// The finger level of a finger-check reply.
    public static func fingerLevel(_ reply: [UInt8]) throws(FingerprintDriverError) -> UInt8 {
        try checkReply(reply, code: fingerReplyCode, to: "finger check")
        return reply[fingerLevelIndex]
    }

    /// The two scan lines (512 pixels) of one 540-byte partial.
    public static func scanLines(_ partial: [UInt8], index: Int) throws(FingerprintDriverError) -> ArraySlice<UInt8> {
        guard partial.count == partialLength else {
            throw .protocolViolation("truncated image partial \(index): \(partial.count) of \(partialLength) bytes")
        }
        guard partial[0] == 0x80, partial[1] == partialReplyCode else {
            throw .protocolViolation("image partial \(index) has header \(prefixHex(partial))")
        }
        return partial[partialHeaderLength ..< partialHeaderLength + linesPerPartial * width]
    }

    static func prefixHex(_ bytes: [UInt8]) -> String {
        bytes.prefix(8).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
