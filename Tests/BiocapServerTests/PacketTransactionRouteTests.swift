import BiocapAPI
import BiocapCore
import BiocapRecords
import BiocapServer
import BiocapTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/packets/{id}/transaction`: a stored packet as an ANSI/NIST-ITL transaction, under the archive's rules.
@Suite struct PacketTransactionRouteTests {
    static func submit(_ client: any TestClientProtocol) async throws -> String {
        let capture = try await RouteTests.capture(client)
        let submitted = try await client.execute(
            uri: "/v1/packets", method: .post,
            body: try RouteTests.json(["enrolmentID": "ENR-AN2", "operatorID": "officer-9", "captures": [capture.id]]))
        #expect(submitted.status == .created, "\(RouteTests.text(submitted))")
        return try RouteTests.decode(PacketStatus.self, submitted).packetID
    }

    @Test func aStoredPacketComesBackAsATransactionOfItsRecords() async throws {
        try await RouteTests.withServer(frameSize: (64, 48)) { server, client in
            let packetID = try await Self.submit(client)
            let reply = try await client.execute(uri: "/v1/packets/\(packetID)/transaction", method: .get)
            #expect(reply.status == .ok, "\(RouteTests.text(reply))")
            #expect(reply.headers[.contentType] == "application/octet-stream")
            #expect(reply.headers[.contentDisposition]?.contains("\(packetID).an2") == true)
            let transaction = try NISTTransaction.decode(Array(reply.body.readableBytesView))
            #expect(transaction.records.map(\.type) == [1, 2, 14])
            let header = try NISTTransactionInformation(transaction.records[0])
            #expect(header.controlNumber == packetID && header.originatingAgency == "route-test")
            #expect(try NISTDescriptiveText(transaction.records[1]) == NISTDescriptiveText(enrolmentID: "ENR-AN2", operatorID: "officer-9"))
            let finger = try NISTFingerprintImage(transaction.records[2])
            let record = try await client.execute(uri: "/v1/packets/\(packetID)/records/right-index", method: .get)
            let iso = try FingerImageRecord.decode(Array(record.body.readableBytesView)).representations[0]
            #expect(finger.positions == [.rightIndex] && finger.imageData == iso.imageData)
            #expect(finger.geometry?.width == Int(iso.width) && finger.geometry?.height == Int(iso.height))

            let audit = try await server.queue.auditEntries()
            #expect(audit.contains { $0.event == "packet-exported" && $0.details["format"] == "ansi-nist-itl" })

            // The receiver's Type-1 values from the query.
            let tailored = try await client.execute(
                uri: "/v1/packets/\(packetID)/transaction?tot=CAR&dai=ID%20REGISTRY&version=0502", method: .get)
            #expect(tailored.status == .ok, "\(RouteTests.text(tailored))")
            let records = try NISTTransaction.decode(Array(tailored.body.readableBytesView)).records
            let tailoredHeader = try NISTTransactionInformation(records[0])
            #expect(tailoredHeader.typeOfTransaction == "CAR" && tailoredHeader.destinationAgency == "ID REGISTRY")
            #expect(tailoredHeader.version == "0502" && records[2].value(992) == "0")
            for (query, field) in [("tot=B1O", "tot"), ("dai=", "dai"), ("version=0600", "version"), ("tot=ABCDEFGHIJKLMNOPQ", "tot")] {
                let bad = try await client.execute(uri: "/v1/packets/\(packetID)/transaction?\(query)", method: .get)
                let message = try RouteTests.expectError(bad, .badRequest, code: "invalid-request")
                #expect(message.contains(field), "\(query): \(message)")
            }

            let unknown = try await client.execute(uri: "/v1/packets/no-such-packet/transaction", method: .get)
            try RouteTests.expectError(unknown, .notFound, code: "packet-not-found")
        }
    }

    /// The standard's smallest image is 10 × 10 (HLL, VLL ≥ 10): a 4 × 4 capture cannot be sent, and the answer says
    /// why instead of writing a transaction no AFIS would read.
    @Test func anImageTheStandardCannotHoldIsAClearError() async throws {
        try await RouteTests.withServer { server, client in
            let packetID = try await Self.submit(client)
            let reply = try await client.execute(uri: "/v1/packets/\(packetID)/transaction", method: .get)
            let message = try RouteTests.expectError(reply, .internalServerError, code: "record-error")
            #expect(message.contains("HLL"), "\(message)")
            let audit = try await server.queue.auditEntries()
            #expect(!audit.contains { $0.details["format"] == "ansi-nist-itl" }, "nothing was exported")
        }
    }
}
