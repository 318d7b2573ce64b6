import BiocapSBI
import Logging
import ServiceLifecycle

/// The SBI listener as one of the daemon's services: serves until graceful shutdown.
struct SBIListener: Service {
    let server: SBIServer

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await server.run()
        }
    }
}
