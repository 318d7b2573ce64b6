import BiocapProtection
import Crypto
import Foundation
import GRDB

extension EnrolmentQueue {
    /// Moves the queue to new kit keys in one transaction: every packet's data key that still exists is re-wrapped
    /// under the new storage key, the old signing public key is kept (manifests it signed still verify), the queue
    /// records the new key and the audit log says so. Nothing changes when any data key does not unwrap.
    ///
    /// The key files follow the database (`KitKeyStore.prepareRotation` before, `commitRotation` after): a crash in
    /// between is finished or undone at the next start by the key the database names. May be called from any task.
    public func rotateKeys(to newKeys: KitKeys, now: Date = Date()) async throws(QueueError) {
        let old = sealer
        try await runWrite {
            try await pool.write { db in
                for row in try Row.fetchAll(db, sql: "SELECT packet_id, wrapped_key FROM packets WHERE wrapped_key IS NOT NULL") {
                    let packetID: String = row["packet_id"], wrapped: Data = row["wrapped_key"]
                    let dataKey: SymmetricKey
                    do {
                        dataKey = try PacketCipher.unwrap(wrapped, packetID: packetID, with: old.keys.storageKey)
                    } catch {
                        throw QueueError.corrupt(packetID: packetID, reason: "its data key does not unwrap; no key was rotated")
                    }
                    try db.execute(sql: "UPDATE packets SET wrapped_key = ? WHERE packet_id = ?", arguments: [
                        try PacketCipher.wrap(dataKey, packetID: packetID, with: newKeys.storageKey), packetID,
                    ])
                }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO kit_retired_keys (signing_key_sha256, public_key, retired_at) VALUES (?, ?, ?)",
                    arguments: [old.keys.signingFingerprint, old.keys.signing.publicKey.rawRepresentation, now.timeIntervalSince1970])
                try db.execute(sql: "UPDATE kit SET signing_key_sha256 = ? WHERE id = 1", arguments: [newKeys.signingFingerprint])
                try AuditLog.append(db, event: "kit-key-rotated", details: [
                    "from": old.keys.signingFingerprint, "to": newKeys.signingFingerprint,
                ])
            }
        }
        sealing.withLock { $0 = PacketSealer(keys: newKeys, retired: old.retired + [old.keys.signing.publicKey]) }
    }
}
