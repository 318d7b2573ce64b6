import BiocapCore
import BiocapDeviceKit
import BiocapHID

/// The signature pads known by VID:PID. Other pen tablets are recognised by their HID report descriptor
/// (`USBDeviceFactory`, driver `hid-pen`).
public enum SignaturePadDrivers {
    /// Wacom STU pads, driven by their vendor protocol (LCD prompt, timed pen data).
    public static let wacomSTU = USBDriver(
        name: WacomSTUPad.driverName, modality: .signature, models: WacomSTUModels.table.mapValues { "Wacom " + $0.name },
        make: { id, location, transport in WacomSTUPad(id: id, location: location, transport: transport) })
}
