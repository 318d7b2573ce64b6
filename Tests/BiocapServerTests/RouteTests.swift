import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapDeviceTesting
import BiocapEngine
import BiocapQueue
import BiocapRecords
@_spi(Testing) import BiocapServer
import BiocapTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The API's routes served in process: requests go straight to the real router (no socket, no daemon),
/// with a scripted device behind the managers, so each test runs in milliseconds.
@Suite struct RouteTests {
    static let position = BiometricPosition.finger(.rightIndex)
    static let deviceID = "scripted-finger"

    /// What a test's router serves: fresh managers, a temporary queue and (unless `nil`) one scripted finger device.
    struct Server: Sendable {
        let devices: DeviceManager
        let captures: CaptureManager
        let queue: EnrolmentQueue
        let device: ScriptedDevice?
    }

    /// Runs `body` against a new server and removes its state afterwards.
    /// - Parameters:
    ///   - frames: scores of the frames the scripted device plays (then its stream hangs); `nil` for no device.
    ///   - policy: the access policy; by default in-process requests count as coming from this process.
    ///   - frameSize: width and height of the scripted frames.
    static func withServer(
        frames: [UInt8]? = [30, 80], policy: AccessPolicy = .inProcessTesting(), frameSize: (width: Int, height: Int) = (4, 4),
        _ body: @Sendable (Server, any TestClientProtocol) async throws -> Void
    ) async throws {
        let directory = try TestData.temporaryDirectory("route-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let devices = DeviceManager()
        let captures = CaptureManager(devices: devices, makeScorer: { ScriptedScorer() }, pack: RecordPacker().pack)
        let queue = try EnrolmentQueue(path: directory.appendingPathComponent("queue.sqlite3").path)
        let packets = PacketService(queue: queue, captures: captures, kitID: "route-test")
        var device: ScriptedDevice?
        if let frames {
            let scripted = ScriptedDevice(modality: .finger, positions: [position],
                                          frames: ScriptedDevice.frames(scores: frames, position: position,
                                                                        width: frameSize.width, height: frameSize.height))
            await devices.add(scripted)
            device = scripted
        }
        let router = APIServer(devices: devices, captures: captures, packets: packets, policy: policy).router()
        var logger = Logger(label: "biocap.route-tests")
        logger.logLevel = .error
        let application = Application(router: router, logger: logger)
        let server = Server(devices: devices, captures: captures, queue: queue, device: device)
        do {
            try await application.test(.router) { client in try await body(server, client) }
        } catch {
            await captures.shutdown()
            try? queue.close()
            throw error
        }
        await captures.shutdown()
        try queue.close()
    }

    // MARK: Helpers

    static func json(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try APIJSON.decoder.decode(T.self, from: Data(response.body.readableBytesView))
    }

    static func text(_ response: TestResponse) -> String {
        String(decoding: response.body.readableBytesView, as: UTF8.self)
    }

    /// Checks an error answer: its status, and a body that is exactly `{"error": {"code", "message"}}` with `code`.
    /// Returns the message.
    @discardableResult
    static func expectError(
        _ response: TestResponse, _ status: HTTPResponse.Status, code: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        #expect(response.status == status, "body: \(text(response))", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        let error = try #require(object?["error"] as? [String: Any], "no error object in \(text(response))", sourceLocation: sourceLocation)
        #expect(object?.keys.sorted() == ["error"], sourceLocation: sourceLocation)
        #expect(error.keys.sorted() == ["code", "message"], sourceLocation: sourceLocation)
        #expect(error["code"] as? String == code, "body: \(text(response))", sourceLocation: sourceLocation)
        let message = try #require(error["message"] as? String, sourceLocation: sourceLocation)
        #expect(!message.isEmpty, sourceLocation: sourceLocation)
        return message
    }

    /// Starts a capture on the scripted device and returns its final state, read from the events route:
    /// its body ends with the capture. Bounded: a capture that never ends fails the test.
    static func capture(_ client: any TestClientProtocol, threshold: Int = 60) async throws -> CaptureInfo {
        let started = try await client.execute(
            uri: "/v1/captures", method: .post,
            body: try json(["device": deviceID, "positions": [position.name], "threshold": threshold, "timeoutSeconds": 60]))
        #expect(started.status == .accepted, "\(text(started))")
        let id = try decode(CaptureInfo.self, started).id
        let outcome = try await withDeadline(after: .seconds(60)) {
            try await client.execute(uri: "/v1/captures/\(id)/events", method: .get)
        }
        guard case .finished(let events) = outcome else {
            throw BiocapError.timedOut(device: deviceID, reason: "capture \(id) did not finish")
        }
        #expect(events.status == .ok && events.headers[.contentType] == "text/event-stream")
        let stream = text(events)
        let finished = try #require(stream.range(of: "event: finished\ndata: "), "no finished event: \(stream)")
        let data = stream[finished.upperBound...].prefix { $0 != "\n" }
        return try APIJSON.decoder.decode(CaptureInfo.self, from: Data(data.utf8))
    }

    // MARK: Access

    @Test func healthAnswersWithTheDeviceCountAndQueue() async throws {
        try await Self.withServer { _, client in
            let response = try await client.execute(uri: "/v1/health", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let health = try Self.decode(HealthReport.self, response)
            #expect(health.status == "ok" && health.version == BiocapVersion.current)
            #expect(health.devices == 1)
            #expect(health.queue == QueueSummary(pending: 0, leased: 0, done: 0, dead: 0))
        }
    }

    /// Production's policy refuses a request it cannot identify (no socket, no SO_PEERCRED); the test policy
    /// still applies the uid check to the caller it stands in for.
    @Test func unidentifiedAndUnadmittedCallersAreForbidden() async throws {
        try await Self.withServer(policy: AccessPolicy(allowedGID: nil)) { _, client in
            let response = try await client.execute(uri: "/v1/health", method: .get)
            let message = try Self.expectError(response, .forbidden, code: "forbidden")
            #expect(message.contains("SO_PEERCRED"))
        }
        let stranger = PeerCredentials(pid: 1, uid: 65534, gid: 65534)
        guard getuid() != stranger.uid else { return }
        try await Self.withServer(policy: .inProcessTesting(caller: stranger)) { _, client in
            let response = try await client.execute(uri: "/v1/devices", method: .get)
            let message = try Self.expectError(response, .forbidden, code: "forbidden")
            #expect(message.contains("uid 65534"))
        }
    }

    // MARK: Devices

    @Test func devicesListAndStatusShowTheScriptedDevice() async throws {
        try await Self.withServer { _, client in
            let list = try await client.execute(uri: "/v1/devices", method: .get)
            #expect(list.status == .ok)
            let devices = try Self.decode(DeviceList.self, list).devices
            #expect(devices.map(\.descriptor.id) == [Self.deviceID])
            #expect(devices.first?.state == .ready)

            let status = try await client.execute(uri: "/v1/devices/\(Self.deviceID)", method: .get)
            #expect(status.status == .ok)
            let device = try Self.decode(DeviceStatus.self, status)
            #expect(device.descriptor.modality == .finger && device.descriptor.driver == "scripted")
            #expect(device.descriptor.capabilities.positions == [Self.position])
            #expect(device.state == .ready && device.lastError == nil)
        }
    }

    // MARK: Errors

    @Test func unknownDeviceCaptureAndPacketAre404WithTheErrorBody() async throws {
        try await Self.withServer { _, client in
            let unknown = [
                ("/v1/devices/no-such-device", "not-found"), ("/v1/devices/no-such-device/preview", "not-found"),
                ("/v1/captures/no-such-capture", "not-found"), ("/v1/captures/no-such-capture/image", "not-found"),
                ("/v1/captures/no-such-capture/record", "not-found"), ("/v1/captures/no-such-capture/events", "not-found"),
                ("/v1/packets/no-such-packet", "packet-not-found"), ("/v1/packets/no-such-packet/archive", "packet-not-found"),
            ]
            for (uri, code) in unknown {
                let response = try await client.execute(uri: uri, method: .get)
                let message = try Self.expectError(response, .notFound, code: code)
                #expect(message.contains("no-such-"), "\(uri): \(message)")
            }
        }
    }

    @Test func unknownRouteIs404WithTheErrorBody() async throws {
        try await Self.withServer(frames: nil) { _, client in
            try Self.expectError(try await client.execute(uri: "/v1/nothing-here", method: .get), .notFound, code: "not-found")
            try Self.expectError(try await client.execute(uri: "/v2/health", method: .get), .notFound, code: "not-found")
        }
    }

    @Test func malformedJSONIs400NamingTheField() async throws {
        try await Self.withServer { _, client in
            let cases: [(uri: String, body: String, code: String, mentions: String)] = [
                ("/v1/captures", #"{"positions": "right-index"}"#, "malformed-request", "'positions'"),
                ("/v1/captures", #"{"positions": ["right-index"], "threshold": "high"}"#, "malformed-request", "'threshold'"),
                ("/v1/captures", #"{"positions": ["right-index"], "timeoutSeconds": 0}"#, "invalid-request", "timeoutSeconds"),
                ("/v1/captures", #"{"positions": ["right-index""#, "malformed-request", "malformed JSON"),
                ("/v1/captures", "", "invalid-request", "body"),
                ("/v1/packets", #"{"operatorID": "officer", "captures": []}"#, "malformed-request", "'enrolmentID'"),
                ("/v1/queue/packets/p/ack", #"{"leaseToken": "not-a-uuid"}"#, "malformed-request", "'leaseToken'"),
                ("/v1/queue/lease", #"{"max": 0}"#, "invalid-request", "max"),
            ]
            for item in cases {
                let response = try await client.execute(uri: item.uri, method: .post, headers: [.contentType: "application/json"],
                                                        body: ByteBuffer(string: item.body))
                let message = try Self.expectError(response, .badRequest, code: item.code)
                #expect(message.contains(item.mentions), "\(item.uri) \(item.body): \(message)")
            }
        }
    }

    @Test func aBodyOverOneMebibyteIs413() async throws {
        try await Self.withServer(frames: nil) { _, client in
            let padding = String(repeating: "x", count: APIServer.maximumBodySize)
            let body = ByteBuffer(string: #"{"enrolmentID": "\#(padding)", "operatorID": "o", "captures": []}"#)
            #expect(body.readableBytes > APIServer.maximumBodySize)
            let response = try await client.execute(uri: "/v1/packets", method: .post, body: body)
            try Self.expectError(response, .contentTooLarge, code: "body-too-large")
            // Exactly at the limit is still read (and then judged on its content).
            let fits = ByteBuffer(string: #"{"pad": "\#(String(repeating: "x", count: APIServer.maximumBodySize - 11))"}"#)
            #expect(fits.readableBytes == APIServer.maximumBodySize)
            try Self.expectError(try await client.execute(uri: "/v1/packets", method: .post, body: fits), .badRequest, code: "malformed-request")
        }
    }

    @Test func aBodyThatIsNotJSONIs415() async throws {
        try await Self.withServer(frames: nil) { _, client in
            let body = #"{"enrolmentID": "E", "operatorID": "O", "captures": []}"#
            for type in ["application/x-www-form-urlencoded", "text/plain;charset=UTF-8", "multipart/form-data; boundary=x"] {
                let response = try await client.execute(uri: "/v1/packets", method: .post, headers: [.contentType: type],
                                                        body: ByteBuffer(string: body))
                let message = try Self.expectError(response, .unsupportedMediaType, code: "unsupported-media-type")
                #expect(message.contains("application/json"))
            }
            // JSON with parameters, or no type at all, is read (and here judged on its content: no captures).
            for headers: HTTPFields in [[.contentType: "application/json; charset=utf-8"], [:]] {
                let response = try await client.execute(uri: "/v1/packets", method: .post, headers: headers, body: ByteBuffer(string: body))
                try Self.expectError(response, .badRequest, code: "invalid-request")
            }
            let huge = ByteBuffer(string: String(repeating: " ", count: APIServer.maximumBodySize + 1))
            let tooLarge = try await client.execute(uri: "/v1/packets", method: .post, body: huge)
            try Self.expectError(tooLarge, .contentTooLarge, code: "body-too-large")
        }
    }

    @Test func aWrongMethodOnAnExistingPathIs405WithAllow() async throws {
        try await Self.withServer(frames: nil) { _, client in
            let response = try await client.execute(uri: "/v1/captures", method: .delete)
            try Self.expectError(response, .methodNotAllowed, code: "method-not-allowed")
            #expect(response.headers[.allow].map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
                    == ["GET", "POST"], "\(response.headers)")
            try Self.expectError(try await client.execute(uri: "/v1/health", method: .post), .methodNotAllowed, code: "method-not-allowed")
            try Self.expectError(try await client.execute(uri: "/v1/no-such-thing", method: .get), .notFound, code: "not-found")
        }
    }

    @Test func queryNumbersThatAreNotNumbersAre400() async throws {
        try await Self.withServer { _, client in
            for uri in ["/v1/queue/packets?limit=abc", "/v1/queue/packets?limit=1e20", "/v1/devices/\(Self.deviceID)/preview?frames=abc"] {
                let message = try Self.expectError(try await client.execute(uri: uri, method: .get), .badRequest, code: "invalid-request")
                #expect(message.contains("limit") || message.contains("frames"), "\(uri): \(message)")
            }
        }
    }

    @Test func jsonNullForARequiredFieldIs400NamingIt() async throws {
        try await Self.withServer(frames: nil) { _, client in
            let cases: [(uri: String, body: String, field: String)] = [
                ("/v1/packets", #"{"enrolmentID": null, "operatorID": "o", "captures": []}"#, "enrolmentID"),
                ("/v1/packets", #"{"enrolmentID": "e", "operatorID": null, "captures": []}"#, "operatorID"),
                ("/v1/packets", #"{"enrolmentID": "e", "operatorID": "o", "captures": null}"#, "captures"),
                ("/v1/captures", #"{"positions": null}"#, "positions"),
                ("/v1/queue/packets/p/ack", #"{"leaseToken": null}"#, "leaseToken"),
            ]
            for item in cases {
                let response = try await client.execute(uri: item.uri, method: .post, body: ByteBuffer(string: item.body))
                #expect(response.status == .badRequest, "\(item.body): \(Self.text(response))")
                #expect(Self.text(response).contains(item.field), "\(item.body): \(Self.text(response))")
            }
        }
    }

    // MARK: Captures and packets

    @Test func captureRunsToTheThresholdAndServesItsImageAndRecord() async throws {
        try await Self.withServer { server, client in
            let info = try await Self.capture(client)
            #expect(info.state == .completed, "\(info.error?.message ?? "")")
            #expect(info.deviceID == Self.deviceID && info.positions == [Self.position])
            #expect(info.results.map(\.score) == [80] && info.results.map(\.frameIndex) == [1])
            #expect(info.results.first?.belowThreshold == false && info.results.first?.recordFormat == RecordFormat.isoFinger.rawValue)

            let current = try await client.execute(uri: "/v1/captures/\(info.id)", method: .get)
            #expect(current.status == .ok)
            #expect(try Self.decode(CaptureInfo.self, current).state == .completed)
            let list = try Self.decode(CaptureList.self, try await client.execute(uri: "/v1/captures", method: .get))
            #expect(list.captures.map(\.id) == [info.id])

            let jpeg = try await client.execute(uri: "/v1/captures/\(info.id)/image", method: .get)
            #expect(jpeg.status == .ok && jpeg.headers[.contentType] == "image/jpeg")
            #expect(Array(jpeg.body.readableBytesView.prefix(2)) == [0xFF, 0xD8])
            let pgm = try await client.execute(uri: "/v1/captures/\(info.id)/image?format=pgm", method: .get)
            #expect(pgm.status == .ok && pgm.headers[.contentType] == "image/x-portable-graymap")
            #expect(Self.text(pgm).hasPrefix("P5"))
            try Self.expectError(try await client.execute(uri: "/v1/captures/\(info.id)/image?format=gif", method: .get),
                                 .badRequest, code: "invalid-request")

            let record = try await client.execute(uri: "/v1/captures/\(info.id)/record", method: .get)
            #expect(record.status == .ok && record.headers[.contentType] == "application/octet-stream")
            #expect(record.headers[.contentDisposition]?.contains("right-index.iso") == true)
            let decoded = try FingerImageRecord.decode(Array(record.body.readableBytesView))
            #expect(decoded.representations.first?.position == .rightIndex)
            #expect(try decoded.representations.first?.grayImage().pixels.first == 80, "the record holds the frame that reached the threshold")
            #expect(decoded.representations.first?.compression == .jpeg2000Lossless, "finger records are lossless JPEG 2000 by default")
            #expect(record.body.readableBytes == info.results.first?.recordSize)

            // The device was freed: its stream ended once the capture reached the threshold.
            try await #require(server.device).waitUntilStreamTerminated()
            #expect(try Self.decode(DeviceStatus.self, try await client.execute(uri: "/v1/devices/\(Self.deviceID)", method: .get)).state == .ready)
        }
    }

    @Test func aRunningCaptureHasNoImageAndABusyDeviceRefusesASecond() async throws {
        try await Self.withServer(frames: [10]) { server, client in
            let started = try await client.execute(
                uri: "/v1/captures", method: .post,
                body: try Self.json(["device": Self.deviceID, "positions": [Self.position.name], "threshold": 90, "timeoutSeconds": 60]))
            #expect(started.status == .accepted)
            let id = try Self.decode(CaptureInfo.self, started).id
            try await #require(server.device).waitUntilFrameYielded(index: 0)
            try Self.expectError(try await client.execute(uri: "/v1/captures/\(id)/image", method: .get), .conflict, code: "capture-not-finished")
            let second = try await client.execute(
                uri: "/v1/captures", method: .post, body: try Self.json(["device": Self.deviceID, "positions": [Self.position.name]]))
            try Self.expectError(second, .conflict, code: "device-busy")
            let cancelled = try await client.execute(uri: "/v1/captures/\(id)/cancel", method: .post)
            #expect(cancelled.status == .ok)
            #expect(try Self.decode(CaptureInfo.self, cancelled).state == .cancelled)
        }
    }

    /// Captures `count` times in a row on the scripted device (a capture goes into one packet only).
    static func captures(_ count: Int, _ server: Server, _ client: any TestClientProtocol) async throws -> [CaptureInfo] {
        var infos: [CaptureInfo] = []
        for number in 1...count {
            let info = try await capture(client)
            #expect(info.state == .completed)
            infos.append(info)
            try await server.device?.waitUntilStreamTerminated(count: number)
        }
        return infos
    }

    @Test func packetSubmitAcceptsBothEnrolmentIDSpellings() async throws {
        try await Self.withServer { server, client in
            let captures = try await Self.captures(2, server, client)
            for (capture, (key, operatorKey, enrolment)) in zip(captures, [("enrolmentID", "operatorID", "ENR-current"), ("enrolmentId", "operatorId", "ENR-deprecated")]) {
                let response = try await client.execute(
                    uri: "/v1/packets", method: .post, headers: [.contentType: "application/json"],
                    body: try Self.json([key: enrolment, operatorKey: "officer-1", "captures": [capture.id]]))
                #expect(response.status == .created, "\(key): \(Self.text(response))")
                let status = try Self.decode(PacketStatus.self, response)
                #expect(status.enrolmentID == enrolment && status.state == .pending && status.recordCount == 1)

                let detail = try await client.execute(uri: "/v1/packets/\(status.packetID)", method: .get)
                #expect(detail.status == .ok)
                let manifest = try Self.decode(PacketDetail.self, detail).manifest
                #expect(manifest.enrolmentID == enrolment && manifest.operatorID == "officer-1" && manifest.kitID == "route-test")
            }
            let stats = try Self.decode(QueueStatistics.self, try await client.execute(uri: "/v1/queue/stats", method: .get))
            #expect(stats.pending == 2)
            let unknownCapture = try await client.execute(
                uri: "/v1/packets", method: .post,
                body: try Self.json(["enrolmentID": "E", "operatorID": "O", "captures": ["no-such-capture"]]))
            try Self.expectError(unknownCapture, .notFound, code: "not-found")
            #expect(try Self.decode(QueueStatistics.self, try await client.execute(uri: "/v1/queue/stats", method: .get)).pending == 2)
        }
    }

    @Test func queueLeaseAckAndNack() async throws {
        try await Self.withServer { server, client in
            let captures = try await Self.captures(2, server, client)
            var packetIDs: [String] = []
            for (capture, enrolment) in zip(captures, ["ENR-A", "ENR-B"]) {
                let response = try await client.execute(
                    uri: "/v1/packets", method: .post,
                    body: try Self.json(["enrolmentID": enrolment, "operatorID": "officer", "captures": [capture.id]]))
                #expect(response.status == .created)
                packetIDs.append(try Self.decode(PacketStatus.self, response).packetID)
            }

            let leased = try await client.execute(uri: "/v1/queue/lease", method: .post, body: try Self.json(["max": 5, "leaseSeconds": 60]))
            #expect(leased.status == .ok)
            let leases = try Self.decode(LeaseList.self, leased).leases
            #expect(Set(leases.map(\.packetID)) == Set(packetIDs))
            let empty = try await client.execute(uri: "/v1/queue/lease", method: .post)
            #expect(empty.status == .ok, "an empty body leases one packet")
            #expect(try Self.decode(LeaseList.self, empty).leases.isEmpty, "both packets are leased already")
            let leasedList = try await client.execute(uri: "/v1/queue/packets?state=leased", method: .get)
            #expect(try Self.decode(PacketList.self, leasedList).packets.count == 2)

            let acked = try #require(leases.first), nacked = try #require(leases.last)
            try Self.expectError(
                try await client.execute(uri: "/v1/queue/packets/\(acked.packetID)/ack", method: .post,
                                         body: try Self.json(["leaseToken": UUID().uuidString])),
                .conflict, code: "lease-mismatch")
            let ack = try await client.execute(uri: "/v1/queue/packets/\(acked.packetID)/ack", method: .post,
                                               body: try Self.json(["leaseToken": acked.token.uuidString]))
            #expect(ack.status == .ok, "\(Self.text(ack))")
            #expect(try Self.decode(PacketStatus.self, ack).state == .done)

            let nack = try await client.execute(uri: "/v1/queue/packets/\(nacked.packetID)/nack", method: .post,
                                                body: try Self.json(["leaseToken": nacked.token.uuidString, "reason": "upstream down"]))
            #expect(nack.status == .ok, "\(Self.text(nack))")
            let status = try Self.decode(PacketStatus.self, nack)
            #expect(status.state == .pending && status.attempts == 1 && status.lastError == "upstream down")

            let stats = try Self.decode(QueueStatistics.self, try await client.execute(uri: "/v1/queue/stats", method: .get))
            #expect(stats.done == 1 && stats.pending == 1 && stats.leased == 0)
            try Self.expectError(
                try await client.execute(uri: "/v1/queue/packets/no-such-packet/ack", method: .post,
                                         body: try Self.json(["leaseToken": UUID().uuidString])),
                .notFound, code: "packet-not-found")
        }
    }
}
