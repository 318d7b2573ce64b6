import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Testing

@Suite("NB-1010 driver faults and states")
struct NB1010DriverTests {
    static let device = "usb-test"

    static let faults: [RecordedFaultCase] = [
        .init(name: "truncated partial", fault: .truncate(count: 300), call: 10, expected: .protocolViolation(containing: "truncated image partial 4")),
        .init(name: "corrupt partial header", fault: .corrupt(index: 1), call: 7, expected: .protocolViolation(containing: "header")),
        .init(name: "stall on finger poll", fault: .fail(.stall(endpoint: 0x83)), call: 1, expected: .exactly(.transferStall(device: device, endpoint: 0x83))),
        .init(name: "timeout on capture reply", fault: .fail(.timeout(endpoint: 0x83)), call: 5, expected: .exactly(.transferTimeout(device: device, endpoint: 0x83))),
        .init(name: "unplugged mid-image", fault: .fail(.noDevice), call: 40, expected: .exactly(.deviceDisconnected(device: device))),
    ]

    @Test("a fault ends the stream with the right error; the same actor then captures libfprint's image", arguments: faults)
    func faultThenRecovery(_ fault: RecordedFaultCase) async throws {
        let image = try await fault.run(NB1010Driver.self, transfers: RecordedSessions.nb1010(), location: RecordedSessions.nb1010Location)
        #expect(image.pixels == (try RecordedSessions.expectedImage("nb1010")).pixels)
    }

    @Test("polls until the finger level passes 0x30")
    func pollsUntilFinger() async throws {
        let recorded = try RecordedSessions.nb1010()
        var noFinger = recorded[1]
        noFinger.inData[12] = 0x12
        let transport = RecordedUSBTransport([recorded[0], noFinger] + recorded, mode: .searchFromLast)
        var driver = NB1010Driver()
        driver.pollInterval = .milliseconds(5)
        let device = USBFingerprintDevice(id: Self.device, location: RecordedSessions.nb1010Location, transport: transport, driver: driver)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device)
        #expect(transport.used.prefix(4) == [0, 1, 2, 3], "first poll saw no finger, the second one did")
        #expect(await device.driverState.lastFingerLevel == 0xf7)
        #expect(frame.views.first?.image.gray.pixels == (try RecordedSessions.expectedImage("nb1010")).pixels)
    }

    @Test("no finger before the request's timeout ends with a capture timeout and frees the device")
    func noFingerTimesOut() async throws {
        let recorded = try RecordedSessions.nb1010()
        var noFinger = recorded[1]
        noFinger.inData[12] = 0x05
        let transport = RecordedUSBTransport([recorded[0], noFinger], mode: .searchFromLast)
        var driver = NB1010Driver()
        driver.pollInterval = .milliseconds(10)
        let device = USBFingerprintDevice(id: Self.device, location: RecordedSessions.nb1010Location, transport: transport, driver: driver)
        try await device.open()
        let error = await RecordedSessions.firstFrameError(device, timeout: .milliseconds(150))
        guard case .timedOut(let id, _)? = error else {
            Issue.record("expected a capture timeout, got \(String(describing: error))")
            return
        }
        #expect(id == Self.device)
        #expect(transport.calls >= 4, "it kept polling")
        _ = try await device.frames(for: RecordedSessions.request())
    }

    @Test("one stream at a time; a stream needs an open device; the device is free once the consumer lets go")
    func busyAndNotOpen() async throws {
        let transport = RecordedUSBTransport(try RecordedSessions.nb1010(), mode: .searchFromLast)
        let device = USBFingerprintDevice<NB1010Driver>(id: Self.device, location: RecordedSessions.nb1010Location, transport: transport)
        await #expect(throws: BiocapError.deviceNotOpen(device: Self.device)) { try await device.frames(for: RecordedSessions.request()) }
        try await device.open()
        do {
            let stream = try await device.frames(for: RecordedSessions.request())
            var iterator = stream.makeAsyncIterator()
            let first = try await iterator.next()
            #expect(first?.index == 0)
            await #expect(throws: BiocapError.deviceBusy(device: Self.device)) { try await device.frames(for: RecordedSessions.request()) }
        }
        let again = try await RecordedSessions.firstFrame(device)
        #expect(again.index == 0)
        await device.close()
        await #expect(throws: BiocapError.deviceNotOpen(device: Self.device)) { try await device.frames(for: RecordedSessions.request()) }
    }

    @Test("a press sensor loops: the stream yields frame after frame")
    func loops() async throws {
        let transport = RecordedUSBTransport(try RecordedSessions.nb1010(), mode: .searchFromLast)
        let device = USBFingerprintDevice<NB1010Driver>(id: Self.device, location: RecordedSessions.nb1010Location, transport: transport)
        try await device.open()
        var indices: [Int] = []
        for try await frame in try await device.frames(for: RecordedSessions.request()) {
            indices.append(frame.index)
            if indices.count == 3 { break }
        }
        #expect(indices == [0, 1, 2])
        #expect(transport.calls == 3 * 96)
    }

    @Test("requests the sensor cannot serve are refused")
    func invalidRequests() async throws {
        let device = USBFingerprintDevice<NB1010Driver>(
            id: Self.device, location: RecordedSessions.nb1010Location, transport: RecordedUSBTransport([], mode: .sequential))
        let slap = CaptureRequest(modality: .finger, positions: [.finger(.plainRightFour)])
        await #expect(throws: BiocapError.self) { try await device.frames(for: slap) }
        let two = CaptureRequest(modality: .finger, positions: [.finger(.rightIndex), .finger(.leftIndex)])
        await #expect(throws: BiocapError.self) { try await device.frames(for: two) }
    }

    @Test("self-test polls the sensor")
    func selfTest() async throws {
        let transport = RecordedUSBTransport(try RecordedSessions.nb1010(), mode: .searchFromLast)
        let device = USBFingerprintDevice<NB1010Driver>(id: Self.device, location: RecordedSessions.nb1010Location, transport: transport)
        let report = try await device.selfTest()
        #expect(report.passed)
        #expect(report.checks.first?.detail.contains("0xf7") == true)
        let dead = USBFingerprintDevice<NB1010Driver>(
            id: Self.device, location: RecordedSessions.nb1010Location, transport: RecordedUSBTransport([], mode: .sequential))
        #expect(try await dead.selfTest().passed == false)
    }
}
