import BiocapCore
@testable import BiocapDevices
import Testing

@Suite struct DriverRegistryTests {
    @Test func standardRegistryKnowsTheSensorsCamerasAndSimulators() {
        let registry = DriverRegistry.standard
        let ids = Set(registry.supportedUSBIDs.map(\.description))
        for id in ["298d:1010", "08ff:5731", "147e:2016", "046d:081b"] { #expect(ids.contains(id), "\(id) missing") }
        #expect(registry.usbDriver(for: USBID(vendorID: 0x298d, productID: 0x1010))?.name == "nb1010")
        #expect(registry.usbDriver(for: USBID(vendorID: 0x1234, productID: 0x5678)) == nil)
        #expect(Set(registry.simulatedDrivers.map(\.name)) == ["finger", "iris", "face", "signature", "uvc-face", "uvc-iris"])
        #expect(registry.supportedUSBIDs == registry.supportedUSBIDs.sorted { ($0.vendorID, $0.productID) < ($1.vendorID, $1.productID) })
    }

    @Test func directSelectorsParseOrNameTheirFault() throws {
        let (id, port) = try DirectUSBDevice.parse("usb:298d:1010@1-4.2")
        #expect(id == USBID(vendorID: 0x298d, productID: 0x1010) && port == "1-4.2")
        #expect(try DirectUSBDevice.parse("usb:08ff:5731").1 == nil)
        for bad in ["298d:1010", "usb:", "usb:xyz", "usb:298d", "sim-finger-0"] {
            #expect(throws: BiocapError.self, "\(bad)") { try DirectUSBDevice.parse(bad) }
        }
    }
}
