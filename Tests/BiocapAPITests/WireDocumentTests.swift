import BiocapAPI
import BiocapCore
import Foundation
import Testing

/// The wire documents as the server reads them and clients write them.
@Suite struct WireDocumentTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try APIJSON.decoder.decode(T.self, from: Data(json.utf8))
    }

    @Test func packetRequestUsesTheOneKeyConventionAndStillReadsTheOldSpelling() throws {
        let current = try decode(PacketRequestBody.self, #"{"enrolmentID":"E-1","operatorID":"op","captures":["c"]}"#)
        let deprecated = try decode(PacketRequestBody.self, #"{"enrolmentId":"E-1","operatorId":"op","captures":["c"]}"#)
        #expect(current == deprecated)
        #expect(current.enrolmentID == "E-1" && current.operatorID == "op")

        let both = try decode(PacketRequestBody.self, #"{"enrolmentID":"new","enrolmentId":"old","operatorID":"op","captures":[]}"#)
        #expect(both.enrolmentID == "new", "the current key wins over the deprecated one")

        let written = try JSONSerialization.jsonObject(with: APIJSON.encoder.encode(current)) as? [String: Any]
        #expect(Set(written?.keys.map { $0 } ?? []) == ["enrolmentID", "operatorID", "captures"], "only current keys are written")
    }

    @Test func aMissingKeyIsNamedByItsCurrentSpelling() {
        do {
            _ = try decode(PacketRequestBody.self, #"{"operatorID":"op","captures":[]}"#)
            Issue.record("decoded without an enrolment id")
        } catch DecodingError.keyNotFound(let key, _) {
            #expect(key.stringValue == "enrolmentID")
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: DecodingError.self) { try decode(PacketRequestBody.self, #"{"enrolmentID":7,"operatorID":"op","captures":[]}"#) }
    }

    @Test func captureRequestDefaultsAndNamesTheBadField() throws {
        let body = try decode(CaptureRequestBody.self, #"{"positions":["plain-left-four"]}"#)
        let request = try body.captureRequest()
        #expect(request.modality == .finger && request.threshold == 40 && request.timeout == .seconds(20))

        #expect(throws: BiocapError.invalidRequest(field: "positions", reason: "at least one position is required")) {
            try decode(CaptureRequestBody.self, #"{"positions":[]}"#).captureRequest()
        }
        for timeout in ["0", "-1", "601"] {
            let bad = try decode(CaptureRequestBody.self, #"{"positions":["face"],"timeoutSeconds":\#(timeout)}"#)
            #expect(throws: BiocapError.self) { try bad.captureRequest() }
        }
    }

    @Test func errorDocumentHasTheDocumentedShape() throws {
        let data = try APIJSON.encoder.encode(APIErrorDocument(code: "device-busy", message: "busy"))
        #expect(String(decoding: data, as: UTF8.self) == #"{"error":{"code":"device-busy","message":"busy"}}"#)
    }

    @Test func datesAreISO8601InBothDirections() throws {
        let lease = PacketLease(packetID: "p", token: UUID(), deadline: Date(timeIntervalSince1970: 1_795_000_000), attempts: 0)
        let text = String(decoding: try APIJSON.encoder.encode(lease), as: UTF8.self)
        #expect(text.contains(#""deadline":"2026-11-18T"#))
        #expect(try APIJSON.decoder.decode(PacketLease.self, from: Data(text.utf8)) == lease)
    }

    @Test func socketAddressFollowsSystemdThenXDG() {
        #expect(SocketAddress.defaultPath(environment: ["RUNTIME_DIRECTORY": "/run/biocap:/run/other"]) == "/run/biocap/biocapd.sock")
        #expect(SocketAddress.defaultPath(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"]) == "/run/user/1000/biocap/biocapd.sock")
        #expect(SocketAddress.defaultPath(environment: [:]).hasSuffix("/biocapd.sock"))
    }
}
