import ArgumentParser
import BiocapService

/// `biocapctl info DEVICE`: one device's descriptor, capabilities and state.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show one device: identity, firmware, USB location, capabilities, state.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Device id, as 'biocapctl devices' lists it.")
    var device: String

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/devices/\(PathComponent.escape(device))") }
        if options.json { return Console.out(bytes: bytes) }
        let status = try DaemonClient.jsonDecoder.decodeDocument(DeviceStatus.self, bytes)
        let device = status.descriptor, capabilities = device.capabilities
        var table = Table(["FIELD", "VALUE"])
        table.add(["id", device.id])
        table.add(["modality", device.modality.rawValue])
        table.add(["state", status.state.rawValue + (status.lastError.map { " (\($0))" } ?? "")])
        table.add(["vendor", device.vendor])
        table.add(["model", device.model])
        table.add(["serial", device.serial ?? "-"])
        table.add(["firmware", device.firmware ?? "-"])
        table.add(["driver", device.driver])
        table.add(["simulated", device.simulated ? "yes" : "no"])
        if let usb = device.usb { table.add(["usb", "\(usb)"]) }
        table.add(["image", "\(capabilities.imageWidth)x\(capabilities.imageHeight)\(capabilities.colour ? " colour" : " grey")"
                   + (capabilities.ppi.map { " at \($0) ppi" } ?? "")])
        table.add(["frame rate", "\(capabilities.framesPerSecond) fps"])
        table.add(["positions", capabilities.positions.map(\.name).joined(separator: ", ")])
        Console.out(table.render())
    }
}
