import ArgumentParser
import BiocapAPI

/// `biocapctl queue purge`: deletes every delivered packet now (they are already crypto-erased), instead of at
/// the retention time. Pending, leased and dead packets are kept.
struct QueuePurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete delivered packets now (dead ones are kept).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.post("/v1/queue/purge") }
        if options.json { return Console.out(bytes: bytes) }
        let result = try APIJSON.decoder.decodeDocument(PurgeResult.self, bytes)
        Console.out("purged \(result.purged) delivered packet(s)")
    }
}
