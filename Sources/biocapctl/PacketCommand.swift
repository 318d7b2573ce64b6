import ArgumentParser

/// `biocapctl packet …`: capture packets.
struct PacketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packet", abstract: "Assemble capture packets.", subcommands: [PacketSubmitCommand.self])
}
