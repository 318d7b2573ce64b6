import BiocapSBI
import Logging
import ServiceLifecycle

/// The SBI listener as one of the daemon's services: serves until graceful shutdown.
struct SBIListener: Service {
    let server: SBIServer

    /// Ends without an error at graceful shutdown (the listener's task is cancelled then).
    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await server.run()
            }
        } catch is CancellationError {
            return
        }
    }
}
