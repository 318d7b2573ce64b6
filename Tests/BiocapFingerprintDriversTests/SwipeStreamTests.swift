import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Synchronization
import Testing

/// A swipe sensor's stream: a swipe too short to assemble is advice (`swipeSlower`) in a frame without an
/// image, and the next swipe follows on the same stream; other failures still end it.
@Suite("Swipe sensor streams")
struct SwipeStreamTests {
    /// A driver whose captures fail or succeed from a script, one step per capture.
    struct ScriptedSwipeDriver: FingerprintSensorDriver {
        static let name = "scripted-swipe"
        static let vendor = "test"
        static let models: [USBID: String] = [USBID(vendorID: 0xffff, productID: 0x0001): "swipe"]
        static let capabilities = DeviceCapabilities(imageWidth: 4, imageHeight: 4, framesPerSecond: 1,
                                                     positions: singleFingerPositions, swipe: true)
        static let script = Mutex<[FingerprintDriverError?]>([])
        init() {}
        mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {}
        mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {}
        mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
            let step = Self.script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            if let step { throw step }
            return GrayImage(width: 4, height: 4, fill: 9)
        }
        mutating func close(_ io: SensorIO) async {}
        mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String { "" }
    }

    @Test("a too-short swipe yields swipe-slower without an image, then the next swipe's image; a stall ends the stream")
    func tooShortThenImage() async throws {
        ScriptedSwipeDriver.script.withLock { $0 = [.swipeTooShort("swipe too short: 3 frames"), nil, .transfer(.stall(endpoint: 0x81))] }
        let location = USBLocation(vendorID: 0xffff, productID: 0x0001, bus: 1, address: 1)
        let device = USBFingerprintDevice<ScriptedSwipeDriver>(id: "usb-test", location: location, transport: RecordedUSBTransport([], mode: .sequential))
        #expect(device.descriptor.capabilities.swipe == true)
        try await device.open()
        var frames: [Frame] = []
        var ending: (any Error)?
        do {
            for try await frame in try await device.frames(for: RecordedSessions.request(timeout: .seconds(60))) { frames.append(frame) }
        } catch {
            ending = error
        }
        #expect(frames.count == 2)
        #expect(frames.first?.views.isEmpty == true && frames.first?.guidance == [.swipeSlower])
        #expect(frames.last?.views.first?.image.gray.pixels.first == 9)
        #expect(ending as? BiocapError == .transferStall(device: "usb-test", endpoint: 0x81))
    }
}
