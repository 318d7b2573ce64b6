import ArgumentParser
import BiocapAPI
import BiocapCore
import Foundation

/// `biocapctl packet submit`: assembles finished captures into a packet and stores it in the queue.
struct PacketSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Assemble finished captures into a queued packet.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Enrolment id.")
    var enrolment: String

    @Option(name: .customLong("operator"), help: "Operator id.")
    var operatorID: String

    @Option(name: .customLong("capture"), help: "Id of a completed capture. Repeatable.")
    var captures: [String] = []

    @Option(name: .customLong("exception"), help: ArgumentHelp(ArgumentParsing.exceptionHelp, valueName: "POSITION=REASON"))
    var exceptions: [String] = []

    @Option(help: ArgumentHelp(
        "Key that makes a repeated submission return the stored packet instead of a second one (default: a new UUID; the command retries once with it when the connection drops).",
        valueName: "KEY"))
    var idempotencyKey: String?

    func validate() throws {
        guard !captures.isEmpty else { throw ValidationError("name at least one --capture") }
        do throws(CLIError) { _ = try parsedExceptions() } catch { throw ValidationError(error.message) }
    }

    func parsedExceptions() throws(CLIError) -> [BiometricException] {
        var parsed: [BiometricException] = []
        for text in exceptions { parsed.append(try ArgumentParsing.exception(text)) }
        return parsed
    }

    func run() async throws {
        let list = try parsedExceptions()
        let body = PacketRequestBody(enrolmentID: enrolment, operatorID: operatorID, captures: captures,
                                     exceptions: list.isEmpty ? nil : list)
        // A connection lost mid-request may have stored the packet: the retry with the same key gets that one back.
        let key = [("Idempotency-Key", idempotencyKey ?? UUID().uuidString.lowercased())]
        let bytes = try await DaemonClient.run(options) { client in
            do {
                return try await client.post("/v1/packets", json: body, headers: key)
            } catch let error as CLIError where error.status == .unreachable {
                try await Task.sleep(for: .seconds(1))
                return try await client.post("/v1/packets", json: body, headers: key)
            }
        }
        if options.json { return Console.out(bytes: bytes) }
        let packet = try APIJSON.decoder.decodeDocument(PacketStatus.self, bytes)
        Console.out("packet \(packet.packetID) \(packet.state.rawValue): \(packet.recordCount) records, \(Format.bytes(packet.totalBytes))")
    }
}
