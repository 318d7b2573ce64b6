import BiocapCore
import BiocapQueue
import BiocapRecords
import BiocapTestSupport
import Foundation

/// Packets built from the real ISO/IEC 19794 records in `shared/data/iso-samples/mosip-mock`, and
/// queues in fresh temporary directories.
enum QueueFixtures {
    static let samples: [(file: String, format: RecordFormat, position: BiometricPosition)] = [
        ("Left_Index.iso", .isoFinger, .finger(.leftIndex)),
        ("Face.iso", .isoFace, .face),
        ("Left_Iris.iso", .isoIris, .iris(.left)),
        ("Right_Iris.iso", .isoIris, .iris(.right)),
        ("Auth_Left_Iris.iso", .isoIris, .iris(.left)),
    ]

    static let device = DeviceDescriptor(
        id: "sim-test-0", modality: .finger, vendor: "MOSIP", model: "mock SBI", driver: "simulated",
        simulated: true,
        capabilities: DeviceCapabilities(imageWidth: 500, imageHeight: 500, ppi: 500, framesPerSecond: 10, positions: []))

    /// A valid packet holding the five real sample records (about 280 kB).
    static func packet(id: String = UUID().uuidString.lowercased(), createdAt: Date = Date()) throws -> CapturePacket {
        var records: [PacketRecord] = []
        var entries: [CaptureEntry] = []
        for (index, sample) in samples.enumerated() {
            let bytes = try TestData.bytes("iso-samples/mosip-mock/\(sample.file)")
            let record = PacketRecord(id: "r\(index)-\(sample.file)", format: sample.format, bytes: bytes)
            records.append(record)
            entries.append(CaptureEntry(
                recordID: record.id, modality: sample.position.modality, position: sample.position,
                quality: 60 + index, belowThreshold: index == 2, device: device,
                startedAt: createdAt.addingTimeInterval(-3.25), capturedAt: createdAt.addingTimeInterval(-0.125),
                recordFormat: sample.format, recordSHA256: PacketRecord(id: "", format: sample.format, bytes: bytes).sha256Hex, recordSize: bytes.count))
        }
        let manifest = PacketManifest(
            packetID: id, enrolmentID: "enrolment-\(id.prefix(6))", operatorID: "officer-7", kitID: "kit-42",
            createdAt: createdAt, captures: entries,
            exceptions: [BiometricException(position: .finger(.rightThumb), reason: .amputated, note: "since 2019")])
        return CapturePacket(manifest: manifest, records: records)
    }

    /// A fresh directory; the caller removes it.
    static func directory() throws -> URL {
        try TestData.temporaryDirectory("biocap-queue")
    }

    static func databasePath(in directory: URL) -> String {
        directory.appendingPathComponent("queue.sqlite").path
    }

    /// The packet as enqueued: the chain link and audit head the queue adds to the manifest removed.
    static func unchained(_ packet: CapturePacket) -> CapturePacket {
        var packet = packet
        packet.manifest.previousManifestSHA256 = nil
        packet.manifest.auditHead = nil
        return packet
    }
}
