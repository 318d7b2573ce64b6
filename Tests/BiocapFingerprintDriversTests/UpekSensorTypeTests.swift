import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Testing

/// The sensor behind the UPEK coprocessor is chosen by the size the device reports, as libfprint does.
@Suite("UPEK TouchChip sensor types")
struct UpekSensorTypeTests {
    static let location = USBLocation(vendorID: 0x147e, productID: 0x2020, bus: 1, address: 4)

    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 192) } }

    @Test("the recorded 147e:2016 reports a 192×512 swipe sensor: TCS4x, 144×384")
    func recordedDeviceIsTCS4x() async throws {
        let transport = RecordedUSBTransport(try RecordedSessions.upektc(), mode: .sequential)
        var driver = UpekTCImgDriver()
        try await driver.open(SensorIO(transport: transport))
        #expect(driver.sensorReported)
        #expect(driver.sensor == UpekSensorType.defaultSwipe)
        #expect(driver.sensor.family == "TCS4x" && !driver.sensor.isAreaSensor)
    }

    @Test("a reported 256×360 area sensor is the TCS1x: press capture command, 192×270 image, bad placements waited out")
    func tcs1AreaSensor() async throws {
        let image = Self.pattern(192 * 270)
        // No finger, too short (an area sensor acknowledges and waits), finger gone, finger down, then the image.
        let sensor = UpekScriptedSensor(sensorWidth: 256, sensorHeight: 360, flags: 0x64, statuses: [0x0c, 0x1e, 0x01, 0x00], image: image)
        let device = USBFingerprintDevice<UpekTCImgDriver>(id: "usb-1-4", location: Self.location, transport: sensor)
        try await device.open()
        #expect(await device.driverState.sensor.family == "TCS1x")
        #expect(await device.driverState.sensor.isAreaSensor)
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        let captured = try #require(frame.views.first?.image.gray)
        #expect(captured.width == 192 && captured.height == 270)
        #expect(captured.pixels == image)
        let starts = sensor.commands.filter { $0.payload == UpekTCImgWireFormat.initCapturePress.payload }
        #expect(starts.count == 1)
        #expect(!sensor.commands.contains { $0.payload == UpekTCImgWireFormat.initCapture.payload })
        #expect(sensor.commands.filter { $0.payload == UpekTCImgWireFormat.ackStatus.payload }.count == 4)
        await device.close()
    }

    @Test("every sensor size in libfprint's table gives its image size; a swipe flag makes it a swipe sensor")
    func table() throws {
        let entries = [(256, 360, 192, 270), (208, 288, 156, 216), (248, 360, 186, 270), (192, 512, 144, 384), (144, 512, 108, 384)]
        for entry in entries {
            let area = try UpekSensorType.from(sensorWidth: entry.0, sensorHeight: entry.1, flags: 0x00)
            #expect(area.imageWidth == entry.2 && area.imageHeight == entry.3 && area.isAreaSensor)
            let swipe = try UpekSensorType.from(sensorWidth: entry.0, sensorHeight: entry.1, flags: 0x80)
            #expect(!swipe.isAreaSensor)
        }
        #expect(throws: FingerprintDriverError.self) { try UpekSensorType.from(sensorWidth: 256, sensorHeight: 288, flags: 0) }
    }

    @Test("a TCS5x swipe sensor gives 108×384 through the swipe capture command")
    func tcs5Swipe() async throws {
        let image = Self.pattern(108 * 384)
        let sensor = UpekScriptedSensor(sensorWidth: 144, sensorHeight: 512, flags: 0xe4, statuses: [0x0c, 0x00], image: image)
        let device = USBFingerprintDevice<UpekTCImgDriver>(id: "usb-1-4", location: Self.location, transport: sensor)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        let captured = try #require(frame.views.first?.image.gray)
        #expect(captured.width == 108 && captured.height == 384 && captured.pixels == image)
        #expect(sensor.commands.contains { $0.payload == UpekTCImgWireFormat.initCapture.payload })
        await device.close()
    }

    @Test("a swipe sensor's rejected swipe ends the capture with the reason")
    func swipeRejected() async throws {
        let sensor = UpekScriptedSensor(sensorWidth: 192, sensorHeight: 512, flags: 0xe4, statuses: [0x1e, 0x0c], image: Self.pattern(144 * 384))
        let device = USBFingerprintDevice<UpekTCImgDriver>(id: "usb-1-4", location: Self.location, transport: sensor)
        try await device.open()
        let error = await RecordedSessions.firstFrameError(device, timeout: .seconds(60))
        guard case .protocolViolation(_, let reason)? = error else {
            Issue.record("expected a protocol violation, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("swipe too short"))
        await device.close()
    }

    @Test("an unknown reported size fails open, as libfprint does")
    func unknownSize() async throws {
        let sensor = UpekScriptedSensor(sensorWidth: 300, sensorHeight: 400, flags: 0, statuses: [], image: [])
        var driver = UpekTCImgDriver()
        await #expect(throws: FingerprintDriverError.protocolViolation("unknown sensor type (reported size 300×400)")) {
            try await driver.open(SensorIO(transport: sensor))
        }
    }
}
