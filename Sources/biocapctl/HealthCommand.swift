import ArgumentParser
import BiocapAPI

/// `biocapctl health`: is the daemon up, its version, devices and queue counts.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Check that biocapd answers; show version, devices and queue.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/health") }
        if options.json { return Console.out(bytes: bytes) }
        let health = try APIJSON.decoder.decodeDocument(HealthReport.self, bytes)
        Console.out("""
            biocapd \(health.version): \(health.status), up \(Format.duration(health.uptimeSeconds)), socket \(options.socketPath)
            devices: \(health.devices)
            queue: \(health.queue.pending) pending, \(health.queue.leased) leased, \(health.queue.done) done, \(health.queue.dead) dead
            """)
    }
}
