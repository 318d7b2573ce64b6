import BiocapRecords
import Foundation
import GRDB

extension QueuedPacket {
    /// Selects the columns `init(row:sealer:)` reads, from `packets p`.
    static let selectSQL = """
        SELECT p.packet_id, p.manifest_sha256, p.manifest_sealed, p.manifest_signature, p.wrapped_key, p.state, p.attempts,
               p.last_error, p.lease_deadline, p.created_at, p.updated_at, p.done_at,
               (SELECT count(*) FROM records r WHERE r.packet_id = p.packet_id) AS record_count,
               (SELECT coalesce(sum(r.size), 0) FROM records r WHERE r.packet_id = p.packet_id) AS total_bytes
        FROM packets p
        """

    /// Reads a row of `selectSQL`, opening and checking its sealed manifest for the enrolment id
    /// (`QueueError.corrupt` when it does not hold). A packet whose key was destroyed (delivered) shows an empty
    /// enrolment id and `erased`.
    init(row: Row, sealer: PacketSealer) throws {
        let packetID: String = try row.decode(forColumn: "packet_id")
        let (enrolmentID, erased) = try Self.enrolment(of: packetID, row: row, sealer: sealer)
        let stateName: String = try row.decode(forColumn: "state")
        guard let state = PacketState(rawValue: stateName) else {
            throw QueueError.corrupt(packetID: packetID, reason: "unknown state '\(stateName)'")
        }
        func date(_ column: String) throws -> Date? {
            (try row.decode(Double?.self, forColumn: column)).map(Date.init(timeIntervalSince1970:))
        }
        self.init(
            packetID: packetID,
            enrolmentID: enrolmentID,
            state: state,
            attempts: try row.decode(forColumn: "attempts"),
            recordCount: try row.decode(forColumn: "record_count"),
            totalBytes: try row.decode(forColumn: "total_bytes"),
            lastError: try row.decode(forColumn: "last_error"),
            leaseDeadline: try date("lease_deadline"),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0),
            updatedAt: try date("updated_at") ?? Date(timeIntervalSince1970: 0),
            doneAt: try date("done_at"),
            erased: erased ? true : nil)
    }

    /// The enrolment id from the sealed manifest, or ("", true) for an erased packet.
    private static func enrolment(of packetID: String, row: Row, sealer: PacketSealer) throws(QueueError) -> (String, Bool) {
        do {
            return (try sealer.openManifest(packetID: packetID, row: row).manifest.enrolmentID, false)
        } catch {
            if case .erased = error { return ("", true) }
            throw error
        }
    }
}
