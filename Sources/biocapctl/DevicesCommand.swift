import ArgumentParser
import BiocapAPI

/// `biocapctl devices`: every device the daemon drives, one row each.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "devices", abstract: "List devices (ID, modality, state, model, driver).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/devices") }
        if options.json { return Console.out(bytes: bytes) }
        let list = try APIJSON.decoder.decodeDocument(DeviceList.self, bytes)
        var table = Table(["ID", "MODALITY", "STATE", "MODEL", "DRIVER", "SIM"])
        for status in list.devices {
            let device = status.descriptor
            table.add([device.id, device.modality.rawValue, status.state.rawValue, "\(device.vendor) \(device.model)",
                       device.driver, device.simulated ? "yes" : "no"])
        }
        Console.out(list.devices.isEmpty ? "no devices" : table.render())
    }
}
