import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapDeviceKit
import BiocapRecords
import Foundation
import Logging
import Synchronization

/// Starts captures on devices, tracks them until they are collected, and feeds their progress and
/// frames to subscribers (SSE, live preview). Captures run on their own tasks; this actor only holds
/// bookkeeping, so a slow device never blocks another device's capture.
public actor CaptureManager {
    /// Turns a capture result into its ISO record; runs on the capture's task.
    public typealias RecordPacking = @Sendable (CaptureResult) throws -> PacketRecord
    /// The records that go with a result's ISO record into a packet (a signature's image); runs on the capture's task.
    public typealias CompanionPacking = @Sendable (CaptureResult) throws -> [PacketRecord]
    /// Records an audit event (name, details without biometric data); awaited on this actor.
    public typealias Auditor = @Sendable (String, [String: String]) async -> Void

    private struct Job {
        var info: CaptureInfo
        var task: Task<Void, Never>?
        var positions: [CapturedPosition] = []
        let events: Broadcaster<CaptureEvent>
        let frames: Broadcaster<Frame>
        let live: LiveProgress
        /// Set when the capture is stopped from outside for a reason other than cancel (unplug).
        var abortReason: BiocapError?
        /// Finish and clear for a running signature capture.
        var commands: AsyncStream<SignatureSession.Command>.Continuation?
        /// Its images and records were dropped unpacked (too old, or to stay within the memory budget).
        var expired = false
        /// Bytes of image and record data held for the results (zero once packed).
        var retainedBytes: Int {
            positions.reduce(0) { total, position in
                let pixels = switch position.result.image {
                case .gray(let image): image.pixels.count
                case .rgb(let image): image.pixels.count
                }
                return total + pixels + position.recordBytes
            }
        }
    }

    /// Latest per-frame view scores, written from the capture task.
    final class LiveProgress: Sendable {
        private let state = Mutex<CaptureProgress?>(nil)
        func update(_ progress: CaptureProgress) { state.withLock { $0 = progress } }
        var snapshot: (views: [ViewScore], frames: Int) {
            state.withLock { latest in (latest?.views ?? [], latest.map { $0.frameIndex + 1 } ?? 0) }
        }
        /// The last progress reported, for a subscriber arriving mid-capture.
        var latest: CaptureProgress? { state.withLock { $0 } }
    }

    private var jobs: [String: Job] = [:]
    /// Previews with a stream of their own, by device id (see `preview(deviceID:position:count:)`).
    var previews: [String: (token: UUID, task: Task<Void, Never>)] = [:]
    private var finishedOrder: [String] = []
    var shuttingDown = false
    let devices: DeviceManager
    private let makeScorer: @Sendable () -> any FrameScoring
    private let pack: RecordPacking
    private let packCompanions: CompanionPacking
    private let renderSignature: @Sendable (SignatureTrace) -> CapturedImage
    private let logger: Logger
    private let keepFinished: Int
    private let keepBytes: Int
    private let expireAfter: Duration
    private var sweeper: Task<Void, Never>?
    private let auditor: Auditor?
    /// Image and record bytes held by finished captures that are not packed yet.
    public private(set) var retainedBytes = 0

    /// The default budget for finished captures' images and records: a few whole enrolments
    /// (a 4-4-2 enrolment holds about 16 MB) waiting to be packed.
    public static let defaultRetainedBytes = 64 << 20
    /// How long a finished capture's images and records wait to be packed by default.
    public static let defaultExpiry: Duration = .seconds(15 * 60)

    /// - Parameters:
    ///   - keepFinished: how many finished captures stay listed (oldest dropped first).
    ///   - keepBytes: how many bytes of images and records finished, unpacked captures may hold together; past
    ///     it the oldest are dropped (the newest capture is always kept). Packed captures hold none.
    ///   - expireAfter: how long after it finished an unpacked capture keeps its images and records.
    /// A dropped capture stays listed (until `keepFinished` pushes it out) and answers `captureExpired`.
    public init(
        devices: DeviceManager, makeScorer: @escaping @Sendable () -> any FrameScoring, pack: @escaping RecordPacking,
        packCompanions: @escaping CompanionPacking = { _ in [] },
        renderSignature: @escaping @Sendable (SignatureTrace) -> CapturedImage = SignatureDrawing.image,
        keepFinished: Int = 256, keepBytes: Int = CaptureManager.defaultRetainedBytes,
        expireAfter: Duration = CaptureManager.defaultExpiry, auditor: Auditor? = nil,
        logger: Logger = Logger(label: "biocap.captures")
    ) {
        self.devices = devices
        self.makeScorer = makeScorer
        self.pack = pack
        self.packCompanions = packCompanions
        self.renderSignature = renderSignature
        self.keepFinished = keepFinished
        self.keepBytes = keepBytes
        self.expireAfter = expireAfter
        self.auditor = auditor
        self.logger = logger
    }

    /// Starts a capture on a device (or the first ready device of the request's modality).
    /// - Parameter caller: who asked (the socket peer's uid), for the audit log.
    /// - Throws: `invalidRequest`, `notFound`, `deviceBusy`, `deviceDisconnected`, `shuttingDown`.
    public func start(deviceID: String?, request: CaptureRequest, caller: String? = nil) async throws(BiocapError) -> CaptureInfo {
        guard !shuttingDown else { throw .shuttingDown }
        try request.validate()
        let id: String
        if let deviceID { id = deviceID } else { id = try await devices.device(for: request.modality) }
        let status = try await devices.status(id)
        _ = try request.admit(on: status.descriptor)
        let device = try await devices.reserve(id)
        let captureID = UUID().uuidString.lowercased()
        let info = CaptureInfo(
            id: captureID, deviceID: id, modality: request.modality, positions: request.positions,
            threshold: request.threshold, timeoutSeconds: request.timeout.seconds, exceptions: request.exceptions,
            state: .running, startedAt: Date(), finishedAt: nil, framesScored: 0, latest: [], results: [], error: nil)
        let job = Job(info: info, events: Broadcaster(buffer: 64), frames: Broadcaster(buffer: 1), live: LiveProgress())
        jobs[captureID] = job
        let pack = self.pack, packCompanions = self.packCompanions
        let packed: @Sendable (CaptureResult) throws -> CapturedPosition = {
            CapturedPosition(result: $0, record: try pack($0), companions: try packCompanions($0))
        }
        if let pad = device as? any SignaturePad {
            let (commands, control) = AsyncStream<SignatureSession.Command>.makeStream()
            jobs[captureID]?.commands = control
            let session = SignatureSession(pad: pad, request: request, render: renderSignature)
            jobs[captureID]?.task = Task {
                let ending = await session.run(commands: commands, progress: { progress in
                    job.live.update(progress)
                    job.events.yield(.progress(progress))
                })
                await self.finish(captureID, Self.outcome(of: ending, packed: packed, device: id))
            }
        } else {
            let session = CaptureSession(device: device, request: request, makeScorer: makeScorer)
            jobs[captureID]?.task = Task {
                let outcome: Outcome
                do {
                    let results = try await session.run(
                        onFrame: { job.frames.yield($0) },
                        progress: { progress in
                            job.live.update(progress)
                            job.events.yield(.progress(progress))
                        })
                    outcome = .success(try results.map(packed))
                } catch let error as BiocapError {
                    outcome = .failure(error)
                } catch {
                    outcome = .failure(.deviceFailure(device: id, reason: "packing the record failed: \(error)"))
                }
                await self.finish(captureID, outcome)
            }
        }
        logger.info("capture started", metadata: ["capture": "\(captureID)", "device": "\(id)"])
        await auditor?("capture-started", [
            "capture": captureID, "device": id, "positions": request.positions.map(\.name).joined(separator: ","),
            "uid": caller ?? "-",
        ])
        return info
    }

    /// How a capture task ended: its packed positions, or an error — with what was kept for a signature the pad
    /// lost mid-way (`keeping`).
    enum Outcome: Sendable {
        case success([CapturedPosition])
        case failure(BiocapError, keeping: [CapturedPosition] = [])
    }

    private static func outcome(of ending: SignatureSession.Ending, packed: @Sendable (CaptureResult) throws -> CapturedPosition,
                                device: String) -> Outcome {
        do {
            switch ending {
            case .completed(let result): return .success([try packed(result)])
            case .interrupted(let error, let partial): return .failure(error, keeping: [try packed(partial)])
            case .failed(let error): return .failure(error)
            }
        } catch {
            return .failure(.deviceFailure(device: device, reason: "packing the record failed: \(error)"))
        }
    }

    private func finish(_ id: String, _ outcome: Outcome) async {
        guard var job = jobs[id] else { return }
        var outcome = outcome
        if case .failure(let error, let kept) = outcome {
            // Stopped from outside because the device went away: what a signer wrote is kept. Cancelled by the caller: dropped.
            if let reason = job.abortReason {
                outcome = .failure(reason, keeping: kept)
            } else if error == .cancelled {
                outcome = .failure(error)
            }
        }
        job.commands?.finish()
        job.commands = nil
        job.info.finishedAt = Date()
        job.info.framesScored = job.live.snapshot.frames
        job.info.latest = job.live.snapshot.views
        switch outcome {
        case .success(let positions):
            job.positions = positions
            job.info.state = .completed
            job.info.results = positions.map(Self.summary)
            await devices.release(job.info.deviceID)
        case .failure(let error, let kept):
            let reported: BiocapError = (error == .cancelled && shuttingDown) ? .shuttingDown : error
            job.info.state = error == .cancelled ? .cancelled : .failed
            job.info.error = CaptureInfo.Failure(code: reported.code, message: reported.description)
            job.positions = kept
            job.info.results = kept.map(Self.summary)
            await devices.release(job.info.deviceID, error: error)
        }
        jobs[id] = job
        job.frames.finish()
        job.events.finish(with: .finished(job.info))
        finishedOrder.append(id)
        retainedBytes += job.retainedBytes
        evictFinished()
        startSweeper()
        logger.info("capture finished", metadata: ["capture": "\(id)", "state": "\(job.info.state.rawValue)",
                                                   "error": "\(job.info.error?.code ?? "-")"])
        // A cancelled capture finishes on its cancelled task, where the queue's write would throw CancellationError and
        // the audit entry of the cancellation be lost: the entry is written from a task of its own.
        if let auditor {
            let details = [
                "capture": id, "device": job.info.deviceID, "state": job.info.state.rawValue, "error": job.info.error?.code ?? "-",
                "scores": job.info.results.map { "\($0.position.name)=\($0.score)" }.joined(separator: ","),
            ]
            await Task { await auditor("capture-finished", details) }.value
        }
    }

    /// Drops the oldest finished captures past the count limit, then the data of the oldest unpacked ones until
    /// it fits the byte budget (never the newest capture's).
    private func evictFinished() {
        while finishedOrder.count > keepFinished {
            let id = finishedOrder.removeFirst()
            if let job = jobs.removeValue(forKey: id) { retainedBytes -= job.retainedBytes }
        }
        for id in finishedOrder.dropLast() where retainedBytes > keepBytes {
            expire(id, reason: "memory")
        }
    }

    /// Drops the images and records of unpacked captures that finished more than `expireAfter` ago.
    public func expireStale(now: Date = Date()) {
        let limit = expireAfter.seconds
        for id in finishedOrder {
            guard let finished = jobs[id]?.info.finishedAt, now.timeIntervalSince(finished) >= limit else { continue }
            expire(id, reason: "age")
        }
    }

    private func expire(_ id: String, reason: String) {
        guard var job = jobs[id], !job.expired, job.info.packetID == nil, !job.positions.isEmpty else { return }
        let bytes = job.retainedBytes
        retainedBytes -= bytes
        job.positions = []
        job.expired = true
        jobs[id] = job
        logger.warning("finished capture expired before it was packed", metadata: [
            "capture": "\(id)", "limit": "\(reason)", "bytes": "\(bytes)"])
    }

    /// Checks for stale captures every few seconds while any finished capture holds data.
    private func startSweeper() {
        guard sweeper == nil else { return }
        let interval = min(expireAfter, .seconds(30))
        sweeper = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.expireStale()
            }
        }
    }

    /// Records that captures went into the stored packet `packetID`: their images and records are released
    /// (the packet holds the records) and `positions(_:)` answers `capturePacked` from now on.
    public func markPacked(_ ids: [String], packetID: String) {
        for id in ids {
            guard var job = jobs[id] else { continue }
            retainedBytes -= job.retainedBytes
            job.positions = []
            job.info.packetID = packetID
            jobs[id] = job
        }
    }

    /// Drops a finished capture's images and records now, unpacked: its results were handed over another way (an
    /// SBI client received them). The capture stays listed and answers `captureExpired` from now on.
    public func discard(_ id: String) {
        expire(id, reason: "handed over")
    }

    /// The capture's current view.
    public func info(_ id: String) throws(BiocapError) -> CaptureInfo {
        guard let job = jobs[id] else { throw .notFound(kind: "capture", id: id) }
        var info = job.info
        if info.state == .running {
            let live = job.live.snapshot
            info.latest = live.views
            info.framesScored = live.frames
        }
        return info
    }

    /// Every capture still held, newest first.
    public func list() -> [CaptureInfo] {
        jobs.keys.compactMap { try? info($0) }.sorted { $0.startedAt > $1.startedAt }
    }

    /// The latest progress (when the capture has scored anything yet), then progress events from now on, then the final
    /// state. A finished capture yields its final state at once.
    public func events(_ id: String) throws(BiocapError) -> AsyncStream<CaptureEvent> {
        guard let job = jobs[id] else { throw .notFound(kind: "capture", id: id) }
        guard job.info.state == .running else {
            return AsyncStream { continuation in
                continuation.yield(.finished(job.info))
                continuation.finish()
            }
        }
        return job.events.subscribe(startingWith: job.live.latest.map { .progress($0) })
    }

    /// Live frames of a running capture on a device, newest only; `nil` when none is running there.
    public func frames(onDevice deviceID: String) -> AsyncStream<Frame>? {
        jobs.values.first { $0.info.deviceID == deviceID && $0.info.state == .running }?.frames.subscribe()
    }

    /// Cancels a running capture and waits until it has stopped; a finished capture is returned as it is.
    public func cancel(_ id: String) async throws(BiocapError) -> CaptureInfo {
        guard let job = jobs[id] else { throw .notFound(kind: "capture", id: id) }
        job.task?.cancel()
        await job.task?.value
        return try info(id)
    }

    /// Ends a running signature capture now, keeping what was written (`signatureEmpty` if nothing was), and waits until
    /// it has finished.
    /// - Throws: `notFound`; `invalidRequest` when the capture is not a running signature capture.
    public func finishSignature(_ id: String) async throws(BiocapError) -> CaptureInfo {
        let job = try runningSignature(id)
        job.commands?.yield(.finish)
        await job.task?.value
        return try info(id)
    }

    /// Throws away what was written in a running signature capture and starts it over (the timeout starts again).
    /// - Throws: `notFound`; `invalidRequest` when the capture is not a running signature capture.
    public func clearSignature(_ id: String) throws(BiocapError) -> CaptureInfo {
        let job = try runningSignature(id)
        job.commands?.yield(.clear)
        return try info(id)
    }

    private func runningSignature(_ id: String) throws(BiocapError) -> Job {
        guard let job = jobs[id] else { throw .notFound(kind: "capture", id: id) }
        guard job.info.modality == .signature, job.info.state == .running, job.commands != nil else {
            throw .invalidRequest(field: "capture", reason: "capture \(id) is not a running signature capture (\(job.info.modality.rawValue), \(job.info.state.rawValue))")
        }
        return job
    }

    /// Ends the running capture on a device at once with `reason` (e.g. `deviceDisconnected` when it
    /// was unplugged) instead of waiting for its transfers to fail.
    public func abort(deviceID: String, reason: BiocapError) async {
        await stopPreview(deviceID: deviceID)
        guard let (id, job) = jobs.first(where: { $0.value.info.deviceID == deviceID && $0.value.info.state == .running }) else { return }
        jobs[id]?.abortReason = reason
        job.task?.cancel()
        await job.task?.value
    }

    /// The packed results of a completed capture.
    /// - Throws: `notFound`, `captureNotFinished` while it is not completed, `capturePacked` once it went
    ///   into a stored packet (409 in the API, both), `captureExpired` once its data was dropped unpacked (410).
    public func positions(_ id: String) throws(BiocapError) -> [CapturedPosition] {
        guard let job = jobs[id] else { throw .notFound(kind: "capture", id: id) }
        guard job.info.state == .completed || (job.info.state == .failed && !job.positions.isEmpty) else {
            throw .captureNotFinished(id: id, state: job.info.state.rawValue)
        }
        if let packetID = job.info.packetID { throw .capturePacked(id: id, packetID: packetID) }
        if job.expired { throw .captureExpired(id: id) }
        return job.positions
    }

    /// Stops accepting captures and ends running ones with `shuttingDown`.
    public func shutdown() async {
        shuttingDown = true
        sweeper?.cancel()
        let tasks = jobs.values.compactMap(\.task) + previews.values.map(\.task)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    private static func summary(_ position: CapturedPosition) -> CaptureInfo.PositionResult {
        let result = position.result
        return .init(position: result.position, score: result.quality.score, belowThreshold: result.belowThreshold,
                     guidance: result.quality.guidance, metrics: result.quality.metrics, width: result.image.width,
                     height: result.image.height, frameIndex: result.frameIndex,
                     recordFormat: position.record.format.rawValue, recordSize: position.record.bytes.count,
                     recordSHA256: position.record.sha256Hex)
    }
}
