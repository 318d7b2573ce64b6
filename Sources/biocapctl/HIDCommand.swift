import ArgumentParser

/// `biocapctl hid`: offline tools for HID pen digitizers (no daemon, no device).
struct HIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hid", abstract: "Offline tools for HID pen tablets: describe a report descriptor, decode a recording.",
        subcommands: [HIDDescribeCommand.self, HIDDecodeCommand.self])
}
