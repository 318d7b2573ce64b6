import BiocapProtection
import BiocapRecords
import Crypto
import Foundation
import GRDB
import Synchronization

/// The durable enrolment queue: capture packets stored whole in SQLite (WAL, `synchronous=FULL`), handed
/// to consumers with leases, acknowledged when uploaded, retried or set aside when they fail.
///
/// A `final class` rather than an actor: GRDB's `DatabasePool` already serialises writers and lets readers
/// run concurrently on their own connections (WAL), so an actor would only add a second queue in front of it.
/// The database operations are `async`: GRDB runs them on its own dispatch queues, so blocking SQLite and
/// fsync calls never occupy the cooperative thread pool. They may be called from any task; writes return
/// once SQLite has committed (and fsynced) them. Only `init` and `close` are synchronous.
public final class EnrolmentQueue: Sendable {
    /// The database file.
    public let path: String
    /// A failure (nack or expired lease) that brings `attempts` to this value sends the packet to `dead`.
    public let maxAttempts: Int

    let pool: DatabasePool
    let highWaterMark: QueueHighWaterMark
    /// Set when the queue opened with fewer packets than its high-water mark: packets were lost. Nil normally.
    public let lossAtOpen: QueueLoss?
    /// The last write's storage failure, cleared by the next successful write (see `writeProblems()`).
    let lastWriteFailure = Mutex<QueueError?>(nil)
    /// The current keys with the signing keys of earlier rotations; replaced by `rotateKeys(to:)`.
    let sealing: Mutex<PacketSealer>
    /// The kit's keys: every record and manifest is stored sealed with them, and every manifest signed.
    public var keys: KitKeys { sealing.withLock { $0.keys } }
    /// Signing public keys of earlier rotations (their manifests still verify).
    public var retiredSigningKeys: [Data] { sealing.withLock { $0.retired.map(\.rawRepresentation) } }
    var sealer: PacketSealer { sealing.withLock { $0 } }
    /// Where the keys live when the queue loaded them itself (`keys/` beside the database); nil when they were given.
    public let keyDirectory: String?

    /// Opens (creating if needed, with its directory) the queue database at `path` and brings its schema up to date,
    /// sealing any packets stored in the clear by an earlier release (one transaction: a crash leaves it undone,
    /// and the next start does it again).
    /// - Parameter keys: the kit's keys; by default loaded from (or created in) `keys/` beside the database.
    ///
    /// Throws `QueueError.notAQueueDatabase` for a file that is not SQLite or belongs to another program
    /// (such a file is never modified, beyond SQLite rolling back a crashed writer's hot journal), `kitKeyMismatch`
    /// when the queue was written under other keys (nothing is changed), `kitKey` when the keys cannot be loaded,
    /// `QueueError.readOnly`/`.diskFull`/`.storage` for IO problems.
    public init(path: String, maxAttempts: Int = 5, keys: KitKeys? = nil) throws(QueueError) {
        guard maxAttempts >= 1 else {
            throw .invalidArgument(name: "maxAttempts", reason: "must be at least 1, got \(maxAttempts)")
        }
        self.path = path
        self.maxAttempts = maxAttempts

        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: directory.path, reason: error.localizedDescription)
        }
        try QueueFileInspector.check(path: path)
        keyDirectory = keys == nil ? Self.defaultKeyDirectory(besideDatabase: path) : nil
        let keys: KitKeys = if let keys { keys } else { try Self.defaultKeys(besideDatabase: path) }

        var configuration = Configuration()
        configuration.label = "biocap-queue"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Durability of every acknowledged enqueue, also across power loss, is the point of this queue.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Deleted and overwritten content is zeroed, not left in free pages (erased packets, old plain rows).
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // 64 KiB pages (SQLite's largest): a packet is megabytes of sealed records, written once to the log and
            // once by the checkpoint; in 4 KiB pages that was about 2,200 writes per MiB, and the enqueue of a
            // demo-sized packet spent a fifth of its time in them (issue 12, scripts/bench-queue: median 51 → 40 ms). Small
            // commits (lease, ack) cost about 0.2 ms more. SQLite applies it only to a database not yet written:
            // a queue created before keeps its page size.
            try db.execute(sql: "PRAGMA page_size = 65536")
            // SQLite's default cache limit (2,000 KiB) is turned into a page count with the page size the connection
            // opened with (4 KiB); with 64 KiB pages and `synchronous = FULL` the writer then kept up to 482 pages,
            // 31.7 MiB, after its enqueues (reproduced with SQLite 3.40.1's C API alone; NORMAL stayed at 30 pages).
            // Stated again once the page size is known, the limit is 2 MiB whatever the page size.
            try db.execute(sql: "PRAGMA cache_size = -2048")
        }
        let opened = try StorageErrorMapping.run(path: path) {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // The key check comes before any migration: a queue written under other keys is not touched.
            if let recorded = try pool.read({ db in try QueueSchema.recordedKitKey(db) }), recorded != keys.signingFingerprint {
                try? pool.close()
                throw QueueError.kitKeyMismatch(path: path, expected: recorded, found: keys.signingFingerprint)
            }
            try QueueSchema.migrator(sealer: PacketSealer(keys: keys)).migrate(pool)
            // After sealing packets stored in the clear, rewrite the file so no plain page survives in it.
            if try pool.read({ db in try Bool.fetchOne(db, sql: "SELECT needs_vacuum FROM kit WHERE id = 1") }) == true {
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "VACUUM")
                    try db.execute(sql: "UPDATE kit SET needs_vacuum = 0 WHERE id = 1")
                    _ = try db.checkpoint(.truncate)
                }
            }
            let retired = try pool.read { db in try Data.fetchAll(db, sql: "SELECT public_key FROM kit_retired_keys ORDER BY retired_at") }
            return (pool, try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM packets") ?? 0 },
                    retired.compactMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) })
        }
        sealing = Mutex(PacketSealer(keys: keys, retired: opened.2))
        pool = opened.0
        let count = opened.1
        let highWaterMark = QueueHighWaterMark(databasePath: path)
        self.highWaterMark = highWaterMark
        if let expected = highWaterMark.read(), count < expected {
            lossAtOpen = QueueLoss(expected: expected, found: count)
            highWaterMark.setAside()
        } else {
            lossAtOpen = nil
        }
        highWaterMark.write(count)
    }

    /// Lets go of the connections' page caches and closes the idle read connections (they reopen on the next
    /// read). With 64 KiB pages, the reads of start-up left about 2 MiB cached across the pool that an idle
    /// daemon never reads again. Blocks until done (briefly: no reader is busy at start-up); any thread.
    public func releaseMemory() {
        pool.releaseMemory()
    }

    /// `releaseMemory` without waiting: each connection lets go once its current work is done. Any thread.
    public func releaseMemoryEventually() {
        pool.releaseMemoryEventually()
    }

    /// Moves everything from the write-ahead log into the database file and truncates the log, then closes
    /// the connections; later calls fail. Optional: deinit closes too (without the checkpoint).
    public func close() throws(QueueError) {
        try StorageErrorMapping.run(path: path) {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try pool.close()
        }
    }

    /// Validates `packet` and stores it with all its records in one transaction. Returns once committed
    /// (durable). Throws `invalidPacket` (nothing stored) or `duplicatePacket`. May be called from any task.
    @discardableResult
    public func enqueue(_ packet: CapturePacket, now: Date = Date()) async throws(QueueError) -> QueuedPacket {
        try await enqueue(packet, claims: PacketClaims(), now: now).packet
    }

    /// Validates `packet` and stores it with its records and its claims in one transaction; returns once
    /// committed (durable). When `claims` carries an idempotency key that already stored a packet, that packet
    /// comes back as `.replayed` if the request digest matches, and nothing is stored.
    ///
    /// Throws `invalidPacket` (nothing stored), `duplicatePacket`, `captureAlreadyPacked` (a claimed capture is
    /// in another packet) or `idempotencyKeyReused` (the key stored a packet from a different request). The
    /// checks and the insert are one write transaction, so concurrent submissions cannot both claim a capture.
    /// May be called from any task.
    public func enqueue(_ packet: CapturePacket, claims: PacketClaims, now: Date = Date()) async throws(QueueError) -> EnqueueOutcome {
        let digests = try PacketValidator.validate(packet)
        let packetID = packet.manifest.packetID
        // The records (megabytes) are sealed before the write transaction; the manifest, which names its
        // predecessor, inside it.
        let dataKey = PacketCipher.newDataKey()
        let sealedRecords: [Data]
        do { sealedRecords = try sealer.sealRecords(packet, dataKey: dataKey) } catch {
            throw .invalidPacket(packetID: packetID, reason: "the records cannot be sealed: \(error)")
        }
        let timestamp = now.timeIntervalSince1970
        let sealer = self.sealer
        let result = try await runWrite {
            try await pool.write { db -> (replayOf: String?, count: Int) in
                if let key = claims.idempotencyKey,
                   let earlier = try Self.idempotencyRecord(db, key: key) {
                    guard earlier.requestSHA256 == claims.requestSHA256 else {
                        throw QueueError.idempotencyKeyReused(key: key, packetID: earlier.packetID)
                    }
                    return (earlier.packetID, 0)
                }
                let exists = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM packets WHERE packet_id = ?)", arguments: [packetID])
                if exists == true { throw QueueError.duplicatePacket(packetID: packetID) }
                for captureID in claims.captureIDs {
                    if let owner = try String.fetchOne(
                        db, sql: "SELECT packet_id FROM packet_captures WHERE capture_id = ?", arguments: [captureID]) {
                        throw QueueError.captureAlreadyPacked(captureID: captureID, packetID: owner)
                    }
                }
                let previous = try String.fetchOne(db, sql: "SELECT chain_head FROM kit WHERE id = 1")
                let sealed = try sealer.sealManifest(packet.manifest, previous: previous, auditHead: try AuditLog.head(db), dataKey: dataKey)
                // The personal columns of the first schema stay empty: the manifest holds them, sealed.
                try db.execute(
                    sql: """
                        INSERT INTO packets (packet_id, enrolment_id, manifest, manifest_sha256, manifest_sealed, manifest_signature,
                                             wrapped_key, state, attempts, created_at, updated_at, idempotency_key, request_sha256)
                        VALUES (?, '', '', ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)
                        """,
                    arguments: [
                        packetID, sealed.manifestSHA256, sealed.sealedManifest, sealed.signature, sealed.wrappedKey,
                        timestamp, timestamp, claims.idempotencyKey, claims.requestSHA256,
                    ])
                for (ordinal, record) in packet.records.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO records (packet_id, ordinal, record_id, format, sha256, size, bytes)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            packetID, ordinal, record.id, record.format.rawValue, digests[ordinal],
                            record.bytes.count, sealedRecords[ordinal],
                        ])
                }
                for captureID in Set(claims.captureIDs) {
                    try db.execute(sql: "INSERT INTO packet_captures (capture_id, packet_id) VALUES (?, ?)",
                                   arguments: [captureID, packetID])
                }
                try db.execute(sql: "UPDATE kit SET chain_head = ? WHERE id = 1", arguments: [sealed.manifestSHA256])
                try AuditLog.append(db, event: "packet-stored", details: [
                    "packet": packetID, "operator": packet.manifest.operatorID, "records": String(packet.records.count),
                    "captures": claims.captureIDs.joined(separator: ","), "manifestSHA256": sealed.manifestSHA256,
                ])
                return (nil, try Int.fetchOne(db, sql: "SELECT count(*) FROM packets") ?? 0)
            }
        }
        if let earlier = result.replayOf { return .replayed(try await info(id: earlier)) }
        // Committed and fsynced in the write-ahead log; copy it into the database file now, so an acknowledged
        // packet depends on the log as briefly as possible. A checkpoint that cannot finish (a reader holds the
        // log) is not a failed enqueue: the next enqueue and `close()` checkpoint again.
        _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        highWaterMark.write(result.count)
        let totalBytes = packet.records.reduce(0) { $0 + $1.bytes.count }
        return .stored(QueuedPacket(
            packetID: packetID, enrolmentID: packet.manifest.enrolmentID, state: .pending, attempts: 0,
            recordCount: packet.records.count, totalBytes: totalBytes, lastError: nil, leaseDeadline: nil,
            createdAt: Date(timeIntervalSince1970: timestamp), updatedAt: Date(timeIntervalSince1970: timestamp),
            doneAt: nil))
    }

    /// The packet an idempotency key stored, if any. May be called from any task.
    public func idempotencyRecord(key: String) async throws(QueueError) -> IdempotencyRecord? {
        try await run { try await pool.read { db in try Self.idempotencyRecord(db, key: key) } }
    }

    private static func idempotencyRecord(_ db: Database, key: String) throws -> IdempotencyRecord? {
        try Row.fetchOne(db, sql: "SELECT packet_id, request_sha256 FROM packets WHERE idempotency_key = ?", arguments: [key])
            .map { IdempotencyRecord(packetID: $0["packet_id"], requestSHA256: $0["request_sha256"]) }
    }

    /// The stored packet, opened and re-verified: throws `corrupt` when any stored byte fails its authentication,
    /// its SHA-256, the manifest's digest or signature; `erased` once its key was destroyed (delivered);
    /// `notFound` for an unknown id. May be called from any task.
    public func packet(id packetID: String) async throws(QueueError) -> CapturePacket {
        let sealer = self.sealer
        let packet = try await run {
            try await pool.read { db -> CapturePacket? in
                guard let row = try Row.fetchOne(
                    db, sql: "SELECT manifest_sha256, manifest_sealed, manifest_signature, wrapped_key FROM packets WHERE packet_id = ?",
                    arguments: [packetID])
                else { return nil }
                let opened = try sealer.openManifest(packetID: packetID, row: row)
                let records = try Row.fetchAll(
                    db,
                    sql: "SELECT ordinal, record_id, format, sha256, bytes FROM records WHERE packet_id = ? ORDER BY ordinal",
                    arguments: [packetID])
                // Opened and re-hashed here, on GRDB's reader queue, not on the caller's task.
                return try StoredPacketDecoder.decode(packetID: packetID, manifest: opened.manifest, records: records) {
                    (row, ordinal, recordID, format) throws(QueueError) -> Data in
                    let sealed: Data
                    do { sealed = try row.decode(forColumn: "bytes") } catch {
                        throw .corrupt(packetID: packetID, reason: "record '\(recordID)' is damaged: \(error)")
                    }
                    return try sealer.openRecord(sealed, dataKey: opened.dataKey, packetID: packetID,
                                                 recordID: recordID, ordinal: ordinal, format: format)
                }
            }
        }
        guard let packet else { throw .notFound(packetID: packetID) }
        return packet
    }

    /// The exact stored bytes of a packet's manifest and their detached Ed25519 signature, as the kit signed them
    /// (verify with `openssl pkeyutl -verify -pubin -inkey kit.pem -rawin -in manifest.json -sigfile manifest.sig`).
    public func signedManifest(id packetID: String) async throws(QueueError) -> (manifest: Data, signature: Data) {
        let sealer = self.sealer
        let found = try await run {
            try await pool.read { db -> (Data, Data)? in
                guard let row = try Row.fetchOne(
                    db, sql: "SELECT manifest_sha256, manifest_sealed, manifest_signature, wrapped_key FROM packets WHERE packet_id = ?",
                    arguments: [packetID])
                else { return nil }
                let opened = try sealer.openManifest(packetID: packetID, row: row)
                return (opened.bytes, try row.decode(Data.self, forColumn: "manifest_signature"))
            }
        }
        guard let found else { throw .notFound(packetID: packetID) }
        return (found.0, found.1)
    }

    /// State, attempts and timestamps of one packet; `notFound` for an unknown id. May be called from any task.
    public func info(id packetID: String) async throws(QueueError) -> QueuedPacket {
        let sealer = self.sealer
        let found = try await run {
            try await pool.read { db in
                try Row.fetchOne(
                    db, sql: QueuedPacket.selectSQL + " WHERE p.packet_id = ?", arguments: [packetID]
                ).map { try QueuedPacket(row: $0, sealer: sealer) }
            }
        }
        guard let found else { throw .notFound(packetID: packetID) }
        return found
    }

    /// Packets (optionally only those in `state`), oldest first, at most `limit`. May be called from any task.
    public func list(state: PacketState? = nil, limit: Int = 100) async throws(QueueError) -> [QueuedPacket] {
        guard limit >= 0 else { throw .invalidArgument(name: "limit", reason: "must not be negative, got \(limit)") }
        let sealer = self.sealer
        return try await run {
            try await pool.read { db in
                let filter = state == nil ? "" : " WHERE p.state = :state"
                return try Row.fetchAll(
                    db, sql: QueuedPacket.selectSQL + filter + " ORDER BY p.created_at, p.rowid LIMIT :limit",
                    arguments: ["state": state?.rawValue, "limit": limit]
                ).map { try QueuedPacket(row: $0, sealer: sealer) }
            }
        }
    }

    static func defaultKeyDirectory(besideDatabase path: String) -> String {
        (URL(fileURLWithPath: path).deletingLastPathComponent().path as NSString).appendingPathComponent("keys")
    }

    /// The keys in `keys/` beside the database, created there on first use; a rotation cut short is finished or
    /// undone according to the key the database names.
    static func defaultKeys(besideDatabase path: String) throws(QueueError) -> KitKeys {
        // Unreadable is not "no key recorded": that would let new keys be made for a sealed queue.
        let expecting = FileManager.default.fileExists(atPath: path)
            ? try StorageErrorMapping.run(path: path) { try recordedKitKey(path) } : nil
        let directory = defaultKeyDirectory(besideDatabase: path)
        // A queue sealed under keys that are now missing must not get new ones made for it.
        if let recorded = expecting, !KitKeyStore.keysExist(directory: directory), !KitKeyStore.credentialsInUse() {
            throw .kitKey(.unreadable(path: directory, reason:
                "the queue was sealed under kit key \(recorded.prefix(16))…, but the key files are missing; restore them from the backup "
                    + "(new keys would leave every stored packet unreadable; nothing in the queue was changed)"))
        }
        do {
            return try KitKeyStore.loadOrCreate(directory: directory, expecting: expecting)
        } catch {
            throw .kitKey(error)
        }
    }

    /// The signing-key fingerprint a queue file names, read without changing it.
    static func recordedKitKey(_ path: String) throws -> String? {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        let reader = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? reader.close() }
        return try reader.read { db in try QueueSchema.recordedKitKey(db) }
    }

    /// Awaits a database operation, turning SQLite errors into `QueueError`s.
    func run<T>(_ body: () async throws -> T) async throws(QueueError) -> T {
        try await StorageErrorMapping.run(path: path, body)
    }

    /// Test hook: runs raw SQL on the writer connection (to tamper with rows or inject failures).
    func executeRawSQL(_ sql: String) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }
}
