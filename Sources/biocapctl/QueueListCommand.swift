import ArgumentParser
import BiocapAPI

/// `biocapctl queue list`: packets, newest first as the daemon orders them.
struct QueueListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List packets (optionally of one state).")

    @OptionGroup var options: GlobalOptions

    @Option(help: "pending, leased, done or dead.")
    var state: String?

    @Option(help: "At most this many packets (1–1000).")
    var limit: Int = 100

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1–1000") }
        if let state, PacketStatus.State(rawValue: state) == nil {
            throw ValidationError("--state must be one of \(PacketStatus.State.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        var path = "/v1/queue/packets?limit=\(limit)"
        if let state { path += "&state=\(state)" }
        let requestPath = path
        let bytes = try await DaemonClient.run(options) { try await $0.get(requestPath) }
        if options.json { return Console.out(bytes: bytes) }
        let list = try APIJSON.decoder.decodeDocument(PacketList.self, bytes)
        guard !list.packets.isEmpty else { return Console.out("no packets") }
        var table = Table(["PACKET", "ENROLMENT", "STATE", "ATTEMPTS", "RECORDS", "SIZE", "CREATED", "LAST ERROR"])
        for packet in list.packets {
            table.add([packet.packetID, packet.enrolmentID, packet.state.rawValue, "\(packet.attempts)", "\(packet.recordCount)",
                       Format.bytes(packet.totalBytes), Format.date(packet.createdAt), packet.lastError ?? ""])
        }
        Console.out(table.render())
    }
}
