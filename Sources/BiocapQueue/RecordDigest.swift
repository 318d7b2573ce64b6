import Crypto

/// SHA-256 as the manifests write it (lower-case hex).
public enum RecordDigest {
    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256Hex(of bytes: [UInt8]) -> String {
        let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
