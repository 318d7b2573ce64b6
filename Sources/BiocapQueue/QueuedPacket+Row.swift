import Foundation
import GRDB

extension QueuedPacket {
    /// Selects the columns `init(row:)` reads, from `packets p`.
    static let selectSQL = """
        SELECT p.packet_id, p.enrolment_id, p.manifest, p.manifest_sha256, p.state, p.attempts, p.last_error,
               p.lease_deadline, p.created_at, p.updated_at, p.done_at,
               (SELECT count(*) FROM records r WHERE r.packet_id = p.packet_id) AS record_count,
               (SELECT coalesce(sum(r.size), 0) FROM records r WHERE r.packet_id = p.packet_id) AS total_bytes
        FROM packets p
        """

    /// Reads a row of `selectSQL`, checking its manifest seal (`QueueError.corrupt` when it does not hold).
    init(row: Row) throws {
        let packetID: String = try row.decode(forColumn: "packet_id")
        try ManifestSeal.verify(
            packetID: packetID, enrolmentID: try row.decode(forColumn: "enrolment_id"),
            manifestJSON: try row.decode(forColumn: "manifest"), stored: try row.decode(forColumn: "manifest_sha256"))
        let stateName: String = try row.decode(forColumn: "state")
        guard let state = PacketState(rawValue: stateName) else {
            throw QueueError.corrupt(
                packetID: (try? row.decode(forColumn: "packet_id")) ?? "?", reason: "unknown state '\(stateName)'")
        }
        func date(_ column: String) throws -> Date? {
            (try row.decode(Double?.self, forColumn: column)).map(Date.init(timeIntervalSince1970:))
        }
        self.init(
            packetID: try row.decode(forColumn: "packet_id"),
            enrolmentID: try row.decode(forColumn: "enrolment_id"),
            state: state,
            attempts: try row.decode(forColumn: "attempts"),
            recordCount: try row.decode(forColumn: "record_count"),
            totalBytes: try row.decode(forColumn: "total_bytes"),
            lastError: try row.decode(forColumn: "last_error"),
            leaseDeadline: try date("lease_deadline"),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0),
            updatedAt: try date("updated_at") ?? Date(timeIntervalSince1970: 0),
            doneAt: try date("done_at"))
    }
}
