import BiocapCore
import BiocapQueue
import BiocapRecords
import BiocapService
import Foundation

/// The API's wrapper documents whose Swift types are internal to the daemon, mirrored for decoding.
/// (Element types — `DeviceStatus`, `CaptureInfo`, `QueuedPacket` … — are the daemon's own public types.)
enum APIDocuments {
    struct DeviceList: Decodable { var devices: [DeviceStatus] }

    struct SelfTest: Decodable { var passed: Bool; var report: DiagnosticReport }

    struct Health: Decodable {
        var status: String
        var version: String
        var uptimeSeconds: Double
        var devices: Int
        var queue: QueueSummary
    }

    /// One `progress` event of `GET /v1/captures/:id/events`.
    struct Progress: Decodable {
        var frameIndex: Int
        var elapsedSeconds: Double
        var views: [ViewScore]
        var bestScores: [String: Int]
    }

    struct PacketList: Decodable { var packets: [QueuedPacket] }

    struct LeaseList: Decodable { var leases: [Lease] }

    struct PacketDetail: Decodable { var packet: QueuedPacket; var manifest: PacketManifest }
}
