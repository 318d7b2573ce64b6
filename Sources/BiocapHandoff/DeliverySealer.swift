import BiocapProtection
import BiocapRecords
import Crypto
import Foundation

/// Turns a stored packet into the objects the centre receives, in upload order: each record sealed to the centre's
/// key, the kit's packet manifest sealed likewise, then `manifest.json` and its signature `manifest.sig` (the commit
/// marker, last). Pure: no I/O.
public enum DeliverySealer {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// - Parameters:
    ///   - packetManifest: the exact bytes of the kit's stored manifest, with `manifestSignature` its Ed25519 signature.
    public static func objects(
        packet: CapturePacket, packetManifest: Data, manifestSignature: Data, keys: KitKeys, kitID: String,
        center: Curve25519.KeyAgreement.PublicKey, now: Date = Date()
    ) throws(Failure) -> [(name: String, bytes: Data)] {
        let packetID = packet.manifest.packetID
        guard DeliveryLayout.isSafeSegment(packetID), DeliveryLayout.isSafeSegment(kitID) else {
            throw Failure(description: "packet id '\(packetID)' or kit id '\(kitID)' cannot name an object in the store")
        }
        var objects: [(name: String, bytes: Data)] = []
        var listed: [DeliveryManifest.RecordObject] = []
        var seen: Set<String> = [DeliveryLayout.packetManifestRecordID]
        for record in packet.records {
            guard DeliveryLayout.isSafeSegment(record.id), seen.insert(record.id).inserted else {
                throw Failure(description: "record id '\(record.id)' cannot name an object in the store (or repeats)")
            }
            let sealed: Data
            do { sealed = try RecordSeal.seal(record.bytes, packetID: packetID, recordID: record.id, to: center) } catch {
                throw Failure(description: "record \(record.id) could not be sealed: \(error)")
            }
            let name = DeliveryLayout.recordObject(record.id)
            objects.append((name, sealed))
            listed.append(DeliveryManifest.RecordObject(
                id: record.id, format: record.format.rawValue, object: name, size: record.bytes.count,
                sha256: SigV4Signer.hex(SHA256.hash(data: record.bytes)), sealedSize: sealed.count, sealedSha256: SigV4Signer.hex(SHA256.hash(data: sealed))))
        }
        let sealedManifest: Data
        do {
            sealedManifest = try RecordSeal.seal(packetManifest, packetID: packetID, recordID: DeliveryLayout.packetManifestRecordID, to: center)
        } catch {
            throw Failure(description: "the packet manifest could not be sealed: \(error)")
        }
        objects.append((DeliveryLayout.packetManifestObject, sealedManifest))
        let manifest = DeliveryManifest(
            kitID: kitID, packetID: packetID, createdAt: packet.manifest.createdAt, sealedAt: now,
            signingKeySHA256: keys.signingFingerprint,
            packetManifest: .init(object: DeliveryLayout.packetManifestObject, size: packetManifest.count,
                                  sha256: SigV4Signer.hex(SHA256.hash(data: packetManifest)), sealedSize: sealedManifest.count,
                                  sealedSha256: SigV4Signer.hex(SHA256.hash(data: sealedManifest)), signature: manifestSignature.base64EncodedString()),
            previousManifestSHA256: packet.manifest.previousManifestSHA256, auditHead: packet.manifest.auditHead, records: listed)
        let bytes: Data
        let signature: Data
        do {
            bytes = try manifest.encoded()
            signature = try keys.sign(bytes)
        } catch {
            throw Failure(description: "the delivery manifest could not be made: \(error)")
        }
        objects.append((DeliveryLayout.manifestObject, bytes))
        objects.append((DeliveryLayout.signatureObject, signature))
        return objects
    }
}
