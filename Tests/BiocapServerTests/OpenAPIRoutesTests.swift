import BiocapAPI
import BiocapCore
import BiocapEngine
import BiocapQuality
import BiocapQueue
import BiocapRecords
import BiocapCapture
import BiocapServer
import BiocapTestSupport
import Foundation
import Hummingbird
import Testing
import Yams

/// Keeps `docs/openapi.yaml` true: the routes the real router serves, the error responses, the enums and the JSON
/// keys of the encoded types must match what the document says.
@Suite struct OpenAPIRoutesTests {
    struct Operation: Hashable, Comparable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method) \(path)" }
        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
    }

    static let documentURL = TestData.packageRoot.appendingPathComponent("docs/openapi.yaml")
    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    // MARK: Loading

    /// The parsed document; a missing or unparsable file fails the calling test.
    static func document() throws -> YAML {
        let text = try String(contentsOf: documentURL, encoding: .utf8)
        guard let node = try Yams.compose(yaml: text) else { throw YAML.Failure("docs/openapi.yaml is empty") }
        return YAML(node)
    }

    /// Every (method, path) the real router serves, with Hummingbird's `:id` written as OpenAPI's `{id}`.
    static func serverOperations() throws -> Set<Operation> {
        let directory = try TestData.temporaryDirectory("openapi-routes")
        defer { try? FileManager.default.removeItem(at: directory) }
        let devices = DeviceManager()
        let captures = CaptureManager(devices: devices, makeScorer: { QualityAssessor() }, pack: RecordPacker().pack)
        let queue = try EnrolmentQueue(path: directory.appendingPathComponent("queue.sqlite3").path)
        let packets = PacketService(queue: queue, captures: captures, kitID: "openapi-test")
        let router = APIServer(devices: devices, captures: captures, packets: packets, policy: AccessPolicy(allowedGID: nil)).router()
        return Set(router.routes.map { route in
            let path = route.path.description.split(separator: "/", omittingEmptySubsequences: false).map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            return Operation(method: route.method.rawValue.uppercased(), path: path)
        })
    }

    /// Every operation in the document with its YAML.
    static func documentedOperations(_ document: YAML) -> [(Operation, YAML)] {
        document["paths"].entries.flatMap { path, item in
            item.entries.filter { httpMethods.contains($0.key) }.map { method, operation in
                (Operation(method: method.uppercased(), path: path), operation)
            }
        }.sorted { $0.0 < $1.0 }
    }

    // MARK: Document

    @Test func documentIsOpenAPI31WithTheUnixSocketServer() throws {
        let document = try Self.document()
        let version = try #require(document["openapi"].string, "no 'openapi' version")
        #expect(version.hasPrefix("3.1."), "openapi is \(version), expected 3.1.x")
        let server = document["servers"].items.first
        #expect(server?["url"].string == "http://localhost")
        #expect(server?["description"].string?.contains("--unix-socket") == true)
        #expect(document["info"]["description"].string?.contains("SO_PEERCRED") == true)
    }

    // MARK: Routes

    @Test func documentedRoutesEqualTheRouterRoutes() throws {
        let served = try Self.serverOperations()
        let documented = Set(Self.documentedOperations(try Self.document()).map(\.0))
        #expect(served.count >= 20, "the router listed only \(served.count) routes")
        let undocumented = served.subtracting(documented).sorted()
        let phantom = documented.subtracting(served).sorted()
        #expect(undocumented.isEmpty, "served but missing from docs/openapi.yaml: \(undocumented.map(\.description))")
        #expect(phantom.isEmpty, "documented but not served: \(phantom.map(\.description))")
    }

    @Test func everyPathParameterIsDeclaredAsRequired() throws {
        let document = try Self.document()
        for (path, item) in document["paths"].entries {
            let placeholders = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            for (method, operation) in item.entries where Self.httpMethods.contains(method) {
                let parameters = (item["parameters"].items + operation["parameters"].items).map { document.resolve($0) }
                let declared = parameters.filter { $0["in"].string == "path" }
                #expect(Set(declared.compactMap { $0["name"].string }) == placeholders, "\(method.uppercased()) \(path): path parameters")
                #expect(declared.allSatisfy { $0["required"].bool == true }, "\(method.uppercased()) \(path): path parameters must be required")
            }
        }
    }

    // MARK: Errors

    @Test func everyOperationDocumentsItsErrorsWithTheSharedErrorSchema() throws {
        let document = try Self.document()
        let error = document["components"]["schemas"]["Error"]
        #expect(Set(error["required"].items.compactMap(\.string)) == ["error"])
        #expect(Set(error["properties"]["error"]["required"].items.compactMap(\.string)) == ["code", "message"])

        for (operation, yaml) in Self.documentedOperations(document) {
            let responses = yaml["responses"].entries
            let statuses = Set(responses.map(\.key))
            #expect(statuses.contains { $0.hasPrefix("2") }, "\(operation): no success response")
            let errors = responses.filter { $0.key.hasPrefix("4") || $0.key.hasPrefix("5") }
            #expect(!errors.isEmpty, "\(operation): no error response")
            // The access middleware refuses any caller it does not admit, and any handler can fail unexpectedly.
            #expect(statuses.isSuperset(of: ["403", "500"]), "\(operation): 403 and 500 must be documented")
            if !yaml["requestBody"].isMissing {
                #expect(statuses.isSuperset(of: ["400", "413"]), "\(operation): a JSON body can be malformed or too large")
            }
            if operation.path.contains("{") {
                #expect(statuses.contains("404"), "\(operation): an unknown id is a 404")
            }
            for (status, response) in errors {
                let schema = document.resolve(response)["content"]["application/json"]["schema"]
                #expect(schema["$ref"].string == "#/components/schemas/Error",
                        "\(operation) \(status): the error body must be the shared Error schema")
            }
        }
    }

    @Test func everyReferenceResolves() throws {
        let document = try Self.document()
        let references = document.allReferences()
        #expect(references.count > 50)
        let broken = references.filter { document.pointer($0).isMissing }
        #expect(broken.isEmpty, "unresolved $ref: \(Set(broken).sorted())")
    }

    // MARK: Schemas against the Swift types

    @Test func enumerationsListEveryCase() throws {
        let schemas = try Self.document()["components"]["schemas"]
        func values(_ name: String) -> [String] { schemas[name]["enum"].items.compactMap(\.string) }
        #expect(values("BiometricPosition") == BiometricPosition.all.map(\.name))
        #expect(values("Modality") == Modality.allCases.map(\.rawValue))
        #expect(values("Guidance") == Guidance.allCases.map(\.rawValue))
        #expect(values("ExceptionReason") == ExceptionReason.allCases.map(\.rawValue))
        #expect(values("PacketState") == PacketStatus.State.allCases.map(\.rawValue))
        #expect(values("RecordFormat") == RecordFormat.allCases.map(\.rawValue))
        #expect(values("DeviceState") == DeviceState.allCases.map(\.rawValue))
        #expect(values("CaptureState") == CaptureState.allCases.map(\.rawValue))
    }

    /// Encodes values the way the API does and compares their keys with the schema: a value with every optional set
    /// must show exactly the schema's properties, one with every optional unset exactly its required ones.
    @Test func schemaPropertiesAreTheEncodedKeys() throws {
        let schemas = try Self.document()["components"]["schemas"]
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let capabilities = DeviceCapabilities(imageWidth: 640, imageHeight: 480, ppi: 500, framesPerSecond: 15,
                                              positions: [.iris(.right)], colour: false, swipe: false)
        let usb = USBLocation(vendorID: 0x1c7a, productID: 0x0603, bus: 1, address: 4)
        let full = DeviceDescriptor(id: "usb-1-4", modality: .finger, vendor: "v", model: "m", serial: "s", firmware: "f",
                                    driver: "d", usb: usb, simulated: false, capabilities: capabilities)
        let bare = DeviceDescriptor(id: "sim-face-0", modality: .face, vendor: "v", model: "m", driver: "d", simulated: true,
                                    capabilities: DeviceCapabilities(imageWidth: 1, imageHeight: 1, framesPerSecond: 1, positions: [.face]))
        let exception = BiometricException(position: .finger(.leftThumb), reason: .bandaged, note: "cast")
        let view = ViewScore(position: .face, score: 50, acceptable: true, guidance: [.holdStill])
        let slapView = ViewScore(position: .finger(.plainThumbs), score: 50, acceptable: true, guidance: [],
                                 fingers: [FingerScore(position: .leftThumb, score: 40), FingerScore(position: .rightThumb, score: 60)])
        let entry = CaptureEntry(recordID: "face", modality: .face, position: .face, quality: 70, belowThreshold: false,
                                 device: bare, startedAt: date, capturedAt: date, recordFormat: .isoFace,
                                 recordSHA256: String(repeating: "0", count: 64), recordSize: 10)
        let companion = CompanionRecord(recordID: "signature-image", recordFormat: .png, recordSHA256: String(repeating: "0", count: 64),
                                        recordSize: 10)
        var signatureEntry = entry
        signatureEntry.companions = [companion]
        signatureEntry.segments = [FingerSegment(position: .leftIndex, box: .init(x: 1, y: 2, width: 3, height: 4),
                                                 orientedBox: .init(centreX: 1, centreY: 2, width: 3, height: 4, angle: 5), score: 60)]
        let result = CaptureInfo.PositionResult(
            position: .face, score: 70, belowThreshold: false, guidance: [], metrics: [QualityMetric(name: "m", value: 1)],
            width: 1, height: 1, frameIndex: 0, recordFormat: "iso-19794-5-2011", recordSize: 10,
            recordSHA256: String(repeating: "0", count: 64))
        let segment = FingerSegment(position: .leftIndex, box: .init(x: 1, y: 2, width: 3, height: 4),
                                    orientedBox: .init(centreX: 1, centreY: 2, width: 3, height: 4, angle: 5), score: 60)
        let segments = SlapSegmentsDocument(position: .finger(.plainLeftFour), segmentation: SlapSegmentation(
            fingers: [segment], missing: [.leftRing], extra: 0, guidance: [.fingerMissing]))
        func capture(finished: Bool) -> CaptureInfo {
            CaptureInfo(id: "c", deviceID: "sim-face-0", modality: .face, positions: [.face], threshold: 40, timeoutSeconds: 20,
                        exceptions: [], state: finished ? .failed : .running, startedAt: date, finishedAt: finished ? date : nil,
                        framesScored: 1, latest: [view], results: [], error: finished ? .init(code: "x", message: "y") : nil,
                        packetID: finished ? "p" : nil)
        }
        func queued(_ optionals: Bool) -> PacketStatus {
            PacketStatus(packetID: "p", enrolmentID: "e", state: .done, attempts: 0, recordCount: 1, totalBytes: 1,
                         lastError: optionals ? "e" : nil, leaseDeadline: optionals ? date : nil, createdAt: date,
                         updatedAt: date, doneAt: optionals ? date : nil, erased: optionals ? true : nil)
        }
        let progress = CaptureProgressEvent(frameIndex: 1, elapsedSeconds: 0.08, views: [view], bestScores: ["face": 50])

        let cases: [(String, [any Encodable])] = [
            ("DeviceDescriptor", [full, bare]),
            ("DeviceCapabilities", [capabilities, bare.capabilities]),
            ("USBLocation", [usb, usb]),
            ("DeviceStatus", [DeviceStatus(descriptor: bare, state: .error, lastError: "gone"), DeviceStatus(descriptor: bare, state: .ready)]),
            ("DiagnosticCheck", [DiagnosticCheck(name: "n", passed: true, detail: "d"), DiagnosticCheck(name: "n", passed: false, detail: "d")]),
            ("DiagnosticReport", [DiagnosticReport(device: bare, checks: []), DiagnosticReport(device: bare, checks: [])]),
            ("BiometricException", [exception, BiometricException(position: .face, reason: .other)]),
            ("QualityMetric", [QualityMetric(name: "n", value: 1), QualityMetric(name: "n", value: 1)]),
            ("ViewScore", [slapView, view]),
            ("FingerScore", [FingerScore(position: .leftIndex, score: 60), FingerScore(position: .leftIndex, score: 60)]),
            ("PositionResult", [result, result]),
            ("CaptureFailure", [CaptureInfo.Failure(code: "c", message: "m"), CaptureInfo.Failure(code: "c", message: "m")]),
            ("CaptureInfo", [capture(finished: true), capture(finished: false)]),
            ("CaptureProgressEvent", [progress, progress]),
            ("PacketStatus", [queued(true), queued(false)]),
            ("QueueStatistics", [QueueStatistics(pending: 1, leased: 0, done: 0, dead: 0, oldestPendingAge: 3, totalBytes: 9),
                            QueueStatistics(pending: 0, leased: 0, done: 0, dead: 0, oldestPendingAge: nil, totalBytes: 0)]),
            ("Health", [HealthReport(status: "degraded", problems: [HealthProblem(code: "queue-read-only", message: "m")], version: "v",
                                     uptimeSeconds: 1, devices: 1, queue: QueueSummary(pending: 0, leased: 0, done: 0, dead: 0)),
                        HealthReport(status: "ok", version: "v", uptimeSeconds: 1, devices: 0, queue: nil)]),
            ("AuditEntry", [AuditEntry(seq: 1, at: date, event: "e", details: ["k": "v"], sha256: "h"),
                            AuditEntry(seq: 1, at: date, event: "e", details: [:], sha256: "h")]),
            ("AuditVerification", [AuditVerification(intact: false, entries: 2, head: "h", brokenAt: 2, reason: "r"),
                                   AuditVerification(intact: true, entries: 0, head: nil)]),
            ("PurgeResult", [PurgeResult(purged: 1), PurgeResult(purged: 0)]),
            ("KitInfo", [KitInfo(kitID: "k", signingKeySHA256: "s", agreementKeySHA256: "a", signingPublicKeyPEM: "p", retiredSigningKeysPEM: ["r"]),
                         KitInfo(kitID: "k", signingKeySHA256: "s", agreementKeySHA256: "a", signingPublicKeyPEM: "p")]),
            ("UplinkStatus", [UplinkStatus(configured: true, state: "sending", online: true, endpoint: "e", bucket: "b", kitFolder: "k",
                                           waitingPackets: 1, waitingBytes: 2, sending: [], deliveredSinceStart: 3, bytesSentSinceStart: 4,
                                           lastSuccessAt: date, lastDeliveredPacketID: "p", lastError: "e", lastErrorAt: date, nextAttemptAt: date),
                              UplinkStatus(configured: false, state: "off")]),
            ("UplinkProgress", [UplinkProgress(packetID: "p", sentBytes: 1, totalBytes: 2, objectsStored: 1, objectsTotal: 2),
                                UplinkProgress(packetID: "p", sentBytes: 1, totalBytes: 2, objectsStored: 1, objectsTotal: 2)]),
            ("HealthProblem", [HealthProblem(code: "c", message: "m"), HealthProblem(code: "c", message: "m")]),
            ("QueueSummary", [QueueSummary(pending: 0, leased: 0, done: 0, dead: 0), QueueSummary(pending: 0, leased: 0, done: 0, dead: 0)]),
            ("PacketLease", [PacketLease(packetID: "p", token: UUID(), deadline: date, attempts: 0), PacketLease(packetID: "p", token: UUID(), deadline: date, attempts: 0)]),
            ("CaptureEntry", [signatureEntry, entry]),
            ("CompanionRecord", [companion, companion]),
            ("SlapSegments", [segments, segments]),
            ("FingerSegment", [segment, segment]),
            ("PacketManifest", [PacketManifest(packetID: "p", enrolmentID: "e", operatorID: "o", kitID: "k", createdAt: date,
                                               captures: [entry], exceptions: [exception], previousManifestSHA256: "h", auditHead: "a"),
                                PacketManifest(packetID: "p", enrolmentID: "e", operatorID: "o", kitID: "k", createdAt: date,
                                               captures: [], exceptions: [])]),
            ("PacketRequestBody", [PacketRequestBody(enrolmentID: "e", operatorID: "o", captures: ["c"], exceptions: [exception]),
                                   PacketRequestBody(enrolmentID: "e", operatorID: "o", captures: ["c"])]),
        ]
        for (name, values) in cases {
            let schema = schemas[name]
            #expect(!schema.isMissing, "no schema \(name)")
            // Deprecated properties are read from requests but never written.
            let properties = Set(schema["properties"].entries.filter { $0.value["deprecated"].bool != true }.map(\.key))
            let required = Set(schema["required"].items.compactMap(\.string))
            let fullKeys = try Self.encodedKeys(values[0]), bareKeys = try Self.encodedKeys(values[1])
            #expect(fullKeys == properties, "\(name): encoded keys \(fullKeys.sorted()) ≠ schema properties \(properties.sorted())")
            #expect(bareKeys == required, "\(name): always-present keys \(bareKeys.sorted()) ≠ schema required \(required.sorted())")
        }
    }

    static func encodedKeys(_ value: any Encodable) throws -> Set<String> {
        let data = try APIJSON.encoder.encode(value)
        let object = try JSONSerialization.jsonObject(with: data)
        guard let dictionary = object as? [String: Any] else { throw YAML.Failure("\(type(of: value)) is not a JSON object") }
        return Set(dictionary.keys)
    }
}

extension OpenAPIRoutesTests {
    /// A read-only view of a YAML node: missing keys give a missing node instead of optionals at every step.
    struct YAML {
        struct Failure: Error, CustomStringConvertible {
            var description: String
            init(_ description: String) { self.description = description }
        }

        let node: Node?

        init(_ node: Node?) { self.node = node }

        var isMissing: Bool { node == nil }
        var string: String? { node?.scalar?.string }
        var bool: Bool? { node?.bool }

        /// A mapping's entries in document order; empty for anything else.
        var entries: [(key: String, value: YAML)] {
            guard let mapping = node?.mapping else { return [] }
            return mapping.compactMap { key, value in key.scalar.map { ($0.string, YAML(value)) } }
        }

        /// A sequence's items; empty for anything else.
        var items: [YAML] { node?.sequence.map { $0.map(YAML.init) } ?? [] }

        subscript(key: String) -> YAML { YAML(entries.first { $0.key == key }?.value.node) }

        /// The node a local `#/a/b` reference points at (missing when it does not resolve).
        func pointer(_ reference: String) -> YAML {
            guard reference.hasPrefix("#/") else { return YAML(nil) }
            return reference.dropFirst(2).split(separator: "/").reduce(self) { node, token in
                node[token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
            }
        }

        /// `value` itself, or what its `$ref` points at.
        func resolve(_ value: YAML) -> YAML {
            guard let reference = value["$ref"].string else { return value }
            return pointer(reference)
        }

        /// Every `$ref` string anywhere below this node.
        func allReferences() -> [String] {
            if node?.sequence != nil { return items.flatMap { $0.allReferences() } }
            return entries.flatMap { key, value in
                key == "$ref" ? [value.string].compactMap { $0 } : value.allReferences()
            }
        }
    }
}
