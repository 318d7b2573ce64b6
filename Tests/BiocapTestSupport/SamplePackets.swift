import BiocapCore
import BiocapRecords
import Foundation

/// Capture packets made of the real ISO/IEC 19794 records in `shared/data/iso-samples/mosip-mock`, optionally with
/// one large uncompressed slap record (for multipart uploads).
public enum SamplePackets {
    static let samples: [(file: String, format: RecordFormat, position: BiometricPosition)] = [
        ("Left_Index.iso", .isoFinger, .finger(.leftIndex)),
        ("Face.iso", .isoFace, .face),
        ("Left_Iris.iso", .isoIris, .iris(.left)),
        ("Right_Iris.iso", .isoIris, .iris(.right)),
    ]

    static let device = DeviceDescriptor(
        id: "sim-test-0", modality: .finger, vendor: "MOSIP", model: "mock SBI", driver: "simulated", simulated: true,
        capabilities: DeviceCapabilities(imageWidth: 500, imageHeight: 500, ppi: 500, framesPerSecond: 10, positions: []))

    /// A valid packet of the four sample records; with `largeRecordPixels`, a fifth record: an uncompressed
    /// `side`×`side` right-index image (about `side²` bytes).
    public static func packet(id: String = UUID().uuidString.lowercased(), kitID: String = "kit-0001", createdAt: Date = Date(),
                              largeRecordSide side: Int? = nil) throws -> CapturePacket {
        var records: [PacketRecord] = []
        var entries: [CaptureEntry] = []
        func add(_ record: PacketRecord, _ position: BiometricPosition) {
            records.append(record)
            entries.append(CaptureEntry(
                recordID: record.id, modality: position.modality, position: position, quality: 70, belowThreshold: false, device: device,
                startedAt: createdAt.addingTimeInterval(-3), capturedAt: createdAt.addingTimeInterval(-1), recordFormat: record.format,
                recordSHA256: record.sha256Hex, recordSize: record.bytes.count))
        }
        for (index, sample) in samples.enumerated() {
            add(PacketRecord(id: "r\(index)-\(sample.file.lowercased().replacingOccurrences(of: ".iso", with: ""))", format: sample.format,
                             bytes: try TestData.bytes("iso-samples/mosip-mock/\(sample.file)")), sample.position)
        }
        if let side {
            let pixels = (0..<(side * side)).map { UInt8(truncatingIfNeeded: ($0 % side) &* 3 &+ ($0 / side) &* 5) }
            let image = try GrayImage(width: side, height: side, pixels: pixels, ppi: 500)
            let record = try FingerImageRecord(image: image, position: .rightIndex, quality: 70, capturedAt: createdAt)
            add(PacketRecord(id: "r9-large-right-index", format: .isoFinger, bytes: try record.encode()), .finger(.rightIndex))
        }
        let manifest = PacketManifest(
            packetID: id, enrolmentID: "enrolment-\(id.prefix(6))", operatorID: "officer-7", kitID: kitID, createdAt: createdAt,
            captures: entries, exceptions: [BiometricException(position: .finger(.rightThumb), reason: .amputated, note: "since 2019")])
        return CapturePacket(manifest: manifest, records: records)
    }
}
