import Testing
@testable import BiocapUSB

/// The libusb context on the real machine (which may have no USB devices at all in CI): it starts,
/// lists, streams hotplug events and shuts its event thread down without hanging.
@Suite struct USBContextTests {
    @Test func reportsTheLoadedLibrary() {
        #expect(LibUSBVersion.string.split(separator: ".").count == 3)
    }

    @Test func listsDevicesWithConsistentTopology() throws {
        let context = try USBContext()
        for device in try context.devices() {
            #expect(device.info.bus > 0)
            #expect(device.info.portPath.hasPrefix("\(device.info.bus)-"))
            #expect(device.info.id.description.count == 9)
        }
    }

    @Test func hotplugStreamEndsWhenTheConsumerStops() async throws {
        let context = try USBContext()
        let present = try context.devices().count
        let events = context.hotplugEvents(pollInterval: .milliseconds(50))
        // Arrivals of the devices already present come first; then nothing until a device moves.
        let task = Task { () -> Int in
            var arrivals = 0
            for await event in events {
                if case .arrived = event { arrivals += 1 }
                if arrivals == present { break }
            }
            return arrivals
        }
        if present == 0 {
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
        }
        #expect(await task.value == present)
    }

    @Test func contextsComeAndGoWithoutLeakingTheEventThread() throws {
        for _ in 0..<20 { _ = try USBContext() }
    }

    @Test(arguments: [
        (Int32(-7), USBError.timeout), (-9, .stall), (-4, .noDevice), (-8, .overflow), (-3, .accessDenied),
        (-6, .busy), (-5, .notFound), (-12, .notSupported), (-2, .invalidParameter),
    ])
    func mapsLibusbErrorCodes(code: Int32, expected: USBError) {
        #expect(USBError(code: code) == expected)
    }

    @Test func unknownCodesKeepLibusbsName() {
        #expect(USBError(code: -99) == .other(code: -99, name: "LIBUSB_ERROR_OTHER"))
        #expect(USBError.noDevice.description == "device disconnected")
    }

    @Test func setupPacketIsLittleEndian() {
        #expect(USBDeviceHandle.setupPacket(requestType: 0xa1, request: 0x81, value: 0x0100, index: 0x0001, length: 26)
                == [0xa1, 0x81, 0x00, 0x01, 0x01, 0x00, 26, 0])
    }
}
