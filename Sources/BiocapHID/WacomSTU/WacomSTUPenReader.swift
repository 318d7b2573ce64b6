import BiocapCore
import BiocapDeviceKit

/// The read loop of one Wacom STU pen stream: interrupt-IN reports 0x01/0x34 become `PenPoint`s (other and short
/// reports are skipped); a timeout is an idle pen; any other transfer failure ends the stream with its `BiocapError`.
/// Runs on its own task, never on the pad's actor.
struct WacomSTUPenReader: Sendable {
    let transport: any USBTransport
    let endpoint: UInt8
    let geometry: PadGeometry

    func run(lease: StreamLease, device: String, into continuation: AsyncThrowingStream<PenPoint, any Error>.Continuation) async {
        defer { lease.end() }
        var clock = WacomSTUClock()
        let host = ContinuousClock()
        let started = host.now
        while !lease.isEnded, !Task.isCancelled {
            let report: [UInt8]
            do { report = try await transport.interruptRead(endpoint: endpoint, length: 64, timeout: WacomSTUPad.pollTimeout) } catch {
                switch error {
                case .timeout: continue
                case .cancelled:
                    continuation.finish()
                    return
                default:
                    continuation.finish(throwing: error.biocapError(device: device))
                    return
                }
            }
            guard let pen = WacomSTUReport.decodePen(report) else { continue }
            continuation.yield(point(pen, time: clock.time(timeCount: pen.timeCount, hostTime: host.now - started)))
        }
        continuation.finish()
    }

    func point(_ pen: WacomSTUReport.Pen, time: Duration) -> PenPoint {
        PenPoint(x: min(pen.x, geometry.width - 1), y: min(pen.y, geometry.height - 1), pressure: min(pen.pressure, geometry.pressureMaximum),
                 tip: pen.touching, inRange: pen.ready, time: time)
    }
}

/// Time since a stream's first report: the pad's 16-bit millisecond time count (its wrap-around undone) when the
/// report has one, else the host's.
struct WacomSTUClock: Sendable {
    private var lastCount: Int?
    private var elapsedMilliseconds: Int64 = 0
    private var firstHostTime: Duration?

    mutating func time(timeCount: Int?, hostTime: Duration) -> Duration {
        guard let timeCount else {
            let first = firstHostTime ?? hostTime
            firstHostTime = first
            return hostTime - first
        }
        if let lastCount {
            elapsedMilliseconds += Int64((timeCount - lastCount + 65_536) % 65_536)
        }
        lastCount = timeCount
        return .milliseconds(elapsedMilliseconds)
    }
}
