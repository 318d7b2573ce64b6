import BiocapAPI
import BiocapCore
import BiocapEngine
import BiocapQueue
import BiocapServer
import BiocapTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /v1/packets`: a capture goes into one packet at most (then its data is released), and an
/// `Idempotency-Key` makes a retry return the stored packet instead of storing a second one.
@Suite struct PacketSubmissionRouteTests {
    static func body(_ enrolment: String, captures: [String]) throws -> ByteBuffer {
        try RouteTests.json(["enrolmentID": enrolment, "operatorID": "officer", "captures": captures])
    }

    @Test func twentyParallelPacketsOfOneCaptureStoreOne() async throws {
        try await RouteTests.withServer { server, client in
            let capture = try await RouteTests.capture(client)
            #expect(capture.state == .completed)
            let replies = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for number in 0..<20 {
                    group.addTask {
                        try await client.execute(uri: "/v1/packets", method: .post,
                                                 body: try Self.body("ENR-\(number)", captures: [capture.id]))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let created = replies.filter { $0.status == .created }
            #expect(created.count == 1, "\(replies.map { "\($0.status.code) \(RouteTests.text($0))" })")
            for reply in replies where reply.status != .created {
                let message = try RouteTests.expectError(reply, .conflict, code: "capture-already-packed")
                #expect(message.contains(capture.id))
            }
            #expect(try await server.queue.stats().pending == 1)
            let packetID = try RouteTests.decode(PacketStatus.self, try #require(created.first)).packetID

            // The capture now points at its packet, and its data is released: the packet serves the record.
            let info = try RouteTests.decode(CaptureInfo.self, try await client.execute(uri: "/v1/captures/\(capture.id)", method: .get))
            #expect(info.packetID == packetID && info.state == .completed)
            #expect(await server.captures.retainedBytes == 0)
            for path in ["record", "image"] {
                let reply = try await client.execute(uri: "/v1/captures/\(capture.id)/\(path)", method: .get)
                let message = try RouteTests.expectError(reply, .conflict, code: "capture-already-packed")
                #expect(message.contains(packetID))
            }
            let record = try await client.execute(uri: "/v1/packets/\(packetID)/records/right-index", method: .get)
            #expect(record.status == .ok && record.body.readableBytes > 0)
        }
    }

    @Test func aRetryWithTheSameKeyReturnsTheStoredPacket() async throws {
        try await RouteTests.withServer { server, client in
            let capture = try await RouteTests.capture(client)
            let key: HTTPFields = [APIServer.idempotencyKeyField: "3f1c9a8e-retry-test"]
            let first = try await client.execute(uri: "/v1/packets", method: .post, headers: key,
                                                 body: try Self.body("ENR-1", captures: [capture.id]))
            #expect(first.status == .created, "\(RouteTests.text(first))")
            let stored = try RouteTests.decode(PacketStatus.self, first)

            // The same request again (key order and spacing differ): 200 with the same packet, nothing new stored.
            let again = ByteBuffer(string: #"{ "captures": ["\#(capture.id)"], "operatorID": "officer", "enrolmentID": "ENR-1" }"#)
            let retry = try await client.execute(uri: "/v1/packets", method: .post, headers: key, body: again)
            #expect(retry.status == .ok, "\(RouteTests.text(retry))")
            #expect(try RouteTests.decode(PacketStatus.self, retry).packetID == stored.packetID)

            // The same key with another request: 409, nothing stored.
            let other = try await client.execute(uri: "/v1/packets", method: .post, headers: key,
                                                 body: try Self.body("ENR-2", captures: [capture.id]))
            let message = try RouteTests.expectError(other, .conflict, code: "idempotency-key-reused")
            #expect(message.contains(stored.packetID))
            // Without the key the capture is simply taken.
            let unkeyed = try await client.execute(uri: "/v1/packets", method: .post, body: try Self.body("ENR-1", captures: [capture.id]))
            try RouteTests.expectError(unkeyed, .conflict, code: "capture-already-packed")
            #expect(try await server.queue.stats().pending == 1)

            for bad in ["", String(repeating: "k", count: 256), "two words", "naïve"] {
                let reply = try await client.execute(uri: "/v1/packets", method: .post,
                                                     headers: [APIServer.idempotencyKeyField: bad],
                                                     body: try Self.body("ENR-3", captures: [capture.id]))
                let message = try RouteTests.expectError(reply, .badRequest, code: "invalid-request")
                #expect(message.contains("Idempotency-Key"))
            }
        }
    }
}
