import BiocapRecords

/// Binds a stored packet's identity to its manifest: SHA-256 over the packet id, the `enrolment_id` column and
/// the manifest JSON exactly as stored. Written with the packet and checked on every read, as the records'
/// digests are, so a changed manifest or enrolment id is reported as `corrupt` instead of being served — a
/// packet must never go out under the wrong person.
enum ManifestSeal {
    static func digest(packetID: String, enrolmentID: String, manifestJSON: String) -> String {
        // NUL separates the fields: neither id may contain one (the assembler refuses it), so the
        // concatenation is unambiguous.
        RecordDigest.hex(of: Array(packetID.utf8) + [0] + Array(enrolmentID.utf8) + [0] + Array(manifestJSON.utf8))
    }

    /// Throws `corrupt` unless `stored` is the digest of the three fields.
    static func verify(packetID: String, enrolmentID: String, manifestJSON: String, stored: String?) throws(QueueError) {
        guard let stored else { throw .corrupt(packetID: packetID, reason: "the stored packet has no manifest digest") }
        guard digest(packetID: packetID, enrolmentID: enrolmentID, manifestJSON: manifestJSON) == stored else {
            throw .corrupt(packetID: packetID, reason: "the manifest or enrolment id changed after the packet was stored (digest mismatch)")
        }
    }
}
