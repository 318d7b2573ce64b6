import BiocapCore
import BiocapDeviceKit
import BiocapDevices
@testable import BiocapSimulation
import BiocapSynthesis
import BiocapTestSupport
import Testing

@Suite struct SimulatedDeviceTests {
    static let irisRequest = CaptureRequest(modality: .iris, positions: [.iris(.right), .iris(.left)])
    /// One eye halves the work of the longer fault-injection streams (debug builds are slow).
    static let rightEye = CaptureRequest(modality: .iris, positions: [.iris(.right)])
    static let fingerRequest = CaptureRequest(modality: .finger, positions: [.finger(.rightIndex)])

    static func iris(_ scenario: SimulationScenario = .good, seed: UInt64 = 21) async throws -> SimulatedIrisCamera {
        let device = SimulatedIrisCamera(options: SimulationOptions(id: "sim-iris-0", seed: seed, scenario: scenario, timeScale: 0))
        try await device.open()
        return device
    }

    /// Collects frames until `count` arrive or the stream ends; returns them and the ending error.
    static func collect(_ stream: AsyncThrowingStream<Frame, any Error>, count: Int) async -> ([Frame], (any Error)?) {
        var frames: [Frame] = []
        do {
            for try await frame in stream {
                frames.append(frame)
                if frames.count == count { break }
            }
        } catch {
            return (frames, error)
        }
        return (frames, nil)
    }

    @Test func registryHasTheThreeSimulatedDriversWithFilledDescriptors() {
        let registry = DriverRegistry.standard
        for (name, modality) in [("finger", Modality.finger), ("iris", .iris), ("face", .face)] {
            let driver = registry.simulatedDriver(named: name)
            #expect(driver?.modality == modality)
        }
        let descriptor = SimulatedFingerprintScanner(options: SimulationOptions(id: "sim-finger-0", seed: 9)).descriptor
        #expect(descriptor.id == "sim-finger-0" && descriptor.vendor == "biocap" && descriptor.simulated)
        #expect(descriptor.driver == "finger" && descriptor.firmware == "sim-1" && descriptor.capabilities.ppi == 500)
        #expect(descriptor.capabilities.positions.contains(.finger(.plainThumbs)))
        #expect(descriptor.serial == SimulatedFingerprintScanner(options: SimulationOptions(id: "x", seed: 9)).descriptor.serial)
        #expect(descriptor.serial != SimulatedFingerprintScanner(options: SimulationOptions(id: "x", seed: 10)).descriptor.serial)
    }

    @Test func sameSeedGivesIdenticalFramesAndAnotherSeedDifferentOnes() async throws {
        let (a, _) = await Self.collect(try await Self.iris(seed: 21).frames(for: Self.irisRequest), count: 3)
        let (b, _) = await Self.collect(try await Self.iris(seed: 21).frames(for: Self.irisRequest), count: 3)
        let (c, _) = await Self.collect(try await Self.iris(seed: 22).frames(for: Self.irisRequest), count: 3)
        #expect(a.count == 3 && a == b)
        #expect(a.map(\.index) == [0, 1, 2])
        #expect(a[0].views.map(\.position) == [.iris(.right), .iris(.left)])
        #expect(a[0].views[0].image.width == 640 && a[0].views[0].image.height == 480)
        #expect(a != c)
    }

    @Test func framesNeedAnOpenDeviceAndAFittingRequest() async throws {
        let device = SimulatedIrisCamera(options: SimulationOptions(id: "sim-iris-0", timeScale: 0))
        await #expect(throws: BiocapError.deviceNotOpen(device: "sim-iris-0")) { _ = try await device.frames(for: Self.irisRequest) }
        try await device.open()
        try await device.open()
        await #expect(throws: BiocapError.self) { _ = try await device.frames(for: Self.fingerRequest) }
        let finger = SimulatedFingerprintScanner(options: SimulationOptions(id: "sim-finger-0", timeScale: 0))
        try await finger.open()
        let twoFingers = CaptureRequest(modality: .finger, positions: [.finger(.rightIndex), .finger(.leftIndex)])
        do {
            _ = try await finger.frames(for: twoFingers)
            Issue.record("two positions must be refused")
        } catch {
            #expect(error.code == "invalid-request")
        }
    }

    @Test func secondStreamIsBusyWhileTheFirstIsLive() async throws {
        let device = try await Self.iris()
        let first = try await device.frames(for: Self.irisRequest)
        await #expect(throws: BiocapError.deviceBusy(device: "sim-iris-0")) { _ = try await device.frames(for: Self.irisRequest) }
        var iterator = first.makeAsyncIterator()
        #expect(try await iterator.next() != nil)
        await #expect(throws: BiocapError.deviceBusy(device: "sim-iris-0")) { _ = try await device.frames(for: Self.irisRequest) }
    }

    @Test func stoppingIterationFreesTheDevice() async throws {
        let device = try await Self.iris()
        var seen = 0
        for try await _ in try await device.frames(for: Self.rightEye) {
            seen += 1
            if seen == 2 { break }
        }
        #expect(seen == 2)
        let (frames, _) = await Self.collect(try await device.frames(for: Self.rightEye), count: 1)
        #expect(frames.count == 1)
    }

    @Test func closeEndsALiveStream() async throws {
        let device = try await Self.iris()
        let stream = try await device.frames(for: Self.irisRequest)
        await device.close()
        let (frames, error) = await Self.collect(stream, count: 5)
        #expect(frames.isEmpty && error == nil)
    }

    @Test func unplugEndsTheStreamWithDisconnectedUntilReopened() async throws {
        let device = try await Self.iris(.unplug)
        let (frames, error) = await Self.collect(try await device.frames(for: Self.rightEye), count: 100)
        #expect(error as? BiocapError == .deviceDisconnected(device: "sim-iris-0"))
        #expect((12...18).contains(frames.count), "\(frames.count) frames before the unplug")
        await #expect(throws: BiocapError.deviceDisconnected(device: "sim-iris-0")) { _ = try await device.frames(for: Self.rightEye) }
        #expect(try await device.selfTest().passed == false)
        try await device.open()
        _ = try await device.frames(for: Self.rightEye)
    }

    @Test func transferTimeoutEndsTheStreamWithTransferTimeout() async throws {
        let device = try await Self.iris(.transferTimeout)
        let (frames, error) = await Self.collect(try await device.frames(for: Self.rightEye), count: 100)
        #expect(error as? BiocapError == .transferTimeout(device: "sim-iris-0", endpoint: 0x82))
        #expect(frames.count > 15)
        _ = try await device.frames(for: Self.rightEye)
    }

    @Test func fingerTimelineGoesFromEmptyToStableContact() async throws {
        let device = SimulatedFingerprintScanner(options: SimulationOptions(id: "sim-finger-0", seed: 21, timeScale: 0))
        try await device.open()
        let (frames, _) = await Self.collect(try await device.frames(for: Self.fingerRequest), count: 20)
        #expect(frames.count == 20)
        let images = frames.map { $0.views[0].image.gray }
        #expect(images.allSatisfy { $0.width == 400 && $0.height == 500 })
        let region = (100, 150, 300, 400)
        let energy = images.map { ImageMeasures.gradientEnergy($0, x0: region.0, y0: region.1, x1: region.2, y1: region.3) }
        #expect(energy[0] < energy[19] / 4, "empty platen first: \(energy)")
        #expect(energy[5] < energy[19], "placement has less contrast than settled: \(energy)")
        #expect(frames[19].elapsed == .milliseconds(1900))
        #expect(try await device.selfTest().passed)
    }

    @Test func singleFingerNeverArrivesWhenMissing() async throws {
        let device = SimulatedFingerprintScanner(options: SimulationOptions(id: "sim-finger-0", seed: 21, scenario: .missingFinger, timeScale: 0))
        try await device.open()
        let (frames, _) = await Self.collect(try await device.frames(for: Self.fingerRequest), count: 20)
        let last = try #require(frames.last).views[0].image.gray
        #expect(ImageMeasures.gradientEnergy(last, x0: 100, y0: 150, x1: 300, y1: 400) < 8)
    }

    @Test func faceCameraStreamsColourFramesAndSelfTests() async throws {
        let device = SimulatedFaceCamera(options: SimulationOptions(id: "sim-face-0", seed: 21, timeScale: 0))
        try await device.open()
        let (frames, _) = await Self.collect(try await device.frames(for: CaptureRequest(modality: .face, positions: [.face])), count: 2)
        #expect(frames.count == 2)
        guard case .rgb(let image)? = frames.first?.views.first?.image else {
            Issue.record("face frames must be colour")
            return
        }
        #expect(image.width == 1280 && image.height == 720)
        #expect(try await device.selfTest().passed)
    }
}

