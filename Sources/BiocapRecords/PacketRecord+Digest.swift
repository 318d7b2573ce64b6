import Crypto

extension PacketRecord {
    /// Lower-case hex SHA-256 of `bytes`, as `CaptureEntry.recordSHA256` stores it.
    public var sha256Hex: String { RecordDigest.hex(of: bytes) }

    /// Decodes `bytes` as `format` to prove the record is well formed; throws the decoder's error.
    public func validateContents() throws(RecordError) {
        switch format {
        case .isoFinger: _ = try FingerImageRecord.decode(bytes)
        case .isoFace: _ = try FaceImageRecord.decode(bytes)
        case .isoIris: _ = try IrisImageRecord.decode(bytes)
        }
    }
}

/// SHA-256 helpers over swift-crypto.
enum RecordDigest {
    static func hex(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    static func bytes(of bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }
}
