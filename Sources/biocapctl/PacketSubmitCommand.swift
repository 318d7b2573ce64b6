import ArgumentParser
import BiocapAPI
import BiocapCore

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
        let bytes = try await DaemonClient.run(options) { try await $0.post("/v1/packets", json: body) }
        if options.json { return Console.out(bytes: bytes) }
        let packet = try APIJSON.decoder.decodeDocument(PacketStatus.self, bytes)
        Console.out("packet \(packet.packetID) \(packet.state.rawValue): \(packet.recordCount) records, \(Format.bytes(packet.totalBytes))")
    }
}
