import ArgumentParser
import BiocapSBIProtocol
import Foundation
import NIOCore

/// `biocapctl sbi discover [--port N | --scan] [--type T]`: MOSIPDISC on one port, or on every port MOSIP's clients
/// scan (4501-4600, concurrently, short connect timeout), listing each device found.
struct SBIDiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover", abstract: "Find SBI devices (MOSIPDISC) on a port or on every port 4501-4600.")

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("The SBI service's port on 127.0.0.1 (default 4501).", valueName: "N"))
    var port: Int?

    @Flag(help: "Probe every port 4501-4600 and list every service found.")
    var scan = false

    @Option(help: ArgumentHelp("Device type to discover: 'Biometric Device' (all), Finger, Iris or Face.", valueName: "TYPE"))
    var type = "Biometric Device"

    /// One device found, as printed.
    struct Found: Codable {
        var port: Int
        var entry: SBIDiscoveryEntry
        var digitalId: SBIDigitalID?
    }

    mutating func validate() throws {
        if scan, port != nil { throw ValidationError("--port and --scan exclude each other") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1-65535, not \(port)") }
        guard SBIDiscoverRequest.types.contains(type) else {
            throw ValidationError("--type must be one of: \(SBIDiscoverRequest.types.map { "'\($0)'" }.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let type = self.type
        let found: [Found]
        if scan {
            found = try await SBIClient.run(connectTimeout: .milliseconds(500)) { client in
                try await withThrowingTaskGroup(of: [Found].self) { group in
                    for port in SBIConstants.portRange {
                        group.addTask {
                            guard let entries = try? await client.discover(port: port, type: type) else { return [] }
                            return entries.map { Found(port: port, entry: $0, digitalId: $0.decodedDigitalID) }
                        }
                    }
                    var all: [Found] = []
                    for try await part in group { all += part }
                    return all.sorted { ($0.port, $0.entry.deviceId ?? "") < ($1.port, $1.entry.deviceId ?? "") }
                }
            }
            if found.isEmpty {
                throw CLIError(.unreachable, "no SBI service answered MOSIPDISC on 127.0.0.1:\(SBIConstants.portRange.lowerBound)-\(SBIConstants.portRange.upperBound)")
            }
        } else {
            let port = self.port ?? 4501
            found = try await SBIClient.run { client in
                try await client.discover(port: port, type: type).map { Found(port: port, entry: $0, digitalId: $0.decodedDigitalID) }
            }
        }
        let errors = found.filter { !$0.entry.isDevice }
        if options.json {
            Console.out(bytes: try SBIOutput.json(found))
        } else {
            printTable(found.filter(\.entry.isDevice))
            for error in errors {
                Console.out("127.0.0.1:\(error.port): error \(error.entry.error?.errorCode ?? "?") \(error.entry.error?.errorInfo ?? "")")
            }
        }
        if !errors.isEmpty, !found.contains(where: \.entry.isDevice) {
            throw CLIError(.failed, "the service answered MOSIPDISC with an error and no device")
        }
    }

    private func printTable(_ devices: [Found]) {
        guard !devices.isEmpty else { return Console.out("no \(type == "Biometric Device" ? "" : type + " ")device") }
        var table = Table(["PORT", "DEVICE-ID", "TYPE", "SUBTYPE", "STATUS", "SUB-IDS", "SPEC", "CERT", "MAKE/MODEL"])
        for device in devices {
            let entry = device.entry
            table.add([
                "\(device.port)", entry.deviceId ?? "-", device.digitalId?.type ?? "?", device.digitalId?.deviceSubType ?? "?",
                entry.deviceStatus ?? "-", (entry.deviceSubId ?? []).joined(separator: ","),
                (entry.specVersion ?? []).joined(separator: ","), entry.certification ?? "-",
                device.digitalId.map { "\($0.make) \($0.model)" } ?? "digitalId unreadable",
            ])
        }
        Console.out(table.render())
    }
}
