import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
import BiocapDevices
@testable import BiocapFingerprintDrivers
import Testing

/// Each driver against its libfprint recording, over a replaying transport that checks every
/// transfer: the image must be libfprint's.
@Suite("Recorded driver sessions")
struct RecordedDriverSessionTests {
    @Test("nb1010: the recorded session replays in order and gives capture.pgm exactly")
    func nb1010() async throws {
        let transfers = try RecordedSessions.nb1010()
        #expect(transfers.count == 96)
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        let device = USBFingerprintDevice<NB1010Driver>(id: "usb-1-3", location: RecordedSessions.nb1010Location, transport: transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device)
        await device.close()

        #expect(transport.mismatches == [])
        #expect(transport.used == Array(0..<transfers.count), "every recorded transfer, once, in order")
        let image = try #require(frame.views.first?.image.gray)
        let expected = try RecordedSessions.expectedImage("nb1010")
        #expect(image.width == 256 && image.height == 180)
        #expect(image.pixels == expected.pixels)
        #expect(image.ppi == 385)
        #expect(frame.views.first?.position == .finger(.rightIndex))
        #expect(frame.index == 0)
    }

    @Test("aes3500: every recorded transfer is used; native decode round-trips; 256×256 identical to capture.pgm")
    func aes3500() async throws {
        let transfers = try RecordedSessions.aes3500()
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        let device = USBFingerprintDevice<AES3500Driver>(id: "usb-3-4", location: RecordedSessions.aes3500Location, transport: transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device)
        let native = try #require(await device.driverState.lastNativeImage)
        await device.close()

        #expect(transport.mismatches == [])
        #expect(Set(transport.used) == Set(0..<transfers.count), "no recorded transfer left unused")
        #expect(transport.calls == AES3500WireFormat.initialisationMessages.count + 1)

        // The native frame is exact: re-encoding it gives back the recorded frame bytes.
        let recordedImage = try #require(transfers.first { $0.requestedLength == AES3500WireFormat.imageReadLength }?.inData)
        #expect(native.width == 128 && native.height == 128)
        #expect(native.pixels.allSatisfy { $0 % 17 == 0 })
        #expect(Self.encodeNative(native) == Array(recordedImage.prefix(8 * 1025)))

        let image = try #require(frame.views.first?.image.gray)
        let expected = try RecordedSessions.expectedImage("aes3500")
        let difference = try #require(RecordedSessions.maximumDifference(image, expected))
        #expect(difference == 0, "largest difference \(difference)")
        #expect(image.ppi == 500)
    }

    @Test("upektc_img: the pcap replays strictly in sequence (deinit on close) and gives capture.pgm exactly")
    func upektc() async throws {
        let transfers = try RecordedSessions.upektc()
        let transport = RecordedUSBTransport(transfers, mode: .sequential)
        let device = USBFingerprintDevice<UpekTCImgDriver>(id: "usb-1-3", location: RecordedSessions.upekLocation, transport: transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device)
        #expect(await device.driverState.firmware == "10.5")
        await device.close()

        #expect(transport.mismatches == [])
        #expect(transport.remaining == 0, "the whole recorded session, deinit included")
        let image = try #require(frame.views.first?.image.gray)
        let expected = try RecordedSessions.expectedImage("upektc_img")
        #expect(image.width == 144 && image.height == 384)
        #expect(image.pixels == expected.pixels)
    }

    @Test("the standard registry makes these devices from their USB IDs")
    func registry() async throws {
        let registry = DriverRegistry.standard
        let expectations: [(USBID, String)] = [
            (USBID(vendorID: 0x298d, productID: 0x1010), "nb1010"),
            (USBID(vendorID: 0x08ff, productID: 0x5731), "aes3500"),
            (USBID(vendorID: 0x147e, productID: 0x2016), "upektc_img"),
        ]
        for (id, name) in expectations {
            let driver = try #require(registry.usbDriver(for: id))
            #expect(driver.name == name)
            let location = USBLocation(vendorID: id.vendorID, productID: id.productID, bus: 2, address: 7)
            let device = driver.make("usb-2-7", location, RecordedUSBTransport([], mode: .sequential))
            #expect(await device.descriptor.driver == name)
            #expect(await device.descriptor.usb == location)
            #expect(await device.descriptor.simulated == false)
            #expect(await device.descriptor.capabilities.ppi != nil)
        }
    }

    /// The inverse of the AES3500 frame layout, to prove the decode loses nothing.
    static func encodeNative(_ image: GrayImage) -> [UInt8] {
        var bytes: [UInt8] = []
        for frame in 0..<8 {
            bytes.append(0xe0 + UInt8(frame))
            for column in 0..<128 {
                for row in stride(from: frame * 16, to: frame * 16 + 16, by: 2) {
                    bytes.append(image[column, row] / 17 | (image[column, row + 1] / 17) << 4)
                }
            }
        }
        return bytes
    }
}
