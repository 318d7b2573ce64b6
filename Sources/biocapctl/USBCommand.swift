import ArgumentParser
import BiocapDevices
import BiocapUSB
import BiocapUVC
import Foundation

/// `biocapctl usb`: every USB device on this machine, read through libusb directly (no daemon), and
/// which driver biocap would use for it.
struct USBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usb", abstract: "List every USB device with VID:PID, names, speed and biocap support (no daemon needed).")

    /// `--json` as everywhere; `--socket` is accepted and unused (no daemon is contacted).
    @OptionGroup var options: GlobalOptions

    struct Row: Encodable {
        var id: String
        var bus: Int
        var address: Int
        var port: String
        var speed: String
        var manufacturer: String?
        var product: String?
        var serial: String?
        var driver: String?
        var model: String?
        var modality: String?
        var deviceID: String?
    }

    func run() async throws {
        let context: USBContext
        do { context = try USBContext() } catch { throw CLIError(.failed, "libusb could not start: \(error)") }
        let devices: [USBAttachedDevice]
        do { devices = try context.devices() } catch { throw CLIError(.failed, "cannot list USB devices: \(error)") }
        let factory = USBDeviceFactory()
        let rows = devices.map { device -> Row in
            let info = context.withStrings(device)
            var row = Row(id: info.id.description, bus: Int(info.bus), address: Int(info.address), port: info.portPath,
                          speed: info.speed.rate, manufacturer: info.manufacturer, product: info.product, serial: info.serial)
            switch factory.support(for: device) {
            case .driver(let name, let model, let modality):
                (row.driver, row.model, row.modality) = (name, model, modality.rawValue)
            case .camera(let profile):
                (row.driver, row.model, row.modality) = ("uvc", UVCProfile.knownCameras[info.id]?.model ?? "UVC camera", profile.modality.rawValue)
            case nil:
                break
            }
            if row.driver != nil { row.deviceID = USBDeviceFactory.deviceID(for: info) }
            return row
        }
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(bytes: [UInt8]((try? encoder.encode(["devices": rows])) ?? Data()))
            return
        }
        guard !rows.isEmpty else { return Console.out("no USB devices (or no permission to list them)") }
        var table = Table(["VID:PID", "BUS", "ADDR", "PORT", "SPEED", "NAME", "BIOCAP"])
        for row in rows {
            let name = [row.manufacturer, row.product].compactMap { $0 }.joined(separator: " ")
            let support = row.driver.map { "yes: \($0), \(row.modality ?? "?") (\(row.model ?? "?")), --device usb:\(row.id)" } ?? "-"
            table.add([row.id, String(format: "%03d", row.bus), String(format: "%03d", row.address), row.port, row.speed,
                       name.isEmpty ? "?" : name, support])
        }
        Console.out(table.render())
    }
}
