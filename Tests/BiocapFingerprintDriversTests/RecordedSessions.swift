import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import BiocapImaging
import BiocapTestSupport
import Foundation

/// The three libfprint recordings, as transfers and expected images, and a capture helper.
enum RecordedSessions {
    static let nb1010Location = USBLocation(vendorID: 0x298d, productID: 0x1010, bus: 1, address: 3)
    static let aes3500Location = USBLocation(vendorID: 0x08ff, productID: 0x5731, bus: 3, address: 4)
    static let upekLocation = USBLocation(vendorID: 0x147e, productID: 0x2016, bus: 1, address: 3)

    static func nb1010() throws -> [RecordedUSBTransfer] {
        try RecordedIoctlReader.read(TestData.recording("libfprint/nb1010/capture.ioctl"))
    }

    static func aes3500() throws -> [RecordedUSBTransfer] {
        try RecordedIoctlReader.read(TestData.recording("libfprint/aes3500/capture.ioctl"))
    }

    /// Bus and device number from the `device` file (`N: bus/usb/001/003=…`).
    static func upektc() throws -> [RecordedUSBTransfer] {
        try RecordedPcapReader.read(TestData.recording("libfprint/upektc_img/capture.pcapng"), bus: 1, device: 3)
    }

    static func expectedImage(_ driver: String) throws -> GrayImage {
        try NetPBM.decodeGray([UInt8](Data(contentsOf: TestData.recording("libfprint/\(driver)/capture.pgm"))))
    }

    static func request(timeout: Duration = .seconds(5)) -> CaptureRequest {
        CaptureRequest(modality: .finger, positions: [.finger(.rightIndex)], timeout: timeout)
    }

    /// What the capture tool does: the first frame of a single-finger stream.
    static func firstFrame(_ device: any BiometricDevice, timeout: Duration = .seconds(5)) async throws -> Frame {
        let stream = try await device.frames(for: request(timeout: timeout))
        for try await frame in stream { return frame }
        throw BiocapError.deviceFailure(device: await device.descriptor.id, reason: "stream ended without a frame")
    }

    /// The error the first frame ends with, or nil when a frame arrived.
    static func firstFrameError(_ device: any BiometricDevice, timeout: Duration = .seconds(5)) async -> BiocapError? {
        do {
            _ = try await firstFrame(device, timeout: timeout)
            return nil
        } catch let error as BiocapError {
            return error
        } catch {
            return .deviceFailure(device: "?", reason: "unexpected error \(error)")
        }
    }

    /// The largest absolute difference between two same-size images, or nil when sizes differ.
    static func maximumDifference(_ a: GrayImage, _ b: GrayImage) -> Int? {
        guard a.width == b.width, a.height == b.height else { return nil }
        return ImageMeasures.difference(a, b).largest
    }
}
