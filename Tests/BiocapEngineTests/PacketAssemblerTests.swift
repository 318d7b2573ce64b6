import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapDeviceKit
import BiocapEngine
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

@Suite struct PacketAssemblerTests {
    let assembler = PacketAssembler(kitID: "kit-7")
    let device = DeviceDescriptor(
        id: "sim-finger-0", modality: .finger, vendor: "biocap", model: "test", driver: "finger", simulated: true,
        capabilities: DeviceCapabilities(imageWidth: 8, imageHeight: 8, ppi: 500, framesPerSecond: 10, positions: []))

    private func captured(_ position: BiometricPosition, score: Int = 70) throws -> CapturedPosition {
        var image = GrayImage(width: 8, height: 8, fill: 120)
        image.ppi = 500
        let result = CaptureResult(
            position: position, image: .gray(image),
            quality: QualityReport(modality: position.modality, score: score, metrics: [], guidance: []),
            belowThreshold: false, frameIndex: 3, framesScored: 4, device: device, startedAt: Date(), capturedAt: Date())
        return CapturedPosition(result: result, record: try RecordPacker().pack(result))
    }

    @Test func buildsAValidPacketWithCaptureAndRequestExceptions() throws {
        let slapException = BiometricException(position: .finger(.leftRing), reason: .amputated)
        let body = PacketRequestBody(enrolmentID: "ENR-1", operatorID: "officer", captures: ["a", "b"],
                                     exceptions: [BiometricException(position: .iris(.left), reason: .unableToCooperate)])
        let packet = try assembler.assemble(body, captures: [
            ("a", [try captured(.finger(.plainLeftFour))], [slapException]),
            ("b", [try captured(.iris(.right), score: 55)], []),
        ])
        try packet.validate()
        #expect(packet.manifest.kitID == "kit-7" && packet.manifest.enrolmentID == "ENR-1")
        #expect(packet.manifest.captures.map(\.position) == [.finger(.plainLeftFour), .iris(.right)])
        #expect(packet.manifest.captures.map(\.quality) == [70, 55])
        #expect(Set(packet.manifest.exceptions.map(\.position)) == [.finger(.leftRing), .iris(.left)])
        #expect(packet.records.map(\.format) == [.isoFinger, .isoIris])
    }

    @Test func refusesInconsistentPackets() throws {
        let index = try captured(.finger(.rightIndex))
        func attempt(_ body: PacketRequestBody, _ parts: [(id: String, positions: [CapturedPosition], exceptions: [BiometricException])]) -> BiocapError? {
            do { _ = try assembler.assemble(body, captures: parts); return nil } catch { return error }
        }
        let twice = attempt(PacketRequestBody(enrolmentID: "E", operatorID: "O", captures: ["a", "b"]), [("a", [index], []), ("b", [index], [])])
        #expect(twice == .invalidRequest(field: "captures", reason: "'right-index' is captured twice"))
        let both = attempt(PacketRequestBody(enrolmentID: "E", operatorID: "O", captures: ["a"],
                                             exceptions: [BiometricException(position: .finger(.rightIndex), reason: .bandaged)]),
                           [("a", [index], [])])
        #expect(both == .invalidRequest(field: "exceptions", reason: "'right-index' is both captured and an exception"))
        let conflicting = attempt(PacketRequestBody(enrolmentID: "E", operatorID: "O", captures: ["a"],
                                                    exceptions: [BiometricException(position: .finger(.leftRing), reason: .bandaged)]),
                                  [("a", [index], [BiometricException(position: .finger(.leftRing), reason: .amputated)])])
        #expect(conflicting == .invalidRequest(field: "exceptions", reason: "'left-ring' has two different exception reasons (bandaged, amputated)"))
        let empty = attempt(PacketRequestBody(enrolmentID: "E", operatorID: "O", captures: []), [])
        #expect(empty?.code == "invalid-request")
        let blankEnrolment = attempt(PacketRequestBody(enrolmentID: "  ", operatorID: "O", captures: ["a"]), [("a", [index], [])])
        #expect(blankEnrolment == .invalidRequest(field: "enrolmentID", reason: "must be 1–128 printable characters"))
    }

    @Test func packsEachModalityIntoItsISORecord() throws {
        let finger = try captured(.finger(.leftThumb)).record
        #expect(try FingerImageRecord.decode(finger.bytes).representations.first?.position == .leftThumb)
        let iris = try captured(.iris(.left)).record
        #expect(try IrisImageRecord.decode(iris.bytes).representations.first?.eye == .left)
        let faceResult = CaptureResult(
            position: .face, image: .rgb(RGBImage(width: 32, height: 24, red: 200, green: 150, blue: 120)),
            quality: QualityReport(modality: .face, score: 80, metrics: [], guidance: []), belowThreshold: false,
            frameIndex: 0, framesScored: 1, device: device, startedAt: Date(), capturedAt: Date())
        let face = try RecordPacker().pack(faceResult)
        let decoded = try FaceImageRecord.decode(face.bytes)
        #expect(decoded.representations.first?.imageData.prefix(2) == [0xFF, 0xD8])
    }
}
