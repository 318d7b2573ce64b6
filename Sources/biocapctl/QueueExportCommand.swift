import ArgumentParser
import Foundation

/// `biocapctl queue export PACKET --out FILE`: saves the packet archive (manifest + records).
struct QueueExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Save a packet's archive (manifest and records) to a file.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Packet id.")
    var packet: String

    @Option(help: "File to write (e.g. PACKET.biocap).")
    var out: String

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/packets/\(PathComponent.escape(packet))/archive") }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIError(.failed, "cannot write \(out): \(error.localizedDescription)")
        }
        if options.json {
            struct Summary: Encodable { var packet: String; var file: String; var bytes: Int }
            Console.out(bytes: Array(try JSONEncoder().encode(Summary(packet: packet, file: out, bytes: bytes.count))))
        } else {
            Console.out("wrote \(out) (\(Format.bytes(bytes.count)))")
        }
    }
}
