import ArgumentParser

/// `biocapctl record`: ISO/IEC 19794 record files offline — inspect, encode an image, decode the images.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Inspect, write and read ISO/IEC 19794 record files offline; no daemon needed.",
        subcommands: [RecordInspectCommand.self, RecordEncodeCommand.self, RecordDecodeCommand.self])
}
