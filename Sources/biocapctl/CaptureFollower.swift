import BiocapAPI
import BiocapCore
import Foundation

/// Follows a running capture's Server-Sent Events until it finishes, printing one line per scored frame.
struct CaptureFollower: Sendable {
    let client: DaemonClient
    let capture: CaptureInfo
    let printsProgress: Bool

    /// The finished capture and its JSON document as the daemon sent it.
    func follow() async throws -> (info: CaptureInfo, document: [UInt8]) {
        let path = "/v1/captures/\(PathComponent.escape(capture.id))/events"
        let response = try await client.stream(path, timeout: .seconds(Int64(capture.timeoutSeconds.rounded(.up)) + 120))
        var parser = ServerSentEventParser()
        do {
            for try await chunk in response.body {
                for event in parser.feed(chunk.readableBytesView) {
                    switch event.name {
                    case "progress":
                        guard printsProgress,
                              let progress = try? APIJSON.decoder.decode(CaptureProgressEvent.self, from: Data(event.data.utf8))
                        else { continue }
                        Console.out(Self.progressLine(progress))
                    case "finished":
                        let document = Array(event.data.utf8)
                        return (try APIJSON.decoder.decodeDocument(CaptureInfo.self, document), document)
                    default:
                        continue
                    }
                }
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw client.transportFailure(error)
        }
        return try await pollUntilFinished()
    }

    /// The event stream ended without `finished` (e.g. the daemon restarted the stream): ask directly.
    private func pollUntilFinished() async throws -> (info: CaptureInfo, document: [UInt8]) {
        while true {
            try Task.checkCancellation()
            let document = try await client.get("/v1/captures/\(PathComponent.escape(capture.id))")
            let info = try APIJSON.decoder.decodeDocument(CaptureInfo.self, document)
            if info.state != .running { return (info, document) }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// `frame 3 (1.2s)  right-index 37 (best 40): Press harder; Hold still`; for a signature `sample 240 (1.2s)  signature 55`.
    static func progressLine(_ progress: CaptureProgressEvent) -> String {
        let unit = progress.views.contains { $0.position == .signature } ? "sample" : "frame"
        let views = progress.views.map { view in
            var text = "\(view.position.name) \(view.score)"
            if let best = progress.bestScores[view.position.name], best != view.score { text += " (best \(best))" }
            if view.acceptable { text += " ok" }
            let advice = view.guidance.map(\.localized)
            if !advice.isEmpty { text += ": " + advice.joined(separator: "; ") }
            return text
        }
        return "\(unit) \(progress.frameIndex) (\(String(format: "%.1f", progress.elapsedSeconds))s)  " + views.joined(separator: "  |  ")
    }
}
