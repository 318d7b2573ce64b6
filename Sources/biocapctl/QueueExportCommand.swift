import ArgumentParser
import Foundation

/// `biocapctl queue export PACKET --out FILE [--format archive|an2]`: saves the packet archive (manifest + records),
/// or the packet as an ANSI/NIST-ITL 1-2011 transaction.
struct QueueExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Save a packet's archive (manifest and records), or its ANSI/NIST-ITL transaction, to a file.")

    /// What the file holds.
    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        /// The biocap packet archive (`.biocap`): manifest and every record.
        case archive
        /// An ANSI/NIST-ITL 1-2011 transaction (`.an2`) for an AFIS or civil registry.
        case an2

        var route: String { self == .archive ? "archive" : "transaction" }
    }

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Packet id.")
    var packet: String

    @Option(help: "File to write (e.g. PACKET.biocap, or PACKET.an2 with --format an2).")
    var out: String

    @Option(help: "archive (default: the packet archive) or an2 (an ANSI/NIST-ITL 1-2011 transaction).")
    var format: ExportFormat = .archive

    @Option(help: "With --format an2: 1.004 TOT, the receiver's type of transaction (default BIO).")
    var tot: String?

    @Option(help: "With --format an2: 1.007 DAI, the receiving agency's identifier (default CENTRE).")
    var destination: String?

    @Option(help: "With --format an2: 1.002 VER, 0500 (2011, default), 0501 or 0502 (Update:2013/2015).")
    var nistVersion: String?

    func validate() throws {
        if format != .an2, tot != nil || destination != nil || nistVersion != nil {
            throw ValidationError("--tot, --destination and --nist-version go with --format an2")
        }
    }

    /// The route, with the transaction's Type-1 values as its query.
    var path: String {
        let base = "/v1/packets/\(PathComponent.escape(packet))/\(format.route)"
        let query = [("tot", tot), ("dai", destination), ("version", nistVersion)].compactMap { name, value in
            value.map { "\(name)=\(PathComponent.escape($0))" }
        }
        return query.isEmpty ? base : base + "?" + query.joined(separator: "&")
    }

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get(path) }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIError(.failed, "cannot write \(out): \(error.localizedDescription)")
        }
        if options.json {
            struct Summary: Encodable { var packet: String; var file: String; var format: String; var bytes: Int }
            Console.out(bytes: Array(try JSONEncoder().encode(
                Summary(packet: packet, file: out, format: format.rawValue, bytes: bytes.count))))
        } else {
            Console.out("wrote \(out) (\(Format.bytes(bytes.count)))")
        }
    }
}
