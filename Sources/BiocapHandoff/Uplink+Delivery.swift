import BiocapAPI
import BiocapQueue
import BiocapRecords
import Crypto
import Foundation

extension Uplink {
    /// How many times one request is tried before the link counts as down (with backoff and full jitter between).
    static let triesPerRequest = 4

    /// Publishes the kit's signing public key: `kit.pem` once (the first key; never overwritten) and
    /// `keys/<sha256>.pem` for the key that signs now, so manifests signed after a rotation still name a key.
    func publishKitKey() async throws(S3Error) {
        let keys = queue.keys
        let pem = Array(keys.signingPublicKeyPEM.utf8)
        let metadata = ["sha256": SigV4Signer.hex(SHA256.hash(data: pem))]
        for key in [configuration.layout.kitKey(kitID), configuration.layout.kitFolder(kitID) + "keys/\(keys.signingFingerprint).pem"] {
            do {
                try await retrying("publish \(key)") { () throws(S3Error) in try await self.client.put(pem, key: key, metadata: metadata) }
            } catch .alreadyExists {
                continue  // kit.pem of the first key, or this key published before
            }
        }
        logger.info("uplink: kit key \(keys.signingFingerprint.prefix(16)) published under \(configuration.layout.kitFolder(kitID))")
    }

    /// Seals (or finds staged) and uploads one leased packet, then acks it.
    func deliver(_ lease: Lease) async throws(DeliveryFailure) {
        let packetID = lease.packetID
        var objects = try await stagedObjects(lease)
        let total = objects.reduce(0) { $0 + $1.size }
        func progress() {
            let stored = objects.filter(\.stored)
            sending[packetID] = UplinkProgress(packetID: packetID, sentBytes: stored.reduce(0) { $0 + $1.size }, totalBytes: total,
                                               objectsStored: stored.count, objectsTotal: objects.count)
        }
        state = "sending"
        progress()
        let folder = configuration.layout.packetFolder(kitID: kitID, packetID: packetID)
        for index in objects.indices where !objects[index].stored {
            let object = objects[index]
            if object.size > configuration.multipartThreshold {
                try await uploadMultipart(object, packetID: packetID, key: folder + object.name)
            } else {
                try await uploadSingle(object, packetID: packetID, key: folder + object.name)
            }
            do { try await queue.markStored(packetID: packetID, name: object.name) } catch { throw .queue("\(error)") }
            objects[index].stored = true
            bytesSent += object.size
            progress()
        }
        // manifest.sig, the commit marker, is stored: the centre may ingest the packet. Only now is it acked.
        do { try await queue.ack(packetID: packetID, leaseToken: lease.token) } catch { throw .queue("\(error)") }
        sending[packetID] = nil
        noteSuccess(packetID: packetID)
        logger.info("uplink: packet \(packetID) delivered (\(objects.count) objects, \(total) bytes) to \(folder)")
    }

    /// The packet's staged objects, sealing and staging them first if this is its first attempt.
    func stagedObjects(_ lease: Lease) async throws(DeliveryFailure) -> [OutboxObject] {
        let packetID = lease.packetID
        do {
            let staged = try await queue.outbox(packetID: packetID)
            if !staged.isEmpty { return staged }
        } catch {
            throw .queue("\(error)")
        }
        let packet: CapturePacket, signed: (manifest: Data, signature: Data)
        do {
            packet = try await queue.packet(id: packetID)
            signed = try await queue.signedManifest(id: packetID)
        } catch {
            if case .corrupt = error { throw .packet("\(error)") }
            throw .queue("\(error)")
        }
        let objects: [(name: String, bytes: Data)]
        do {
            objects = try DeliverySealer.objects(packet: packet, packetManifest: signed.manifest, manifestSignature: signed.signature,
                                                 keys: queue.keys, kitID: kitID, center: configuration.centerKey)
        } catch {
            throw .packet(error.description)
        }
        do {
            return try await queue.stage(packetID: packetID, leaseToken: lease.token, objects: objects)
        } catch {
            throw .queue("\(error)")
        }
    }

    func uploadSingle(_ object: OutboxObject, packetID: String, key: String) async throws(DeliveryFailure) {
        let bytes: Data
        do { bytes = try await queue.outboxBytes(packetID: packetID, name: object.name) } catch { throw .queue("\(error)") }
        guard SigV4Signer.hex(SHA256.hash(data: bytes)) == object.sha256 else {
            throw .packet("the staged \(object.name) no longer matches its SHA-256 (the kit's disk damaged it); it is not sent")
        }
        await pace(bytes.count)
        do {
            try await retrying("PUT \(key)") { () throws(S3Error) in
                try await self.client.put(Array(bytes), key: key, metadata: ["sha256": object.sha256])
            }
        } catch .alreadyExists {
            try await confirmExisting(object, key: key)
        } catch {
            throw Self.classify(error)
        }
    }

    /// A 412: the key exists. Delivered before (a retry after a lost answer) when its SHA-256 is ours; anything else is
    /// quarantined — never overwritten — and reported.
    func confirmExisting(_ object: OutboxObject, key: String) async throws(DeliveryFailure) {
        let metadata: [String: String]
        do {
            metadata = try await retrying("HEAD \(key)") { () throws(S3Error) in try await self.client.head(key: key) }
        } catch {
            throw Self.classify(error)
        }
        guard metadata["sha256"] == object.sha256 else {
            throw .packet("\(key) already exists in the store with different content (sha256 \(metadata["sha256"] ?? "not recorded"), "
                + "ours \(object.sha256)); quarantined: not overwritten, the centre must look at it")
        }
        logger.info("uplink: \(key) was already stored (same SHA-256)")
    }

    func uploadMultipart(_ object: OutboxObject, packetID: String, key: String) async throws(DeliveryFailure) {
        var uploadID = object.uploadID
        if uploadID == nil {
            // Parts are checked by the store one by one; the whole object is checked here once, before the first.
            do {
                let bytes = try await queue.outboxBytes(packetID: packetID, name: object.name)
                guard SigV4Signer.hex(SHA256.hash(data: bytes)) == object.sha256 else {
                    throw DeliveryFailure.packet("the staged \(object.name) no longer matches its SHA-256 (the kit's disk damaged it); it is not sent")
                }
            } catch let error as DeliveryFailure {
                throw error
            } catch {
                throw .queue("\(error)")
            }
            // A multipart upload cannot say If-None-Match everywhere; look first so nothing is overwritten.
            do {
                _ = try await retrying("HEAD \(key)") { () throws(S3Error) in try await self.client.head(key: key) }
                try await confirmExisting(object, key: key)
                return
            } catch S3Error.notFound {
            } catch let error as DeliveryFailure {
                throw error
            } catch let error as S3Error {
                throw Self.classify(error)
            } catch {
                throw .queue("\(error)")
            }
            do {
                let created = try await retrying("CreateMultipartUpload \(key)") { () throws(S3Error) in
                    try await self.client.createMultipartUpload(key: key, metadata: ["sha256": object.sha256])
                }
                try await queue.setUploadID(created, packetID: packetID, name: object.name)
                uploadID = created
            } catch let error as S3Error {
                throw Self.classify(error)
            } catch {
                throw .queue("\(error)")
            }
        }
        guard let uploadID else { return }
        let partSize = configuration.partSize
        let count = (object.size + partSize - 1) / partSize
        var done: [Int: OutboxPart]
        do {
            done = Dictionary(try await queue.parts(packetID: packetID, name: object.name).map { ($0.partNumber, $0) }) { $1 }
        } catch {
            throw .queue("\(error)")
        }
        if !done.isEmpty { logger.info("uplink: resuming \(key): \(done.count) of \(count) parts already stored") }
        do {
            for number in 1...max(count, 1) where done[number] == nil {
                let offset = (number - 1) * partSize
                let bytes = try await queue.outboxBytes(packetID: packetID, name: object.name, offset: offset,
                                                        length: min(partSize, object.size - offset))
                await pace(bytes.count)
                let part = try await retrying("UploadPart \(number) of \(key)") { () throws(S3Error) in
                    try await self.client.uploadPart(Array(bytes), key: key, uploadID: uploadID, partNumber: number)
                }
                let stored = OutboxPart(partNumber: number, uploadID: uploadID, sha256: part.sha256, etag: part.etag)
                try await queue.recordPart(stored, packetID: packetID, name: object.name)
                done[number] = stored
                logger.info("uplink: part \(number)/\(count) of \(key) stored")
            }
            let parts = done.values.map { S3Client.CompletedPart(partNumber: $0.partNumber, etag: $0.etag, sha256: $0.sha256) }
            try await retrying("CompleteMultipartUpload \(key)") { () throws(S3Error) in
                try await self.client.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
            }
        } catch S3Error.noSuchUpload {
            // The upload expired (the bucket's lifecycle rule) or was completed by a run that died before recording it.
            do {
                let metadata = try await client.head(key: key)
                if metadata["sha256"] == object.sha256 { return }
            } catch {}
            logger.warning("uplink: the multipart upload of \(key) is gone; starting it again")
            do { try await queue.setUploadID(nil, packetID: packetID, name: object.name) } catch { throw .queue("\(error)") }
            var restarted = object
            restarted.uploadID = nil
            try await uploadMultipart(restarted, packetID: packetID, key: key)
        } catch let error as S3Error {
            throw Self.classify(error)
        } catch let error as DeliveryFailure {
            throw error
        } catch {
            throw .queue("\(error)")
        }
    }

    /// Runs one request, retrying timeouts, lost connections, 5xx and damaged bodies with backoff and full jitter; a
    /// 403 is tried once more (the clock may just have been corrected from the store's `Date`).
    func retrying<T: Sendable>(_ what: String, _ operation: @Sendable () async throws(S3Error) -> T) async throws(S3Error) -> T {
        let policy = RetryPolicy(initial: configuration.retryInitial, maximum: configuration.retryMax)
        var failures = 0
        var refusals = 0
        while true {
            do {
                let value = try await operation()
                online = true
                return value
            } catch {
                switch error {
                case .alreadyExists, .notFound, .noSuchUpload: throw error
                case .refused:
                    refusals += 1
                    if refusals > 1 { throw error }
                case .badDigest:
                    logger.warning("uplink: \(what): the store received damaged bytes (checksum mismatch); sending again")
                    failures += 1
                case .transport, .server:
                    failures += 1
                }
                // The operator sees the trouble at once, not only after the last try, and a refusal with its hint (the
                // credentials, the store's policy) even while the next round tries again.
                note(failure: "\(what): \(Self.classify(error))", online: Self.reached(error))
                if failures >= Self.triesPerRequest || Task.isCancelled { throw error }
                let delay = refusals > 0 && failures == 0 ? .zero : policy.delay(afterFailures: failures)
                logger.info("uplink: \(what) failed (\(error)); retrying in \(String(format: "%.2f", delay.secondsValue)) s")
                try? await Task.sleep(for: delay)
            }
        }
    }

    static func classify(_ error: S3Error) -> DeliveryFailure {
        switch error {
        case .refused: .refused(error)
        case .alreadyExists, .notFound, .noSuchUpload, .badDigest, .transport, .server: .link(error)
        }
    }

    /// The bandwidth cap: waits until `bytes` may start so the average rate stays at most `maxBytesPerSecond`.
    func pace(_ bytes: Int) async {
        guard let cap = configuration.maxBytesPerSecond else { return }
        let now = ContinuousClock.now
        let start = max(now, paceNext)
        paceNext = start + .milliseconds(Int64(Double(bytes) / Double(cap) * 1000))
        if start > now { try? await Task.sleep(until: start, clock: .continuous) }
    }
}
