import BiocapCore
import BiocapDeviceKit

/// A `Ciao` frame, the UPEK TouchChip's message format in both directions:
/// `"Ciao"`, command byte, sequence (high nibble) + length bits 8–11 (low nibble), length bits 0–7,
/// `length` payload bytes, CRC-16 (polynomial 0x1021, initial value 0, little-endian) over
/// everything after `"Ciao"`.
public struct UpekCiaoFrame: Sendable, Equatable {
    public static let magic: [UInt8] = Array("Ciao".utf8)
    /// Bytes around the payload: magic, command, sequence/length, length, CRC.
    public static let overhead = 9
    public static let maximumPayload = 0xfff

    public var command: UInt8
    /// 0–15.
    public var sequence: UInt8
    public var payload: [UInt8]

    public init(command: UInt8, sequence: UInt8, payload: [UInt8]) {
        self.command = command
        self.sequence = sequence & 0x0f
        self.payload = payload
    }

    /// The frame on the wire.
    public var encoded: [UInt8] {
        let length = min(payload.count, Self.maximumPayload)
        var bytes = Self.magic
        bytes += [command, sequence << 4 | UInt8(length >> 8), UInt8(length & 0xff)]
        bytes += payload.prefix(length)
        let crc = Self.crc16(bytes[Self.magic.count...])
        bytes.append(crc, .littleEndian)
        return bytes
    }

    /// The whole frame's size in bytes from its first 7 bytes, or nil when they are not a `Ciao` header.
    public static func totalLength(header: some Collection<UInt8>) -> Int? {
        guard header.count >= 7, header.prefix(4).elementsEqual(magic) else { return nil }
        let bytes = Array(header.prefix(7))
        return overhead + (Int(bytes[5] & 0x0f) << 8 | Int(bytes[6]))
    }

    /// Parses one frame from the start of `bytes` (trailing padding is ignored) and checks its CRC.
    public static func decode(_ bytes: [UInt8]) throws(FingerprintDriverError) -> UpekCiaoFrame {
        guard let total = totalLength(header: bytes) else {
            throw .protocolViolation("reply is not a Ciao frame: \(bytes.count) bytes starting \(hex(bytes.prefix(8)))")
        }
        guard bytes.count >= total else {
            throw .protocolViolation("truncated Ciao frame: \(bytes.count) of \(total) bytes")
        }
        let received = bytes.integer(UInt16.self, at: total - 2, .littleEndian) ?? 0
        let computed = crc16(bytes[magic.count ..< total - 2])
        guard received == computed else {
            throw .protocolViolation("Ciao frame CRC mismatch: received 0x\(String(received, radix: 16)), computed 0x\(String(computed, radix: 16))")
        }
        return UpekCiaoFrame(command: bytes[4], sequence: bytes[5] >> 4, payload: Array(bytes[7 ..< total - 2]))
    }

    /// CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection, no final XOR.
    public static func crc16(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
