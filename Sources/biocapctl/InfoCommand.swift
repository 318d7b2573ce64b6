import ArgumentParser
import BiocapAPI

/// `biocapctl info DEVICE`: one device's descriptor, capabilities and state.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show one device: identity, firmware, USB location, capabilities, state.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Device id, as 'biocapctl devices' lists it.")
    var device: String

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/devices/\(PathComponent.escape(device))") }
        if options.json { return Console.out(bytes: bytes) }
        let status = try APIJSON.decoder.decodeDocument(DeviceStatus.self, bytes)
        let descriptor = status.descriptor, capabilities = descriptor.capabilities
        var table = Table(["FIELD", "VALUE"])
        table.add(["id", descriptor.id])
        table.add(["modality", descriptor.modality.rawValue])
        table.add(["state", status.state.rawValue + (status.lastError.map { " (\($0))" } ?? "")])
        table.add(["vendor", descriptor.vendor])
        table.add(["model", descriptor.model])
        table.add(["serial", descriptor.serial ?? "-"])
        table.add(["firmware", descriptor.firmware ?? "-"])
        table.add(["driver", descriptor.driver])
        table.add(["simulated", descriptor.simulated ? "yes" : "no"])
        if let usb = descriptor.usb { table.add(["usb", "\(usb)"]) }
        table.add(["image", "\(capabilities.imageWidth)x\(capabilities.imageHeight)\(capabilities.colour ? " colour" : " grey")"
                   + (capabilities.ppi.map { " at \($0) ppi" } ?? "")])
        table.add(["frame rate", "\(capabilities.framesPerSecond) fps"])
        table.add(["positions", capabilities.positions.map(\.name).joined(separator: ", ")])
        Console.out(table.render())
    }
}
