import ArgumentParser
import BiocapAPI
import Foundation

/// `biocapctl queue ack PACKET --token T`: marks a leased packet delivered.
struct QueueAckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge a leased packet (done).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Packet id.")
    var packet: String

    @Option(help: "The lease token 'queue lease' printed.")
    var token: String

    func validate() throws {
        guard UUID(uuidString: token) != nil else { throw ValidationError("--token must be a lease token (a UUID)") }
    }

    func run() async throws {
        struct Body: Encodable { var leaseToken: String }
        let body = Body(leaseToken: token)
        let bytes = try await DaemonClient.run(options) {
            try await $0.post("/v1/queue/packets/\(PathComponent.escape(packet))/ack", json: body)
        }
        if options.json { return Console.out(bytes: bytes) }
        let info = try APIJSON.decoder.decodeDocument(PacketStatus.self, bytes)
        Console.out("packet \(info.packetID): \(info.state.rawValue)")
    }
}
