import ArgumentParser
import BiocapAPI
import Foundation

/// `biocapctl uplink`: delivery to the centre — `status` (the default) and `now`.
struct UplinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplink", abstract: "Show how packets reach the centre, or try at once.",
        subcommands: [UplinkStatusCommand.self, UplinkNowCommand.self], defaultSubcommand: UplinkStatusCommand.self)

    /// The status as lines an officer or technician reads.
    static func describe(_ status: UplinkStatus) -> String {
        guard status.configured else {
            return "uplink: not configured (packets wait in the queue: \(status.waitingPackets) waiting, \(Format.bytes(status.waitingBytes)))"
        }
        var lines = [
            "uplink: \(status.state)\(status.online.map { $0 ? ", store reachable" : ", store NOT reachable" } ?? "")",
            "store: \(status.endpoint ?? "?") bucket \(status.bucket ?? "?") folder \(status.kitFolder ?? "?")",
            "waiting: \(status.waitingPackets) packet(s), \(Format.bytes(status.waitingBytes))",
        ]
        for progress in status.sending {
            let percent = progress.totalBytes > 0 ? 100 * progress.sentBytes / progress.totalBytes : 0
            lines.append("sending: \(progress.packetID) \(percent)% (\(Format.bytes(progress.sentBytes)) of \(Format.bytes(progress.totalBytes)), "
                + "\(progress.objectsStored)/\(progress.objectsTotal) objects)")
        }
        lines.append("delivered since start: \(status.deliveredSinceStart) (\(Format.bytes(status.bytesSentSinceStart)))")
        lines.append("last success: \(Format.date(status.lastSuccessAt))\(status.lastDeliveredPacketID.map { " (\($0))" } ?? "")")
        if let error = status.lastError {
            lines.append("last error: \(error) (\(Format.date(status.lastErrorAt)))")
        }
        if let next = status.nextAttemptAt { lines.append("next attempt: \(Format.date(next)) (biocapctl uplink now tries at once)") }
        return lines.joined(separator: "\n")
    }
}

/// `biocapctl uplink status` (the default).
struct UplinkStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show whether the store is reachable, what waits, what is being sent.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/uplink") }
        if options.json { return Console.out(bytes: bytes) }
        Console.out(UplinkCommand.describe(try APIJSON.decoder.decodeDocument(UplinkStatus.self, bytes)))
    }
}

/// `biocapctl uplink now`: ends a wait between retries (also after a refusal, once the credentials are fixed).
struct UplinkNowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "now", abstract: "Try to deliver at once instead of waiting for the next retry.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.post("/v1/uplink/now") }
        if options.json { return Console.out(bytes: bytes) }
        let status = try APIJSON.decoder.decodeDocument(UplinkStatus.self, bytes)
        Console.out("uplink woken: \(status.waitingPackets) packet(s) waiting, \(Format.bytes(status.waitingBytes))")
    }
}
