import ArgumentParser
import BiocapAPI

/// `biocapctl health`: is the daemon up, its version, devices and queue counts.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Check that biocapd answers; show version, devices and queue.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/health") }
        let health = try APIJSON.decoder.decodeDocument(HealthReport.self, bytes)
        if options.json {
            Console.out(bytes: bytes)
        } else {
            Console.out("""
                biocapd \(health.version): \(health.status), up \(Format.duration(health.uptimeSeconds)), socket \(options.socketPath)
                devices: \(health.devices)
                queue: \(health.queue.map { "\($0.pending) pending, \($0.leased) leased, \($0.done) done, \($0.dead) dead" } ?? "unreadable")
                """)
            for problem in health.problems ?? [] { Console.out("problem: \(problem)") }
        }
        // Scripts and monitoring read the exit status: a degraded daemon is not healthy.
        guard health.status == "ok" else { throw CLIError(.failed, "biocapd is \(health.status)") }
    }
}
