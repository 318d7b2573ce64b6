import BiocapEngine
import Logging
import ServiceLifecycle

/// Runs first on shutdown: tells systemd we are stopping and ends in-flight captures with a
/// "shutting down" error, so the API server's open streams finish before it closes. While running it
/// pings the systemd watchdog.
struct ShutdownCoordinator: Service {
    let captures: CaptureManager
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        if let interval = notifier.watchdogInterval {
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    notifier.notify("WATCHDOG=1")
                    try? await Task.sleep(for: interval / 2)
                }
            }
        } else {
            try? await gracefulShutdown()
        }
        notifier.notify("STOPPING=1\nSTATUS=shutting down")
        logger.info("shutting down: ending captures")
        await captures.shutdown()
    }
}
