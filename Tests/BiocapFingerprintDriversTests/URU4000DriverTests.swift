import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
import BiocapDevices
@testable import BiocapFingerprintDrivers
import Testing

/// The U.are.U 4500 against libfprint's recording, replayed event by event with the interrupt read
/// in flight, as umockdev replays it.
@Suite("U.are.U 4000 family driver (uru4000)")
struct URU4000DriverTests {
    @Test("uru4000: the recorded session replays event by event and gives capture.pgm exactly")
    func recordedSession() async throws {
        let transport = try URU4000Recording.transport()
        let device = URU4000Recording.device(transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device)
        let state = await device.driverState
        await device.close()

        #expect(transport.mismatches == [])
        #expect(transport.isFinished, "the whole recording, the close and the cancelled interrupt read included")
        // The seed libfprint's emulation-mode GRand gave; the key is the recorded register 0x34 XOR it.
        #expect(state.seedsSent == [0x51ea_2124])
        #expect(state.keysFetched.map(\.number) == [0])
        #expect(state.keysFetched.map(\.key) == [0x05ae_28f2 ^ 0x51ea_2124])
        #expect(state.deviceInfo == [0x1a, 0x0a, 0x1a, 0x0a, 0x01, 0x15, 0x00, 0x00, 0x00, 0x20, 0x00, 0x10, 0x8b, 0x21, 0x11, 0x30])
        let native = try #require(state.lastFrame)
        #expect(native.lineCount == 289 && native.keyNumber == 0 && native.looksEncrypted)

        let image = try #require(frame.views.first?.image.gray)
        let expected = try URU4000Recording.expectedImage()
        #expect(image.width == 384 && image.height == 290)
        #expect(image.pixels == expected.pixels)
        #expect(image.ppi == 512)
    }

    @Test("the registry makes every ID of libfprint's table a uru4000 device with its profile")
    func registry() async throws {
        let registry = DriverRegistry.standard
        #expect(URU4000IDTable.profiles.count == 7)
        for (id, profile) in URU4000IDTable.profiles {
            let driver = try #require(registry.usbDriver(for: id))
            #expect(driver.name == "uru4000")
            let location = USBLocation(vendorID: id.vendorID, productID: id.productID, bus: 2, address: 7)
            let device = try #require(driver.make("usb-2-7", location, RecordedUSBTransport([], mode: .sequential)) as? USBFingerprintDevice<URU4000Driver>)
            #expect(await device.driverState.profile == profile)
            #expect(await device.driverState.seedSource == .systemRandom, "real devices get random seeds")
            #expect(device.descriptor.model == URU4000IDTable.models[id])
        }
        #expect(URU4000IDTable.profile(for: URU4000Recording.usbID).rotatesImage)
        #expect(URU4000IDTable.profiles.values.filter(\.rotatesImage) == [.uareu4000B])
        #expect(URU4000IDTable.profiles.values.filter(\.needsChallengeResponse) == [.microsoftStandaloneV2])
    }

    @Test("a registry entry with emulation seeds drives the recording through the factory path")
    func emulationEntry() async throws {
        let entry = FingerprintDrivers.uru4000Entry(seedSource: .libfprintEmulation)
        let transport = try URU4000Recording.transport()
        let device = entry.make("usb-1-10", URU4000Recording.location, transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device)
        await device.close()
        #expect(transport.mismatches == [])
        #expect(try #require(frame.views.first?.image.gray).pixels == (try URU4000Recording.expectedImage()).pixels)
    }

    @Test("random seeds: the recorded key answer no longer decodes, so the image is not libfprint's")
    func randomSeedsDoNotMatchTheRecording() async throws {
        // The replay only answers the recorded seed; any other seed stalls at register 0x33.
        let transport = try URU4000Recording.transport()
        var driver = URU4000Driver(profile: .uareu4000B, seedSource: .glibSequence(seed: 1))
        driver.controlTimeout = .seconds(1)
        let device = USBFingerprintDevice(id: "usb-test", location: URU4000Recording.location, transport: transport, driver: driver)
        try await device.open()
        let error = await RecordedSessions.firstFrameError(device, timeout: .seconds(20))
        await device.close()
        #expect(error == .transferTimeout(device: "usb-test", endpoint: 0))
        #expect(transport.mismatches.contains { $0.contains("value 0x33") }, "\(transport.mismatches)")
    }

    @Test("the profile turns the image: without the 180° turn it is capture.pgm reversed")
    func orientation() throws {
        let events = try URU4000Recording.events()
        let frame = try URU4000ImageFrame(transfer: try #require(URU4000Recording.imageTransfer(in: events)))
        var decoder = URU4000ImageDecoder(frame: frame)
        #expect(decoder.start() == .needsKey(keyNumber: 0))
        #expect(try decoder.decrypt(key: 0x05ae_28f2 ^ 0x51ea_2124) == .finished)
        let expected = try URU4000Recording.expectedImage().pixels
        #expect(try decoder.image(rotated: true) == expected)
        #expect(try decoder.image(rotated: false) == Array(expected.reversed()))
    }
}
