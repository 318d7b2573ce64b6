import BiocapCore
import BiocapImaging
import BiocapRecords
import BiocapTestSupport
import Foundation

/// Capture packets made of real data for the ANSI/NIST-ITL tests: a left-four slap put together from four real
/// FVC2000 fingerprints side by side (so the finger boxes are known exactly), a single real finger, a real face
/// JPEG, two real CASIA irises and a real SVC2004 signature with its PNG; the left ring finger is recorded as
/// amputated, the right thumb as bandaged.
enum ANSINISTFixtures {
    static let createdAt = Date(timeIntervalSince1970: 1_714_979_289)
    static let tile = 300  // FVC2000 DB1 images are 300×300

    /// The slap image and its finger boxes (left little, ring, middle, index from left to right, as on the platen).
    static func leftSlap() throws -> (image: GrayImage, segments: [SlapSegment]) {
        let names = ["101_1", "102_1", "103_1", "104_1"]
        let tiles = try names.map { try RecordFixtures.fingerprint("fvc2000-db1/\($0).pgm") }
        var slap = GrayImage(width: tile * 4, height: tile, ppi: 500)
        for (index, finger) in tiles.enumerated() {
            for y in 0..<tile { for x in 0..<tile { slap[index * tile + x, y] = finger[x, y] } }
        }
        let segments = FingerPosition.plainLeftFour.fingers.enumerated().map { index, finger in
            SlapSegment(finger: finger, left: index * tile + 10, right: index * tile + tile - 11, top: 5, bottom: tile - 6,
                        quality: 40 + index * 10)
        }
        return (slap, segments)
    }

    static let device = DeviceDescriptor(
        id: "sim-test-0", modality: .finger, vendor: "biocap", model: "test", driver: "simulated", simulated: true,
        capabilities: DeviceCapabilities(imageWidth: 1200, imageHeight: 300, ppi: 500, framesPerSecond: 10, positions: []))

    /// The enrolment packet and the slap segments to pass to the builder.
    static func enrolment(enrolmentID: String = "ENR-2026-0042", operatorID: String = "officer-7") throws
        -> (packet: CapturePacket, segments: [FingerPosition: [SlapSegment]], faceJPEG: [UInt8])
    {
        var records: [PacketRecord] = []
        var entries: [CaptureEntry] = []
        func add(_ id: String, _ format: RecordFormat, _ bytes: [UInt8], _ position: BiometricPosition, quality: Int) {
            let record = PacketRecord(id: id, format: format, bytes: bytes)
            records.append(record)
            entries.append(CaptureEntry(
                recordID: id, modality: position.modality, position: position, quality: quality, belowThreshold: false, device: device,
                startedAt: createdAt.addingTimeInterval(-20), capturedAt: createdAt.addingTimeInterval(-10), recordFormat: format,
                recordSHA256: record.sha256Hex, recordSize: bytes.count))
        }
        let face = try TestData.bytes("face/photos/astronaut.jpg")
        guard let size = RecordFixtures.jpegSize(face) else { throw RecordError.invalidField(name: "astronaut.jpg", value: "no SOF") }
        add("face", .isoFace, try FaceImageRecord(jpeg: face, width: size.width, height: size.height, quality: 81,
                                                   capturedAt: createdAt, device: CaptureDevice(technologyID: 2, vendorID: 0, typeID: 0)).encode(),
            .face, quality: 81)
        let slap = try leftSlap()
        add("left-four", .isoFinger, try FingerImageRecord(image: slap.image, position: .plainLeftFour, quality: 66, capturedAt: createdAt).encode(),
            .finger(.plainLeftFour), quality: 66)
        add("right-index", .isoFinger,
            try FingerImageRecord(image: try RecordFixtures.fingerprint("fvc2000-db3/105_1.pgm"), position: .rightIndex, quality: 72,
                                  capturedAt: createdAt).encode(),
            .finger(.rightIndex), quality: 72)
        add("right-iris", .isoIris, try IrisImageRecord(image: try RecordFixtures.iris("001_1_1.pgm"), eye: .right, quality: 90,
                                                        capturedAt: createdAt).encode(), .iris(.right), quality: 90)
        add("left-iris", .isoIris, try IrisImageRecord(image: try RecordFixtures.iris("002_1_1.pgm"), eye: .left, quality: 88,
                                                       capturedAt: createdAt).encode(), .iris(.left), quality: 88)
        // A real SVC2004 signature and its rendered PNG companion: no ANSI/NIST record carries them, the builder skips both.
        let trace = try SVC2004.trace("Task2_U1S1.TXT")
        add("signature", .isoSignature, try SignatureRecord(trace: trace, capturedAt: createdAt, quality: 75).encode(), .signature,
            quality: 75)
        let companion = PacketRecord(id: "signature-image", format: .png, bytes: try SignatureRenderer().render(trace).png())
        records.append(companion)
        entries[entries.count - 1].companions = [CompanionRecord(companion)]
        let manifest = PacketManifest(
            packetID: "0098ceeb-ad15-4f74-8414-dc71291c4890", enrolmentID: enrolmentID, operatorID: operatorID, kitID: "kit-0001",
            createdAt: createdAt, captures: entries,
            exceptions: [BiometricException(position: .finger(.leftRing), reason: .amputated, note: "since 2019"),
                         BiometricException(position: .finger(.rightThumb), reason: .bandaged)])
        return (CapturePacket(manifest: manifest, records: records), [.plainLeftFour: slap.segments], face)
    }

    /// A record's fields in number order, so records built in any order compare with the ones read back.
    static func sorted(_ transaction: NISTTransaction) -> [NISTRecord] {
        transaction.records.map { NISTRecord(type: $0.type, fields: $0.fields.sorted { $0.number < $1.number }) }
    }
}
