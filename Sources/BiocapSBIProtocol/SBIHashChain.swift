import Crypto

/// The SBI hash chain: `hash = HEX_UPPER(SHA256(previous ‖ SHA256(record)))`, where `previous` is the previous entry's
/// hash (hex-decoded), or SHA256("") at the start of a chain.
public struct SBIHashChain: Sendable, Hashable {
    /// The bytes the next link is computed from.
    public private(set) var previous: [UInt8]

    /// SHA-256 of the empty string: the chain's start when a client sends no previous hash.
    public static let start: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// Starts from a client's `previousHash`: empty or nil starts a new chain.
    /// - Throws: when the text is not 64 hex digits.
    public init(previousHash: String?) throws(SBIErrorInfo) {
        guard let text = previousHash, !text.isEmpty else {
            previous = Self.start
            return
        }
        guard let bytes = Self.bytes(hex: text), bytes.count == 32 else {
            throw SBIErrorInfo(.invalidField, "previousHash must be 64 hexadecimal digits (SHA-256)")
        }
        previous = bytes
    }

    /// Continues from a link already known as bytes (a client checking an answer entry by entry).
    init(previous: [UInt8]) {
        self.previous = previous
    }

    /// The next link for a record: its hash as SBI writes it (uppercase hex); the chain moves on to it.
    public mutating func append(record: [UInt8]) -> String {
        let recordDigest = Array(SHA256.hash(data: record))
        let link = Array(SHA256.hash(data: previous + recordDigest))
        previous = link
        return Self.hex(link)
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Hex text (either case) as bytes; nil for anything else.
    public static func bytes(hex: String) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
