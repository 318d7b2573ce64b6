import BiocapCore
import BiocapQueue
import BiocapRecords
import Foundation
import Hummingbird

extension APIServer {
    func addPacketRoutes(to group: RouterGroup<BiocapRequestContext>) {
        group.post("packets") { request, context in
            let body = try await Self.decode(PacketRequestBody.self, from: request, context: context)
            let stored = try await self.packets.submit(body)
            return try Self.json(stored, status: .created)
        }
        group.get("packets/:id") { _, context in
            let id = try context.parameters.require("id")
            struct Body: Encodable { var packet: QueuedPacket; var manifest: PacketManifest }
            let (info, packet) = try await self.packets.offload { (try $0.info(id: id), try $0.packet(id: id)) }
            return try Self.json(Body(packet: info, manifest: packet.manifest))
        }
        group.get("packets/:id/archive") { _, context in
            let id = try context.parameters.require("id")
            let packet = try await self.packets.offload { try $0.packet(id: id) }
            return Self.bytes(try PacketArchive.encode(packet), contentType: "application/vnd.biocap.packet",
                              filename: "\(id).biocap")
        }
        group.get("packets/:id/records/:record") { _, context in
            let id = try context.parameters.require("id"), recordID = try context.parameters.require("record")
            let packet = try await self.packets.offload { try $0.packet(id: id) }
            guard let record = packet.records.first(where: { $0.id == recordID }) else {
                throw BiocapError.notFound(kind: "record in packet \(id)", id: recordID)
            }
            return Self.bytes(record.bytes, contentType: "application/octet-stream", filename: "\(recordID).iso")
        }
        group.get("queue/stats") { _, _ in
            try Self.json(try await self.packets.offload { try $0.stats() })
        }
        group.get("queue/packets") { request, _ in
            let state: PacketState? = try request.uri.queryParameters.get("state").map { name in
                guard let parsed = PacketState(rawValue: name) else {
                    throw APIError.invalid("state", "'\(name)' is not one of \(PacketState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return parsed
            }
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            guard (1...1000).contains(limit) else { throw APIError.invalid("limit", "must be 1–1000") }
            struct List: Encodable { var packets: [QueuedPacket] }
            return try Self.json(List(packets: try await self.packets.offload { try $0.list(state: state, limit: limit) }))
        }
        group.post("queue/lease") { request, context in
            struct Body: Decodable { var max: Int? = nil; var leaseSeconds: Double? = nil }
            let body = try await Self.decode(Body.self, from: request, context: context, emptyMeans: Body())
            let count = body.max ?? 1, seconds = body.leaseSeconds ?? 300
            guard (1...100).contains(count) else { throw APIError.invalid("max", "must be 1–100") }
            guard seconds.isFinite, seconds >= 1, seconds <= 86_400 else { throw APIError.invalid("leaseSeconds", "must be 1–86400") }
            struct List: Encodable { var leases: [Lease] }
            let leases = try await self.packets.offload { try $0.lease(max: count, for: .milliseconds(Int64(seconds * 1000))) }
            return try Self.json(List(leases: leases))
        }
        group.post("queue/packets/:id/ack") { request, context in
            let id = try context.parameters.require("id")
            let token = try await Self.leaseToken(request, context)
            try await self.packets.offload { try $0.ack(packetID: id, leaseToken: token.leaseToken) }
            return try Self.json(try await self.packets.offload { try $0.info(id: id) })
        }
        group.post("queue/packets/:id/nack") { request, context in
            let id = try context.parameters.require("id")
            let token = try await Self.leaseToken(request, context)
            _ = try await self.packets.offload {
                try $0.nack(packetID: id, leaseToken: token.leaseToken, reason: token.reason ?? "nacked by consumer")
            }
            return try Self.json(try await self.packets.offload { try $0.info(id: id) })
        }
    }

    struct LeaseTokenBody: Decodable { var leaseToken: UUID; var reason: String? }

    static func leaseToken(_ request: Request, _ context: BiocapRequestContext) async throws -> LeaseTokenBody {
        try await decode(LeaseTokenBody.self, from: request, context: context)
    }
}
