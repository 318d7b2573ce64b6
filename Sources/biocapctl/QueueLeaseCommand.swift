import ArgumentParser
import BiocapAPI

/// `biocapctl queue lease`: takes packets as a consumer would (for testing an uploader by hand).
struct QueueLeaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lease", abstract: "Lease pending packets (prints their lease tokens).")

    @OptionGroup var options: GlobalOptions

    @Option(help: "At most this many packets (1–100).")
    var max: Int = 1

    @Option(name: .customLong("lease-seconds"), help: "Lease duration in seconds (1–86400).")
    var leaseSeconds: Double = 300

    func validate() throws {
        guard (1...100).contains(max) else { throw ValidationError("--max must be 1–100") }
        guard leaseSeconds.isFinite, (1...86_400).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be 1–86400") }
    }

    func run() async throws {
        struct Body: Encodable { var max: Int; var leaseSeconds: Double }
        let body = Body(max: max, leaseSeconds: leaseSeconds)
        let bytes = try await DaemonClient.run(options) { try await $0.post("/v1/queue/lease", json: body) }
        if options.json { return Console.out(bytes: bytes) }
        let list = try APIJSON.decoder.decodeDocument(LeaseList.self, bytes)
        guard !list.leases.isEmpty else { return Console.out("nothing pending") }
        var table = Table(["PACKET", "TOKEN", "DEADLINE", "ATTEMPTS"])
        for lease in list.leases {
            table.add([lease.packetID, lease.token.uuidString.lowercased(), Format.date(lease.deadline), "\(lease.attempts)"])
        }
        Console.out(table.render())
    }
}
