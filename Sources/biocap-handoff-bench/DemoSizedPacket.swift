import BiocapCore
import BiocapRecords
import Foundation

/// Packets the size of the demo's enrolment (7.5 MiB): three 2.4 MB slap records, two 307 kB iris records and a
/// 97 kB face record, random bytes (what a seal and a store see is the same).
enum DemoSizedPacket {
    static let sizes: [(id: String, format: RecordFormat, position: BiometricPosition, size: Int)] = [
        ("face", .isoFace, .face, 96_609), ("right-iris", .isoIris, .iris(.right), 307_273),
        ("left-iris", .isoIris, .iris(.left), 307_273), ("plain-left-four", .isoFinger, .finger(.plainLeftFour), 2_400_062),
        ("plain-right-four", .isoFinger, .finger(.plainRightFour), 2_400_062), ("plain-thumbs", .isoFinger, .finger(.plainThumbs), 2_400_062),
    ]

    static let device = DeviceDescriptor(
        id: "sim-bench-0", modality: .finger, vendor: "biocap", model: "hand-off bench", driver: "simulated", simulated: true,
        capabilities: DeviceCapabilities(imageWidth: 1600, imageHeight: 1500, ppi: 500, framesPerSecond: 10, positions: []))

    static var totalBytes: Int { sizes.reduce(0) { $0 + $1.size } }

    static func make(kitID: String, now: Date = Date()) -> CapturePacket {
        var generator = SystemRandomNumberGenerator()
        var records: [PacketRecord] = []
        var entries: [CaptureEntry] = []
        for item in sizes {
            var bytes = [UInt8](repeating: 0, count: item.size)
            for index in stride(from: 0, to: item.size, by: 8) {
                let word = generator.next() as UInt64
                for lane in 0..<min(8, item.size - index) { bytes[index + lane] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(lane))) }
            }
            let record = PacketRecord(id: item.id, format: item.format, bytes: bytes)
            records.append(record)
            entries.append(CaptureEntry(
                recordID: record.id, modality: item.position.modality, position: item.position, quality: 70, belowThreshold: false,
                device: device, startedAt: now.addingTimeInterval(-2), capturedAt: now, recordFormat: item.format,
                recordSHA256: record.sha256Hex, recordSize: item.size))
        }
        let manifest = PacketManifest(
            packetID: UUID().uuidString.lowercased(), enrolmentID: "bench-\(UUID().uuidString.prefix(8).lowercased())",
            operatorID: "bench", kitID: kitID, createdAt: now, captures: entries, exceptions: [])
        return CapturePacket(manifest: manifest, records: records)
    }
}
