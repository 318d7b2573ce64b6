import BiocapCore
import BiocapImaging
import Crypto

extension PacketRecord {
    /// Lower-case hex SHA-256 of `bytes`, as `CaptureEntry.recordSHA256` stores it.
    public var sha256Hex: String { RecordDigest.hex(of: bytes) }

    /// Decodes `bytes` as `format` to prove the record is well formed; throws the decoder's error. A PNG is checked
    /// for its signature, chunk structure (IHDR first, IDAT, IEND last) and every chunk's CRC.
    public func validateContents() throws(RecordError) {
        switch format {
        case .isoFinger: _ = try FingerImageRecord.decode(bytes)
        case .isoFace: _ = try FaceImageRecord.decode(bytes)
        case .isoIris: _ = try IrisImageRecord.decode(bytes)
        case .isoSignature: _ = try SignatureRecord.decode(bytes)
        case .png:
            do throws(ImageError) {
                try PNGCodec.validate(bytes)
            } catch {
                throw .invalidField(name: "PNG image", value: error.description)
            }
        }
    }
}

/// SHA-256 helpers over swift-crypto: the one digest of records, manifests and stored packets.
public enum RecordDigest {
    /// Lower-case hex SHA-256 of `bytes`.
    public static func hex(of bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The 32-byte SHA-256 of `bytes`.
    public static func bytes(of bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }
}
