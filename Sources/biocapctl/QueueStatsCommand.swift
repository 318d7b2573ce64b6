import ArgumentParser
import BiocapAPI

/// `biocapctl queue stats`: packet counts per state, oldest pending age, stored bytes.
struct QueueStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Packet counts per state.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/queue/stats") }
        if options.json { return Console.out(bytes: bytes) }
        let stats = try APIJSON.decoder.decodeDocument(QueueStatistics.self, bytes)
        var table = Table(["STATE", "PACKETS"])
        for state in PacketStatus.State.allCases { table.add([state.rawValue, "\(stats.count(state))"]) }
        table.add(["total", "\(stats.total)"])
        Console.out(table.render())
        Console.out("stored: \(Format.bytes(stats.totalBytes)); oldest pending: \(stats.oldestPendingAge.map { Format.duration($0) + " ago" } ?? "-")")
    }
}
