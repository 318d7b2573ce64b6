import BiocapProtection
import BiocapRecords
import Crypto
import Foundation
import GRDB

/// Seals packets for storage and opens them again with the kit's keys: records and manifest under AES-256-GCM with
/// a per-packet data key wrapped by the storage key; the manifest signed (Ed25519) over its exact stored bytes and
/// chained to the kit's previous manifest. Only ids, state, counters, sizes, times and digests stay in the clear.
struct PacketSealer: Sendable {
    let keys: KitKeys
    /// Signing keys of earlier rotations: manifests they signed still verify.
    var retired: [Curve25519.Signing.PublicKey] = []

    /// What is written for one packet.
    struct Sealed {
        var manifestBytes: Data
        var manifestSHA256: String
        var signature: Data
        var sealedManifest: Data
        var wrappedKey: Data
    }

    /// Seals the manifest (after setting its predecessor) with `dataKey`; records are sealed apart (`sealRecords`),
    /// outside the write transaction.
    func sealManifest(_ manifest: PacketManifest, previous: String?, auditHead: String? = nil, dataKey: SymmetricKey) throws -> Sealed {
        var manifest = manifest
        manifest.previousManifestSHA256 = previous
        manifest.auditHead = auditHead
        let bytes = try ManifestCoding.encode(manifest)
        let packetID = manifest.packetID
        return Sealed(
            manifestBytes: bytes, manifestSHA256: RecordDigest.hex(of: Array(bytes)), signature: try keys.sign(bytes),
            sealedManifest: try PacketCipher.sealManifest(bytes, key: dataKey, packetID: packetID),
            wrappedKey: try PacketCipher.wrap(dataKey, packetID: packetID, with: keys.storageKey))
    }

    func sealRecords(_ packet: CapturePacket, dataKey: SymmetricKey) throws -> [Data] {
        try packet.records.enumerated().map { ordinal, record in
            try PacketCipher.sealRecord(record.bytes, key: dataKey, packetID: packet.manifest.packetID, recordID: record.id,
                                        ordinal: ordinal, format: record.format.rawValue)
        }
    }

    /// The opened manifest of a stored packet: its data key, its exact bytes and the decoded manifest, after
    /// checking the AEAD, the digest, the signature and the packet id. Throws `erased` when the key was destroyed
    /// (delivered packets), `corrupt` for anything that does not hold.
    func openManifest(packetID: String, row: Row) throws(QueueError) -> (dataKey: SymmetricKey, bytes: Data, manifest: PacketManifest) {
        func corrupt(_ reason: String) -> QueueError { .corrupt(packetID: packetID, reason: reason) }
        let wrapped: Data?, sealed: Data?, signature: Data?, digest: String?
        do {
            wrapped = try row.decode(forColumn: "wrapped_key")
            sealed = try row.decode(forColumn: "manifest_sealed")
            signature = try row.decode(forColumn: "manifest_signature")
            digest = try row.decode(forColumn: "manifest_sha256")
        } catch {
            throw corrupt("the packet row is damaged: \(error)")
        }
        guard let wrapped else { throw .erased(packetID: packetID) }
        guard let sealed, let signature, let digest else { throw corrupt("the stored packet lacks its sealed manifest or signature") }
        let dataKey: SymmetricKey
        do { dataKey = try PacketCipher.unwrap(wrapped, packetID: packetID, with: keys.storageKey) } catch {
            throw corrupt("its data key does not unwrap with this kit's key (damaged, or moved from another packet)")
        }
        let bytes: Data
        do { bytes = try PacketCipher.openManifest(sealed, key: dataKey, packetID: packetID) } catch {
            throw corrupt("the sealed manifest fails authentication (damaged or moved)")
        }
        guard RecordDigest.hex(of: Array(bytes)) == digest else { throw corrupt("the manifest does not match its stored digest") }
        guard keys.signing.publicKey.isValidSignature(signature, for: bytes)
                || retired.contains(where: { $0.isValidSignature(signature, for: bytes) }) else {
            throw corrupt("the manifest's signature does not verify with the kit's key")
        }
        let manifest: PacketManifest
        do { manifest = try ManifestCoding.decode(bytes) } catch { throw corrupt("the stored manifest does not decode: \(error)") }
        guard manifest.packetID == packetID else { throw corrupt("the stored manifest names packet '\(manifest.packetID)'") }
        return (dataKey, bytes, manifest)
    }

    func openRecord(_ sealed: Data, dataKey: SymmetricKey, packetID: String, recordID: String, ordinal: Int, format: String) throws(QueueError) -> Data {
        do {
            return try PacketCipher.openRecord(sealed, key: dataKey, packetID: packetID, recordID: recordID, ordinal: ordinal, format: format)
        } catch {
            throw .corrupt(packetID: packetID, reason: "record '\(recordID)' fails authentication (damaged or moved)")
        }
    }
}
