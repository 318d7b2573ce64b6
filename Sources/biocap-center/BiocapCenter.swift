import ArgumentParser

/// `biocap-center`: the centre's side of the hand-off, for the people who run the central store. Makes the centre's
/// key pair, checks what kits delivered, and opens packets.
@main
struct BiocapCenter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "biocap-center",
        abstract: "The centre's side of biocap's hand-off: key pair, verification and opening of delivered packets.",
        discussion: "Format of what kits deliver: docs/handoff-format.md.",
        subcommands: [KeygenCommand.self, VerifyCommand.self, FetchCommand.self])
}
