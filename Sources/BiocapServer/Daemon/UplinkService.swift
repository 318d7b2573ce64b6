import AsyncHTTPClient
import BiocapHandoff
import ServiceLifecycle

/// Runs the uplink in the daemon's `ServiceGroup` until graceful shutdown; an upload in progress is cut off (its
/// packet stays staged and leased to the uplink, which frees it at the next start and sends only what is missing).
struct UplinkService: Service {
    let uplink: Uplink
    /// A client of its own (for a configured CA file) to shut down at the end, else nil.
    let ownedClient: HTTPClient?

    func run() async throws {
        await withGracefulShutdownHandler {
            await cancelWhenGracefulShutdown { await uplink.run() }
        } onGracefulShutdown: {}
        try? await ownedClient?.shutdown()
    }
}
