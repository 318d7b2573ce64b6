import AsyncHTTPClient
import BiocapAPI
import BiocapQueue
import Foundation
import Logging

/// Delivers the kit's packets to the centre's S3 store: leases them from the queue, seals them for the centre (staged
/// in the queue's outbox, so every retry sends the same bytes), uploads records first and the signed manifest last,
/// and acks only once the commit marker is stored. Store outages and 5xx are retried with backoff and full jitter
/// and never cost a packet an attempt; a refusal (403) stops the uplink until `wake()` or a restart.
///
/// An actor: `run()` is the service's body (returns when its task is cancelled); `status()` and `wake()` may be
/// called from any task.
public actor Uplink {
    public let configuration: UplinkConfiguration
    let queue: EnrolmentQueue
    let kitID: String
    nonisolated let client: S3Client
    let logger: Logger
    /// The lease holder name the daemon's uplink uses, so a restart frees what the last run held.
    public static let leaseHolder = "uplink"
    /// How long a packet stays leased to one attempt; an attempt that outlives it loses the packet to expiry.
    let leaseDuration: Duration = .seconds(3600)

    var state = "idle"
    var online: Bool?
    var sending: [String: UplinkProgress] = [:]
    var delivered = 0
    var bytesSent = 0
    var lastSuccessAt: Date?
    var lastDeliveredPacketID: String?
    var lastError: String?
    var lastErrorAt: Date?
    var nextAttemptAt: Date?
    /// Fingerprint of the signing key last published (a rotation publishes the new one).
    var publishedKey: String?
    var linkFailures = 0
    /// The bandwidth cap's schedule: when the next request's bytes may start.
    var paceNext = ContinuousClock.now
    private var napper: (number: Int, continuation: CheckedContinuation<Void, Never>)?
    private var napNumber = 0
    /// A wake that came while no nap was in progress: the next nap is skipped.
    private var wakePending = false

    /// Called on the uplink's actor after each packet delivered and acked (the daemon gives the memory the packet's
    /// reading, sealing and sending used back to the system then).
    let afterDelivery: @Sendable () -> Void

    /// - Parameters:
    ///   - http: the client for the store (`HTTPClient.shared` unless a CA file is configured).
    ///   - afterDelivery: called after each packet delivered and acked, on the uplink's actor.
    public init(configuration: UplinkConfiguration, queue: EnrolmentQueue, kitID: String, http: HTTPClient = .shared, logger: Logger,
                afterDelivery: @escaping @Sendable () -> Void = {}) {
        self.configuration = configuration
        self.queue = queue
        self.kitID = kitID
        self.logger = logger
        self.afterDelivery = afterDelivery
        client = S3Client(
            endpoint: configuration.endpoint, bucket: configuration.bucket,
            signer: SigV4Signer(accessKeyID: configuration.credentials.accessKeyID, secretAccessKey: configuration.credentials.secretAccessKey,
                                region: configuration.region),
            timeout: configuration.requestTimeout, http: http)
    }

    /// Tries at once: ends a wait between retries (also after a refusal) or between looks at the queue.
    public nonisolated func wake() {
        Task { await self.endNap(nil) }
    }

    /// The operator's view, with the queue's waiting packets and bytes.
    public func status() async -> UplinkStatus {
        let waiting = (try? await queue.waitingTotals()) ?? (packets: 0, bytes: 0)
        return UplinkStatus(
            configured: true, state: state, online: online, endpoint: configuration.endpoint.absoluteString, bucket: configuration.bucket,
            kitFolder: configuration.layout.kitFolder(kitID), waitingPackets: waiting.packets, waitingBytes: waiting.bytes,
            sending: sending.values.sorted { $0.packetID < $1.packetID }, deliveredSinceStart: delivered, bytesSentSinceStart: bytesSent,
            lastSuccessAt: lastSuccessAt, lastDeliveredPacketID: lastDeliveredPacketID, lastError: lastError, lastErrorAt: lastErrorAt,
            nextAttemptAt: nextAttemptAt)
    }

    /// Runs until the task is cancelled.
    public func run() async {
        logger.info("uplink to \(configuration.endpoint.absoluteString) bucket \(configuration.bucket) folder \(configuration.layout.kitFolder(kitID))")
        do {
            let released = try await queue.releaseLeases(holder: Self.leaseHolder)
            if released > 0 { logger.notice("uplink: \(released) packet(s) leased by the previous run are pending again") }
        } catch {
            logger.error("uplink: cannot release earlier leases: \(error)")
        }
        while !Task.isCancelled {
            let outcome = await round()
            switch outcome {
            case .idle:
                state = "idle"
                nextAttemptAt = nil
                await nap(configuration.poll)
            case .linkDown(let reason):
                linkFailures += 1
                let delay = RetryPolicy(initial: configuration.retryInitial, maximum: configuration.retryMax).delay(afterFailures: linkFailures)
                state = "retrying"
                nextAttemptAt = Date().addingTimeInterval(delay.secondsValue)
                logger.warning("uplink: \(reason); next try in \(String(format: "%.1f", delay.secondsValue)) s")
                await nap(delay)
            case .packetFailed:
                // Not the link's fault, but the same packet would come straight back: wait as after a failure.
                linkFailures += 1
                let delay = RetryPolicy(initial: configuration.retryInitial, maximum: configuration.retryMax).delay(afterFailures: linkFailures)
                state = "retrying"
                nextAttemptAt = Date().addingTimeInterval(delay.secondsValue)
                await nap(delay)
            case .refused(let reason):
                state = "refused"
                nextAttemptAt = Date().addingTimeInterval(configuration.retryMax.secondsValue)
                logger.error("uplink: \(reason); waiting for an operator (biocapctl uplink now tries again)")
                await nap(configuration.retryMax)
            }
        }
        state = "off"
    }

    enum RoundOutcome {
        case idle
        case packetFailed
        case linkDown(String)
        case refused(String)
    }

    /// Publishes the kit's key if needed, then delivers packets with `concurrency` workers until the queue has none
    /// pending or a worker finds the link down.
    func round() async -> RoundOutcome {
        let signingKey = queue.keys.signingFingerprint
        if publishedKey != signingKey {
            do {
                try await publishKitKey()
                publishedKey = signingKey
            } catch {
                if case .refused = error {
                    note(failure: "\(DeliveryFailure.refused(error))", online: true)
                    return .refused("\(DeliveryFailure.refused(error))")
                }
                note(failure: "\(error)", online: Self.reached(error))
                return .linkDown("\(error)")
            }
        }
        return await withTaskGroup(of: RoundOutcome.self) { group in
            for _ in 0..<configuration.concurrency {
                group.addTask { await self.work() }
            }
            var worst = RoundOutcome.idle
            for await outcome in group {
                switch (worst, outcome) {
                case (_, .refused): worst = outcome
                case (.idle, .linkDown), (.packetFailed, .linkDown): worst = outcome
                case (.idle, .packetFailed): worst = outcome
                default: break
                }
            }
            return worst
        }
    }

    /// One worker: leases and delivers packets one at a time until none is pending or the link fails.
    func work() async -> RoundOutcome {
        while !Task.isCancelled {
            let lease: Lease
            do {
                guard let next = try await queue.lease(max: 1, for: leaseDuration, holder: Self.leaseHolder).first else { return .idle }
                lease = next
            } catch {
                note(failure: "the kit's queue cannot lease a packet: \(error)", online: online)
                return .linkDown("the kit's queue cannot lease a packet: \(error)")
            }
            do {
                try await deliver(lease)
                linkFailures = 0
            } catch {
                sending[lease.packetID] = nil
                switch error {
                case .packet(let reason):
                    logger.error("uplink: packet \(lease.packetID) not delivered: \(reason)")
                    note(failure: "packet \(lease.packetID): \(reason)", online: true)
                    let state = try? await queue.nack(packetID: lease.packetID, leaseToken: lease.token, reason: reason)
                    if state == .dead { logger.error("uplink: packet \(lease.packetID) is dead after repeated failures: \(reason)") }
                    return .packetFailed
                case .link(let s3):
                    note(failure: "\(error)", online: Self.reached(s3))
                    try? await queue.release(packetID: lease.packetID, leaseToken: lease.token, reason: "\(error)")
                    return .linkDown("\(error)")
                case .refused:
                    note(failure: "\(error)", online: true)
                    try? await queue.release(packetID: lease.packetID, leaseToken: lease.token, reason: "\(error)")
                    return .refused("\(error)")
                case .queue(let reason):
                    note(failure: "\(error)", online: online)
                    try? await queue.release(packetID: lease.packetID, leaseToken: lease.token, reason: reason)
                    return .linkDown("\(error)")
                }
            }
        }
        return .idle
    }

    func note(failure: String, online: Bool?) {
        lastError = failure
        lastErrorAt = Date()
        if let online { self.online = online }
    }

    func noteSuccess(packetID: String) {
        delivered += 1
        lastSuccessAt = Date()
        lastDeliveredPacketID = packetID
        lastError = nil
        lastErrorAt = nil
        online = true
        state = sending.isEmpty ? "idle" : "sending"
        afterDelivery()
    }

    /// Whether an error came from a store that answered (as opposed to no answer at all).
    static func reached(_ error: S3Error) -> Bool {
        if case .transport = error { return false }
        return true
    }

    static func reached(_ error: DeliveryFailure) -> Bool {
        switch error {
        case .link(let s3): reached(s3)
        case .refused, .packet: true
        case .queue: false
        }
    }

    /// Sleeps for `duration` unless woken (`wake()`) or cancelled first.
    func nap(_ duration: Duration) async {
        if wakePending {
            wakePending = false
            return
        }
        napNumber += 1
        let number = napNumber
        let timer = Task { [weak self] in
            try? await Task.sleep(for: duration)
            await self?.endNap(number)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in napper = (number, continuation) }
        } onCancel: {
            Task { [weak self] in await self?.endNap(number) }
        }
        timer.cancel()
    }

    /// Ends nap `number` if it is still the one sleeping (a late timer must not end a later nap).
    func endNap(_ number: Int?) {
        guard let napper else {
            if number == nil { wakePending = true }
            return
        }
        guard number == nil || number == napper.number else { return }
        self.napper = nil
        napper.continuation.resume()
    }
}
