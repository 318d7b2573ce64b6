import ArgumentParser
import BiocapAPI
import Foundation

/// `biocapctl queue nack PACKET --token T`: gives a leased packet back (it is retried, or dead after too many).
struct QueueNackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nack", abstract: "Return a leased packet to the queue (a failed delivery).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Packet id.")
    var packet: String

    @Option(help: "The lease token 'queue lease' printed.")
    var token: String

    @Option(help: "Why the delivery failed.")
    var reason: String?

    func validate() throws {
        guard UUID(uuidString: token) != nil else { throw ValidationError("--token must be a lease token (a UUID)") }
    }

    func run() async throws {
        struct Body: Encodable { var leaseToken: String; var reason: String? }
        let body = Body(leaseToken: token, reason: reason)
        let bytes = try await DaemonClient.run(options) {
            try await $0.post("/v1/queue/packets/\(PathComponent.escape(packet))/nack", json: body)
        }
        if options.json { return Console.out(bytes: bytes) }
        let info = try APIJSON.decoder.decodeDocument(PacketStatus.self, bytes)
        Console.out("packet \(info.packetID): \(info.state.rawValue) after \(info.attempts) failed attempts")
    }
}
