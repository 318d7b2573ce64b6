import ArgumentParser
import BiocapAPI

/// `biocapctl queue show PACKET`: a packet's queue state and its manifest.
struct QueueShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one packet: state and manifest.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Packet id.")
    var packet: String

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/packets/\(PathComponent.escape(packet))") }
        if options.json { return Console.out(bytes: bytes) }
        let detail = try APIJSON.decoder.decodeDocument(PacketDetail.self, bytes)
        let info = detail.packet, manifest = detail.manifest
        var fields = Table(["FIELD", "VALUE"])
        fields.add(["packet", info.packetID])
        fields.add(["state", info.state.rawValue + (info.leaseDeadline.map { " until \(Format.date($0))" } ?? "")])
        fields.add(["attempts", "\(info.attempts)" + (info.lastError.map { " (last: \($0))" } ?? "")])
        fields.add(["enrolment", manifest.enrolmentID])
        fields.add(["operator", manifest.operatorID])
        fields.add(["kit", manifest.kitID])
        fields.add(["created", Format.date(manifest.createdAt)])
        fields.add(["size", "\(info.recordCount) records, \(Format.bytes(info.totalBytes))"])
        Console.out(fields.render())
        var records = Table(["RECORD", "POSITION", "QUALITY", "FORMAT", "SIZE", "DEVICE", "SHA-256"])
        for entry in manifest.captures {
            records.add([entry.recordID, entry.position.name, "\(entry.quality)\(entry.belowThreshold ? " (below)" : "")",
                         entry.recordFormat.rawValue, Format.bytes(entry.recordSize), entry.device.id, String(entry.recordSHA256.prefix(16)) + "…"])
            for companion in entry.companions ?? [] {
                records.add([companion.recordID, entry.position.name, "", companion.recordFormat.rawValue, Format.bytes(companion.recordSize),
                             entry.device.id, String(companion.recordSHA256.prefix(16)) + "…"])
            }
        }
        Console.out("")
        Console.out(records.render())
        for exception in manifest.exceptions {
            Console.out("exception: \(exception.position.name) \(exception.reason.rawValue)" + (exception.note.map { " (\($0))" } ?? ""))
        }
    }
}
