import ArgumentParser
import BiocapAPI
import Foundation

/// `biocapctl audit`: the kit's audit log; `audit verify` checks its hash chain.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "List the kit's audit log, or verify its hash chain.",
        subcommands: [AuditListCommand.self, AuditVerifyCommand.self], defaultSubcommand: AuditListCommand.self)
}

/// `biocapctl audit list` (the default).
struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List audit entries, oldest first.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only entries at or after this time (ISO 8601, e.g. 2026-12-01T08:00:00Z).")
    var since: String?

    @Option(help: "At most this many entries (1–100000, default 1000).")
    var limit: Int = 1000

    func run() async throws {
        var query = "?limit=\(limit)"
        if let since { query += "&since=\(since.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? since)" }
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/audit\(query)") }
        if options.json { return Console.out(bytes: bytes) }
        let list = try APIJSON.decoder.decodeDocument(AuditList.self, bytes)
        let formatter = ISO8601DateFormatter()
        for entry in list.entries {
            let details = entry.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            Console.out("\(entry.seq)  \(formatter.string(from: entry.at))  \(entry.event)  \(details)")
        }
    }
}

/// `biocapctl audit verify`: exit 0 when the chain holds, 1 naming the first broken entry.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check the audit log's hash chain.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/audit/verify") }
        let result = try APIJSON.decoder.decodeDocument(AuditVerification.self, bytes)
        if options.json { Console.out(bytes: bytes) }
        guard result.intact else {
            throw CLIError(.failed, "the audit log breaks at entry \(result.brokenAt ?? 0): \(result.reason ?? "?")")
        }
        if !options.json { Console.out("audit log intact: \(result.entries) entries, head \(result.head ?? "-")") }
    }
}
