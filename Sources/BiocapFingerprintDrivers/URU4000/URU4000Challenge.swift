import BiocapDeviceKit
import Crypto
import CryptoExtras

/// The answer second-generation Microsoft readers demand while powering up: their 16-byte challenge
/// encrypted with AES-128 (one block, ECB) under the key every driver for them uses.
public enum URU4000Challenge {
    /// The response to write to register 0x2000.
    public static func response(to challenge: [UInt8]) throws(FingerprintDriverError) -> [UInt8] {
        guard challenge.count == URU4000WireFormat.Register.challengeLength else {
            throw .protocolViolation("challenge of \(challenge.count) bytes, expected \(URU4000WireFormat.Register.challengeLength)")
        }
        var block = challenge
        do {
            try AES.permute(&block, key: SymmetricKey(data: URU4000WireFormat.challengeKey))
        } catch {
            throw .protocolViolation("could not encrypt the challenge: \(error)")
        }
        return block
    }
}
