import BiocapEngine
import BiocapQueue
import Logging
import ServiceLifecycle

/// Keeps devices and the queue open for the daemon's lifetime; closes them last on shutdown,
/// after the API server has stopped.
struct CoreService: Service {
    let devices: DeviceManager
    let queue: EnrolmentQueue
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        await devices.closeAll()
        do { try queue.close() } catch { logger.error("closing the queue failed", metadata: ["error": "\(error)"]) }
        logger.info("devices and queue closed")
    }
}
