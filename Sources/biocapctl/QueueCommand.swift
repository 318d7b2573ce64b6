import ArgumentParser

/// `biocapctl queue …`: the enrolment queue (counts, packets, leases, export).
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Inspect and operate the enrolment queue.",
        subcommands: [
            QueueStatsCommand.self, QueueListCommand.self, QueueShowCommand.self, QueueLeaseCommand.self,
            QueueAckCommand.self, QueueNackCommand.self, QueueExportCommand.self, QueuePurgeCommand.self,
        ])
}
