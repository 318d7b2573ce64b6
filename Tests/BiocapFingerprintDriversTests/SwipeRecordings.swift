import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import BiocapTestSupport
import Foundation

/// libfprint's three swipe recordings used by the aes2501, egis0570 and elan drivers
/// (`shared/recordings/libfprint/{aes2501,egis0570,elan}`); bus and device numbers from each `device` file.
enum SwipeRecordings {
    static let aes2501Location = USBLocation(vendorID: 0x08ff, productID: 0x2580, bus: 1, address: 44)
    static let egis0570Location = USBLocation(vendorID: 0x1c7a, productID: 0x0570, bus: 1, address: 5)
    static let elanLocation = USBLocation(vendorID: 0x04f3, productID: 0x0c26, bus: 1, address: 94)

    static func aes2501() throws -> [RecordedUSBTransfer] {
        try RecordedPcapReader.read(TestData.recording("libfprint/aes2501/capture.pcapng"), bus: 1, device: 44)
    }

    static func egis0570Events() throws -> [RecordedPcapReader.Event] {
        try RecordedPcapReader.events(TestData.recording("libfprint/egis0570/capture.pcapng"), bus: 1, device: 5)
    }

    /// The hand-annotated recording (`#` comments, blank lines, a cancelled URB).
    static func elan() throws -> [RecordedUSBTransfer] {
        try RecordedIoctlReader.read(TestData.recording("libfprint/elan/capture.ioctl"))
    }

    /// Index of the first recorded transfer that is an IN of `length` bytes on `endpoint`.
    static func firstRead(_ transfers: [RecordedUSBTransfer], endpoint: UInt8, length: Int) -> Int? {
        transfers.firstIndex { $0.isIn && $0.endpoint == endpoint && $0.requestedLength == length }
    }

    /// Index of the first recorded transfer that is an OUT carrying `bytes`.
    static func firstWrite(_ transfers: [RecordedUSBTransfer], _ bytes: [UInt8]) -> Int? {
        transfers.firstIndex { !$0.isIn && $0.outData == bytes }
    }
}
