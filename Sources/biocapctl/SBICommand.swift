import ArgumentParser

/// `biocapctl sbi …`: a technician's MOSIP SBI 0.9.5 client, for biocapd's SBI service or any vendor's.
struct SBICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbi",
        abstract: "Talk to a MOSIP SBI 0.9.5 device service on 127.0.0.1 (biocapd --sbi or a vendor's) and verify its answers.",
        discussion: """
            Exit codes: 0 ok and verified, 1 an answer failed verification or the device reported an error, \
            2 usage, 3 no SBI service answers.
            """,
        subcommands: [SBIDiscoverCommand.self, SBIInfoCommand.self, SBICaptureCommand.self, SBICertCommand.self])
}
