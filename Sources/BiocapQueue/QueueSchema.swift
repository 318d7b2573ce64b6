import BiocapProtection
import BiocapRecords
import Foundation
import GRDB

/// The queue's tables and their named migrations. Identifiers are never renamed or reordered: a database
/// records which ones it has seen, and one it has not seen marks a newer or foreign schema.
enum QueueSchema {
    /// `PRAGMA application_id` of every queue database ("BIOQ"), so other programs' files are recognised.
    static let applicationID: Int32 = 0x4249_4F51

    static let tables: Set<String> = ["packets", "records", "packet_captures", "kit", "kit_retired_keys", "audit", "outbox_objects", "outbox_parts",
                                       "grdb_migrations"]

    /// The signing-key fingerprint the queue was sealed under, nil for a queue from before sealing (or a new file).
    static func recordedKitKey(_ db: Database) throws -> String? {
        guard try db.tableExists("kit") else { return nil }
        return try String.fetchOne(db, sql: "SELECT signing_key_sha256 FROM kit WHERE id = 1")
    }

    /// Identifiers of every migration this build knows.
    static var knownMigrations: Set<String> { Set(migrator(sealer: nil).migrations) }

    /// The migrations; the sealing migration needs the kit's keys (`sealer`), which only listing them can do without.
    static func migrator(sealer: PacketSealer?) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-packets") { db in
            try db.execute(sql: """
                CREATE TABLE packets (
                    packet_id      TEXT PRIMARY KEY NOT NULL,
                    enrolment_id   TEXT NOT NULL,
                    manifest       TEXT NOT NULL,
                    state          TEXT NOT NULL CHECK (state IN ('pending', 'leased', 'done', 'dead')),
                    attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    lease_token    TEXT,
                    lease_deadline REAL,
                    last_error     TEXT,
                    created_at     REAL NOT NULL,
                    updated_at     REAL NOT NULL,
                    done_at        REAL
                );
                CREATE TABLE records (
                    packet_id TEXT NOT NULL REFERENCES packets(packet_id) ON DELETE CASCADE,
                    ordinal   INTEGER NOT NULL,
                    record_id TEXT NOT NULL,
                    format    TEXT NOT NULL,
                    sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
                    size      INTEGER NOT NULL CHECK (size >= 0),
                    bytes     BLOB NOT NULL,
                    PRIMARY KEY (packet_id, record_id),
                    UNIQUE (packet_id, ordinal)
                );
                CREATE INDEX packets_by_state_created ON packets(state, created_at);
                CREATE INDEX packets_by_state_deadline ON packets(state, lease_deadline);
                CREATE INDEX packets_by_state_done ON packets(state, done_at);
                PRAGMA application_id = \(applicationID);
                """)
        }
        migrator.registerMigration("v2-manifest-digest") { db in
            try db.execute(sql: "ALTER TABLE packets ADD COLUMN manifest_sha256 TEXT")
            // Packets stored before the digest existed are sealed as they stand now.
            let rows = try Row.fetchAll(db, sql: "SELECT packet_id, enrolment_id, manifest FROM packets")
            for row in rows {
                let packetID: String = row["packet_id"], enrolmentID: String = row["enrolment_id"], manifest: String = row["manifest"]
                try db.execute(sql: "UPDATE packets SET manifest_sha256 = ? WHERE packet_id = ?", arguments: [
                    ManifestSeal.digest(packetID: packetID, enrolmentID: enrolmentID, manifestJSON: manifest), packetID,
                ])
            }
        }
        migrator.registerMigration("v3-submission-claims") { db in
            // A capture goes into at most one packet; a client's idempotency key names at most one packet.
            try db.execute(sql: """
                ALTER TABLE packets ADD COLUMN idempotency_key TEXT;
                ALTER TABLE packets ADD COLUMN request_sha256 TEXT;
                CREATE UNIQUE INDEX packets_by_idempotency_key ON packets(idempotency_key) WHERE idempotency_key IS NOT NULL;
                CREATE TABLE packet_captures (
                    capture_id TEXT PRIMARY KEY NOT NULL,
                    packet_id  TEXT NOT NULL REFERENCES packets(packet_id) ON DELETE CASCADE
                );
                CREATE INDEX packet_captures_by_packet ON packet_captures(packet_id);
                """)
        }
        migrator.registerMigration("v4-sealed-packets") { db in
            guard let sealer else { throw QueueError.invalidArgument(name: "keys", reason: "sealing the queue needs the kit's keys") }
            try db.execute(sql: """
                ALTER TABLE packets ADD COLUMN wrapped_key BLOB;
                ALTER TABLE packets ADD COLUMN manifest_sealed BLOB;
                ALTER TABLE packets ADD COLUMN manifest_signature BLOB;
                CREATE TABLE kit (
                    id                 INTEGER PRIMARY KEY CHECK (id = 1),
                    signing_key_sha256 TEXT NOT NULL,
                    chain_head         TEXT,
                    created_at         REAL NOT NULL,
                    needs_vacuum       INTEGER NOT NULL DEFAULT 0
                );
                """)
            try db.execute(sql: "INSERT INTO kit (id, signing_key_sha256, created_at) VALUES (1, ?, ?)",
                           arguments: [sealer.keys.signingFingerprint, Date().timeIntervalSince1970])
            try sealStoredPackets(db, sealer: sealer)
        }
        migrator.registerMigration("v5-audit") { db in
            try db.execute(sql: """
                CREATE TABLE audit (
                    seq             INTEGER PRIMARY KEY,
                    at              REAL NOT NULL,
                    event           TEXT NOT NULL,
                    details         TEXT NOT NULL,
                    previous_sha256 TEXT,
                    sha256          TEXT NOT NULL
                );
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
            let fingerprint = try String.fetchOne(db, sql: "SELECT signing_key_sha256 FROM kit WHERE id = 1") ?? ""
            try AuditLog.append(db, event: "kit-key-created", details: ["signingKeySHA256": fingerprint])
        }
        migrator.registerMigration("v6-key-rotation") { db in
            try db.execute(sql: """
                CREATE TABLE kit_retired_keys (
                    signing_key_sha256 TEXT PRIMARY KEY NOT NULL,
                    public_key         BLOB NOT NULL,
                    retired_at         REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v7-outbox") { db in
            // What the uplink has sealed for the centre and how far each object got, so a retry, a crash or a reboot
            // resends the same bytes and only what is missing. Deleted with the packet's ack (or purge).
            try db.execute(sql: """
                CREATE TABLE outbox_objects (
                    packet_id TEXT NOT NULL REFERENCES packets(packet_id) ON DELETE CASCADE,
                    ordinal   INTEGER NOT NULL,
                    name      TEXT NOT NULL,
                    sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
                    size      INTEGER NOT NULL CHECK (size >= 0),
                    bytes     BLOB NOT NULL,
                    upload_id TEXT,
                    stored    INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (packet_id, name),
                    UNIQUE (packet_id, ordinal)
                );
                CREATE TABLE outbox_parts (
                    packet_id   TEXT NOT NULL,
                    name        TEXT NOT NULL,
                    part_number INTEGER NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
                    upload_id   TEXT NOT NULL,
                    sha256      TEXT NOT NULL,
                    etag        TEXT NOT NULL,
                    PRIMARY KEY (packet_id, name, part_number),
                    FOREIGN KEY (packet_id, name) REFERENCES outbox_objects(packet_id, name) ON DELETE CASCADE
                );
                ALTER TABLE packets ADD COLUMN lease_holder TEXT;
                """)
        }
        migrator.registerMigration("v8-lease-index") { db in
            // Every lease first moves pending packets past maxAttempts to dead; on (state) alone that visited every
            // pending packet, so a lease got slower as the queue grew (10,000 waiting packets on a kit offline for
            // weeks). On (state, attempts) it visits only those past the limit.
            try db.execute(sql: "CREATE INDEX packets_by_state_attempts ON packets(state, attempts)")
        }
        return migrator
    }

    /// Seals, signs and chains packets an earlier release stored in the clear, oldest first, in the migration's
    /// transaction; their plain manifest and enrolment id columns are emptied (and, with `secure_delete`, zeroed).
    /// Delivered packets are erased at once (no data key kept).
    static func sealStoredPackets(_ db: Database, sealer: PacketSealer) throws {
        var head: String?
        let rows = try Row.fetchAll(db, sql: "SELECT packet_id, manifest, state FROM packets ORDER BY created_at, rowid")
        for row in rows {
            let packetID: String = row["packet_id"], state: String = row["state"]
            let plain: String = row["manifest"]
            let manifest = try ManifestCoding.decode(Data(plain.utf8))
            let dataKey = PacketCipher.newDataKey()
            let sealed = try sealer.sealManifest(manifest, previous: head, dataKey: dataKey)
            let records = try Row.fetchAll(db, sql: "SELECT ordinal, record_id, format, bytes FROM records WHERE packet_id = ?",
                                           arguments: [packetID])
            for record in records {
                let ordinal: Int = record["ordinal"], recordID: String = record["record_id"], format: String = record["format"]
                let bytes: Data = record["bytes"]
                let sealedBytes = try PacketCipher.sealRecord(bytes, key: dataKey, packetID: packetID, recordID: recordID,
                                                              ordinal: ordinal, format: format)
                try db.execute(sql: "UPDATE records SET bytes = ? WHERE packet_id = ? AND ordinal = ?",
                               arguments: [sealedBytes, packetID, ordinal])
            }
            try db.execute(sql: """
                UPDATE packets SET manifest = '', enrolment_id = '', manifest_sha256 = ?, manifest_sealed = ?,
                                   manifest_signature = ?, wrapped_key = ?
                WHERE packet_id = ?
                """, arguments: [sealed.manifestSHA256, sealed.sealedManifest, sealed.signature,
                                 state == "done" ? nil : sealed.wrappedKey, packetID])
            head = sealed.manifestSHA256
        }
        // The plain bytes now sit in freed pages and old page images: the file is rewritten (VACUUM) once the
        // migration has committed; the flag makes a start after a crash do it too.
        try db.execute(sql: "UPDATE kit SET chain_head = ?, needs_vacuum = ? WHERE id = 1", arguments: [head, rows.isEmpty ? 0 : 1])
    }

}
