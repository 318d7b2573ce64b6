import BiocapCore
import BiocapQueue
import BiocapRecords
import Foundation

/// Valid packets with random record bytes, for soak tests of the queue and of a kit's disk.
enum SyntheticPacket {
    private static let device = DeviceDescriptor(
        id: "sim-soak-0", modality: .finger, vendor: "biocap", model: "queue soak", driver: "simulated",
        simulated: true,
        capabilities: DeviceCapabilities(
            imageWidth: 500, imageHeight: 500, ppi: 500, framesPerSecond: 10,
            positions: FingerPosition.allCases.map { .finger($0) }))

    /// A packet with `records` records of `size` random bytes each, and a manifest that names them all.
    static func make(records: Int, size: Int, now: Date = Date()) -> CapturePacket {
        var generator = SystemRandomNumberGenerator()
        let fingers = FingerPosition.allCases
        var entries: [CaptureEntry] = []
        var packetRecords: [PacketRecord] = []
        for index in 0..<records {
            var bytes = [UInt8](repeating: 0, count: size)
            for offset in stride(from: 0, to: size, by: 8) {
                let word = generator.next() as UInt64
                for lane in 0..<Swift.min(8, size - offset) {
                    bytes[offset + lane] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(lane)))
                }
            }
            let record = PacketRecord(id: "record-\(index)", format: .isoFinger, bytes: bytes)
            packetRecords.append(record)
            entries.append(CaptureEntry(
                recordID: record.id, modality: .finger, position: .finger(fingers[index % fingers.count]),
                quality: Int.random(in: 40...100, using: &generator), belowThreshold: false, device: device,
                startedAt: now.addingTimeInterval(-2), capturedAt: now, recordFormat: record.format,
                recordSHA256: record.sha256Hex, recordSize: bytes.count))
        }
        let manifest = PacketManifest(
            packetID: UUID().uuidString.lowercased(), enrolmentID: "soak-\(UUID().uuidString.prefix(8).lowercased())",
            operatorID: "soak", kitID: "soak-kit", createdAt: now, captures: entries, exceptions: [])
        return CapturePacket(manifest: manifest, records: packetRecords)
    }
}
