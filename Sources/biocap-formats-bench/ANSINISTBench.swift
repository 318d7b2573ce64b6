import BiocapCore
import BiocapRecords
import Foundation

/// ANSI/NIST-ITL transactions: a packet of the synthetic slap and ten real fingers (uncompressed ISO records) turned
/// into a transaction (`build`: ISO records decoded, typed records made), written (`encode`) and read back strictly
/// (`decode`); the baseline is IDEMIA's nistitl writing and parsing a transaction of the same images.
enum ANSINISTBench {
    static func run(_ inputs: FormatsBenchInputs) throws -> [String: Any] {
        let packet = try samplePacket(inputs)
        var transaction = NISTTransaction(records: [])
        let buildMs = try inputs.medianMilliseconds { transaction = try PacketTransaction.build(packet) }
        var bytes: [UInt8] = []
        let encodeMs = try inputs.medianMilliseconds { bytes = try transaction.encode() }
        let decodeMs = try inputs.medianMilliseconds { _ = try NISTTransaction.decode(bytes) }
        return [
            "records": transaction.records.count, "bytes": bytes.count, "build_ms": buildMs, "encode_ms": encodeMs,
            "decode_ms": decodeMs, "decode_mb_per_s": Double(bytes.count) / 1e6 / max(decodeMs / 1000, 1e-9),
        ]
    }

    /// The slap as the right four and the first ten fingers as positions 1–10, each an uncompressed ISO record.
    static func samplePacket(_ inputs: FormatsBenchInputs) throws -> CapturePacket {
        let date = Date(timeIntervalSince1970: 1_714_979_289)
        let device = DeviceDescriptor(
            id: "bench", modality: .finger, vendor: "biocap", model: "bench", driver: "bench", simulated: true,
            capabilities: DeviceCapabilities(imageWidth: 1600, imageHeight: 1500, ppi: 500, framesPerSecond: 1, positions: []))
        var records: [PacketRecord] = []
        var entries: [CaptureEntry] = []
        let images = [(inputs.slap, FingerPosition.plainRightFour)]
            + zip(inputs.fingers.prefix(10).map(\.image), (1...10).compactMap { FingerPosition(rawValue: UInt8($0)) })
        for (index, (image, position)) in images.enumerated() {
            let bytes = try FingerImageRecord(image: image, position: position, quality: 60, capturedAt: date).encode()
            let record = PacketRecord(id: "r\(index)", format: .isoFinger, bytes: bytes)
            records.append(record)
            entries.append(CaptureEntry(
                recordID: record.id, modality: .finger, position: .finger(position), quality: 60, belowThreshold: false,
                device: device, startedAt: date, capturedAt: date, recordFormat: .isoFinger, recordSHA256: record.sha256Hex,
                recordSize: bytes.count))
        }
        let manifest = PacketManifest(
            packetID: "bench", enrolmentID: "ENR-BENCH", operatorID: "officer", kitID: "kit-bench", createdAt: date,
            captures: entries, exceptions: [])
        return CapturePacket(manifest: manifest, records: records)
    }
}
