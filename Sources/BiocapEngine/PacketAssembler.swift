import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapRecords
import Foundation

/// Builds a capture packet from finished captures: one manifest entry and one record per captured
/// position (with its companions: a signature's image), plus every exception (the request's and each capture's), checked for overlaps.
public struct PacketAssembler: Sendable {
    public var kitID: String

    public init(kitID: String) {
        self.kitID = kitID
    }

    /// - Parameter captures: `(capture id, packed positions, exceptions of that capture)` in request order.
    /// - Throws: `BiocapError.invalidRequest` naming the field when the packet would be inconsistent.
    public func assemble(
        _ body: PacketRequestBody, captures: [(id: String, positions: [CapturedPosition], exceptions: [BiometricException])],
        packetID: String = UUID().uuidString.lowercased(), now: Date = Date()
    ) throws(BiocapError) -> CapturePacket {
        try Self.checkIdentifier(body.enrolmentID, field: "enrolmentID")
        try Self.checkIdentifier(body.operatorID, field: "operatorID")
        guard !body.captures.isEmpty || !(body.exceptions ?? []).isEmpty else {
            throw .invalidRequest(field: "captures", reason: "a packet needs at least one capture or exception")
        }
        guard Set(body.captures).count == body.captures.count else {
            throw .invalidRequest(field: "captures", reason: "a capture is listed twice")
        }
        var entries: [CaptureEntry] = []
        var records: [PacketRecord] = []
        var captured: Set<BiometricPosition> = []
        for capture in captures {
            for position in capture.positions {
                let result = position.result
                guard captured.insert(result.position).inserted else {
                    throw .invalidRequest(field: "captures", reason: "'\(result.position.name)' is captured twice")
                }
                let recordID = "\(result.position.name)"
                var record = position.record
                record.id = recordID
                records.append(record)
                // A companion's id names it within its position (`image`, `left-index`); the packet's id adds the
                // position's, so a slap's `left-index` never clashes with a single left-index capture.
                var companionIDs: Set<String> = []
                let companions = try position.companions.map { companion throws(BiocapError) -> PacketRecord in
                    var companion = companion
                    companion.id = "\(recordID)-\(companion.id)"
                    guard companionIDs.insert(companion.id).inserted else {
                        throw .invalidRequest(field: "captures", reason: "'\(companion.id)' is packed twice")
                    }
                    return companion
                }
                records += companions
                entries.append(CaptureEntry(
                    recordID: recordID, modality: result.position.modality, position: result.position,
                    quality: result.quality.score, belowThreshold: result.belowThreshold, device: result.device,
                    startedAt: result.startedAt, capturedAt: result.capturedAt, recordFormat: record.format,
                    recordSHA256: record.sha256Hex, recordSize: record.bytes.count,
                    companions: companions.isEmpty ? nil : companions.map(CompanionRecord.init),
                    segments: result.segmentation?.fingers))
            }
        }
        let exceptions = try BiometricException.consolidated((body.exceptions ?? []) + captures.flatMap(\.exceptions))
        for exception in exceptions where captured.contains(exception.position) {
            throw .invalidRequest(field: "exceptions", reason: "'\(exception.position.name)' is both captured and an exception")
        }
        let manifest = PacketManifest(
            packetID: packetID, enrolmentID: body.enrolmentID, operatorID: body.operatorID, kitID: kitID,
            createdAt: now, captures: entries, exceptions: exceptions)
        return CapturePacket(manifest: manifest, records: records)
    }

    private static func checkIdentifier(_ value: String, field: String) throws(BiocapError) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, value.count <= 128, !value.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw .invalidRequest(field: field, reason: "must be 1–128 printable characters")
        }
    }
}
