import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import BiocapTestSupport
import Foundation

/// libfprint's U.are.U 4500 session (`shared/recordings/libfprint/uru4000-4500`), as usbmon events, and
/// the facts the tests check against it.
enum URU4000Recording {
    static let usbID = USBID(vendorID: 0x05ba, productID: 0x000a)
    /// Bus and device number from the `device` file (`N: bus/usb/001/050=…`).
    static let location = USBLocation(vendorID: 0x05ba, productID: 0x000a, bus: 1, address: 50)

    static func events() throws -> [RecordedPcapReader.Event] {
        try RecordedPcapReader.events(TestData.recording("libfprint/uru4000-4500/capture.pcapng"), bus: 1, device: 50)
    }

    static func transport() throws -> RecordedURBReplayTransport {
        RecordedURBReplayTransport(events: try events())
    }

    static func expectedImage() throws -> GrayImage {
        try RecordedSessions.expectedImage("uru4000-4500")
    }

    /// The driver as the registry makes it for this ID, with libfprint's emulation seeds.
    static func driver() -> URU4000Driver {
        URU4000Driver(profile: URU4000IDTable.profile(for: usbID), seedSource: .libfprintEmulation)
    }

    static func device(_ transport: any USBTransport) -> USBFingerprintDevice<URU4000Driver> {
        USBFingerprintDevice(id: "usb-test", location: location, transport: transport, driver: driver())
    }

    /// The recorded completion answering submission `submission` (an index into `events`).
    static func completion(of submission: Int, in events: [RecordedPcapReader.Event]) -> RecordedPcapReader.Event? {
        events[(submission + 1)...].first { $0.type != UInt8(ascii: "S") && $0.id == events[submission].id }
    }

    /// The first recorded submission that is a vendor register access of `register` (with `data`, for
    /// a write).
    static func registerAccess(_ register: UInt16, writing data: [UInt8]? = nil, in events: [RecordedPcapReader.Event]) -> Int? {
        events.indices.first { index in
            let event = events[index]
            guard event.type == UInt8(ascii: "S"), event.transferType == 2, event.hasSetup else { return false }
            let setup = RecordedUSBTransfer.Setup(event.setup)
            guard setup.request == URU4000WireFormat.registerRequest, setup.value == register else { return false }
            if let data { return !setup.isDeviceToHost && event.data == data }
            return setup.isDeviceToHost
        }
    }

    /// The recorded image transfer (bulk IN 0x82) as it came from the device.
    static func imageTransfer(in events: [RecordedPcapReader.Event]) -> [UInt8]? {
        events.first { $0.type == UInt8(ascii: "C") && $0.transferType == 3 && $0.endpoint == URU4000WireFormat.imageEndpoint }?.data
    }

    /// The recorded submission of the bulk image read.
    static func imageRead(in events: [RecordedPcapReader.Event]) -> Int? {
        events.indices.first { events[$0].type == UInt8(ascii: "S") && events[$0].transferType == 3 }
    }

    /// The recorded interrupt read whose report has type `type`.
    static func interruptRead(reporting type: UInt16, in events: [RecordedPcapReader.Event]) -> Int? {
        events.indices.first { index in
            guard events[index].type == UInt8(ascii: "S"), events[index].transferType == 1,
                  let report = completion(of: index, in: events)?.data, report.count >= 2 else { return false }
            return UInt16(report[0]) << 8 | UInt16(report[1]) == type
        }
    }
}
