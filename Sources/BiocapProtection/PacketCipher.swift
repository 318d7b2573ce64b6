import Crypto
import Foundation

/// AES-256-GCM for one packet's stored bytes. Each packet has its own random data key, stored only wrapped by
/// the kit's storage key. The additional authenticated data binds every blob to its place — packet id, and for a
/// record its id, ordinal and format — so a blob copied to another row or packet does not decrypt.
/// Sealed blobs are nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
public enum PacketCipher {
    /// A fresh random 256-bit data key for one packet.
    public static func newDataKey() -> SymmetricKey { SymmetricKey(size: .bits256) }

    public static func wrap(_ dataKey: SymmetricKey, packetID: String, with storageKey: SymmetricKey) throws -> Data {
        let raw = dataKey.withUnsafeBytes { Data($0) }
        return try seal(raw, key: storageKey, context: ["biocap data key v1", packetID])
    }

    public static func unwrap(_ wrapped: Data, packetID: String, with storageKey: SymmetricKey) throws -> SymmetricKey {
        SymmetricKey(data: try open(wrapped, key: storageKey, context: ["biocap data key v1", packetID]))
    }

    public static func sealRecord(
        _ bytes: some DataProtocol, key: SymmetricKey, packetID: String, recordID: String, ordinal: Int, format: String
    ) throws -> Data {
        try seal(bytes, key: key, context: ["biocap record v1", packetID, recordID, String(ordinal), format])
    }

    public static func openRecord(
        _ sealed: Data, key: SymmetricKey, packetID: String, recordID: String, ordinal: Int, format: String
    ) throws -> Data {
        try open(sealed, key: key, context: ["biocap record v1", packetID, recordID, String(ordinal), format])
    }

    public static func sealManifest(_ bytes: some DataProtocol, key: SymmetricKey, packetID: String) throws -> Data {
        try seal(bytes, key: key, context: ["biocap manifest v1", packetID])
    }

    public static func openManifest(_ sealed: Data, key: SymmetricKey, packetID: String) throws -> Data {
        try open(sealed, key: key, context: ["biocap manifest v1", packetID])
    }

    /// The fields joined with NUL: no id may contain one (the assembler refuses it), so the join is unambiguous.
    static func associatedData(_ context: [String]) -> Data {
        Data(context.joined(separator: "\0").utf8)
    }

    private static func seal(_ bytes: some DataProtocol, key: SymmetricKey, context: [String]) throws -> Data {
        guard let combined = try AES.GCM.seal(bytes, using: key, authenticating: associatedData(context)).combined else {
            throw CryptoKitError.incorrectParameterSize
        }
        return combined
    }

    private static func open(_ sealed: Data, key: SymmetricKey, context: [String]) throws -> Data {
        try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: key, authenticating: associatedData(context))
    }
}
