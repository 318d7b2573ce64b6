import BiocapAPI
import BiocapCore
import BiocapEngine
import BiocapProtection
import BiocapRecords
import Foundation
import Hummingbird

extension APIServer {
    func addPacketRoutes(to group: RouterGroup<BiocapRequestContext>) {
        group.post("packets") { request, context in
            let key = try Self.idempotencyKey(request)
            let body = try await Self.decode(PacketRequestBody.self, from: request, context: context)
            switch try await self.packets.submit(body, idempotencyKey: key) {
            case .stored(let packet):
                self.uplink?.wake()  // a new packet goes out at once; the uplink does not poll for it
                return try Self.json(packet, status: .created)
            case .replayed(let packet): return try Self.json(packet, status: .ok)
            }
        }
        group.get("packets/:id") { _, context in
            try Self.json(try await self.packets.detail(try context.parameters.require("id")))
        }
        group.get("packets/:id/archive") { _, context in
            let id = try context.parameters.require("id")
            let packet = try await self.packets.packet(id)
            try await self.packets.queue.audit("packet-exported", ["packet": id, "uid": context.peer.map { String($0.uid) } ?? "-"])
            return Self.bytes(try PacketArchive.encode(packet), contentType: "application/vnd.biocap.packet",
                              filename: "\(id).biocap")
        }
        group.get("packets/:id/transaction") { request, context in
            let id = try context.parameters.require("id")
            let options = try Self.transactionOptions(request)
            let packet = try await self.packets.packet(id)
            // Built before the audit entry, so a packet that cannot become a transaction is not logged as exported.
            let transaction = try PacketTransaction.encode(packet, segments: PacketTransaction.segments(in: packet.manifest),
                                                           options: options)
            try await self.packets.queue.audit(
                "packet-exported", ["packet": id, "format": "ansi-nist-itl", "uid": context.peer.map { String($0.uid) } ?? "-"])
            return Self.bytes(transaction, contentType: "application/octet-stream", filename: "\(id).an2")
        }
        group.get("packets/:id/manifest") { _, context in
            let signed = try await self.packets.queue.signedManifest(id: try context.parameters.require("id"))
            return Self.bytes(Array(signed.manifest), contentType: "application/json")
        }
        group.get("packets/:id/signature") { _, context in
            let signed = try await self.packets.queue.signedManifest(id: try context.parameters.require("id"))
            return Self.bytes(Array(signed.signature), contentType: "application/octet-stream")
        }
        group.get("audit") { request, _ in
            let limit = try Self.integer(request, "limit", default: 1000)
            guard (1...100_000).contains(limit) else { throw APIError.invalid("limit", "must be 1–100000") }
            let since = try request.uri.queryParameters.get("since").map { text in
                guard let date = ISO8601DateFormatter().date(from: text) else {
                    throw APIError.invalid("since", "'\(text)' is not an ISO 8601 date-time such as 2026-12-01T08:00:00Z")
                }
                return date
            }
            return try Self.json(AuditList(entries: try await self.packets.queue.auditEntries(since: since, limit: limit)))
        }
        group.get("audit/verify") { _, _ in
            try Self.json(try await self.packets.queue.verifyAudit())
        }
        group.get("kit") { _, _ in
            try Self.json(self.kitInfo())
        }
        group.post("kit/rotate") { _, _ in
            let queue = self.packets.queue
            guard !KitKeyStore.credentialsInUse(), let directory = queue.keyDirectory else {
                throw APIError(status: .conflict, code: "kit-key-not-rotatable",
                               message: "the kit's keys come from systemd credentials (or were given to the daemon); rotate them there")
            }
            let newKeys: KitKeys
            do throws(KitKeyError) { newKeys = try KitKeyStore.prepareRotation(directory: directory) } catch {
                throw APIError(queue: .kitKey(error))
            }
            do {
                try await queue.rotateKeys(to: newKeys)
            } catch {
                KitKeyStore.abandonRotation(directory: directory)
                throw error
            }
            do throws(KitKeyError) { try KitKeyStore.commitRotation(directory: directory) } catch {
                throw APIError(queue: .kitKey(error))
            }
            return try Self.json(self.kitInfo())
        }
        group.get("packets/:id/records/:record") { _, context in
            let id = try context.parameters.require("id"), recordID = try context.parameters.require("record")
            let record = try await self.packets.record(recordID, of: id)
            return Self.bytes(record.bytes, contentType: "application/octet-stream", filename: "\(recordID).iso")
        }
        group.get("queue/stats") { _, _ in
            try Self.json(try await self.packets.statistics())
        }
        group.get("queue/packets") { request, _ in
            let state: PacketStatus.State? = try request.uri.queryParameters.get("state").map { name in
                guard let parsed = PacketStatus.State(rawValue: name) else {
                    throw APIError.invalid("state", "'\(name)' is not one of \(PacketStatus.State.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return parsed
            }
            let limit = try Self.integer(request, "limit", default: 100)
            guard (1...1000).contains(limit) else { throw APIError.invalid("limit", "must be 1–1000") }
            return try Self.json(PacketList(packets: try await self.packets.list(state: state, limit: limit)))
        }
        group.post("queue/purge") { _, _ in
            let purged = try await self.packets.queue.purge(doneOlderThan: Date.distantFuture)
            try await self.packets.queue.audit("packets-purged", ["count": String(purged)])
            return try Self.json(PurgeResult(purged: purged))
        }
        group.post("queue/lease") { request, context in
            let body = try await Self.decode(LeaseRequestBody.self, from: request, context: context, emptyMeans: LeaseRequestBody())
            let count = body.max ?? 1, seconds = body.leaseSeconds ?? 300
            guard (1...100).contains(count) else { throw APIError.invalid("max", "must be 1–100") }
            guard seconds.isFinite, seconds >= 1, seconds <= 86_400 else { throw APIError.invalid("leaseSeconds", "must be 1–86400") }
            let leases = try await self.packets.lease(max: count, for: .milliseconds(Int64(seconds * 1000)))
            return try Self.json(LeaseList(leases: leases))
        }
        group.post("queue/packets/:id/ack") { request, context in
            let id = try context.parameters.require("id")
            let body = try await Self.decode(LeaseTokenBody.self, from: request, context: context)
            return try Self.json(try await self.packets.ack(id, leaseToken: body.leaseToken))
        }
        group.post("queue/packets/:id/nack") { request, context in
            let id = try context.parameters.require("id")
            let body = try await Self.decode(LeaseTokenBody.self, from: request, context: context)
            return try Self.json(try await self.packets.nack(id, leaseToken: body.leaseToken, reason: body.reason ?? "nacked by consumer"))
        }
    }

    func kitInfo() -> KitInfo {
        let queue = packets.queue, keys = queue.keys
        let retired = queue.retiredSigningKeys.map { KitKeys.pem(ed25519PublicKey: $0) }
        return KitInfo(kitID: packets.kitID, signingKeySHA256: keys.signingFingerprint, agreementKeySHA256: keys.agreementFingerprint,
                       signingPublicKeyPEM: keys.signingPublicKeyPEM, retiredSigningKeysPEM: retired.isEmpty ? nil : retired)
    }

    /// The `Idempotency-Key` header: 1–255 visible ASCII characters, or absent.
    static func idempotencyKey(_ request: Request) throws -> String? {
        let values = request.headers[values: idempotencyKeyField]
        guard let value = values.first else { return nil }
        guard values.count == 1 else { throw APIError.invalid("Idempotency-Key", "send the header once") }
        guard (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.invalid("Idempotency-Key", "must be 1–255 visible ASCII characters (a UUID is a good key)")
        }
        return value
    }

    /// `Idempotency-Key` (a literal that is a valid field name: the initialiser cannot fail).
    public static let idempotencyKeyField = HTTPFields.Element.Name("Idempotency-Key")!
}
