import BiocapCore
import BiocapDeviceKit
import BiocapDevices
import BiocapImaging
@testable import BiocapSimulation
@testable import BiocapUVC
import Testing

@Suite struct UVCCameraTests {
    static let faceRequest = CaptureRequest(modality: .face, positions: [.face])
    static let irisRequest = CaptureRequest(modality: .iris, positions: [.iris(.left)])

    func camera(_ model: SimulatedUVCModel, faults: SimulatedUVCFaults = SimulatedUVCFaults()) -> (UVCCamera, SimulatedUVCTransport) {
        let options = SimulationOptions(id: "uvc-test-\(model.rawValue)", seed: 7, timeScale: 0)
        let transport = SimulatedUVCTransport(model: model, options: options, faults: faults)
        let camera = UVCCamera(id: options.id, transport: transport, profile: model == .face ? .face : .iris, simulated: true)
        return (camera, transport)
    }

    func take(_ count: Int, from stream: AsyncThrowingStream<Frame, any Error>) async throws -> [Frame] {
        var frames: [Frame] = []
        for try await frame in stream {
            frames.append(frame)
            if frames.count == count { break }
        }
        return frames
    }

    @Test func streamsMJPEGFaceFrames() async throws {
        let (camera, transport) = camera(.face)
        try await camera.open()
        let descriptor = await camera.descriptor
        #expect(descriptor.capabilities.imageWidth == 1280 && descriptor.capabilities.imageHeight == 720)
        #expect(descriptor.capabilities.colour && descriptor.capabilities.framesPerSecond == 15)
        #expect(descriptor.capabilities.controls == UVCControl.allCases.map(\.rawValue))
        #expect(transport.claimedInterfaces == [0, 1])

        let frames = try await take(3, from: try await camera.frames(for: Self.faceRequest))
        #expect(frames.count == 3)
        #expect(frames.map(\.index) == [0, 1, 2])
        let jpeg = try JPEGDecoder()
        for frame in frames {
            let view = try #require(frame.views.first)
            // The gate scores the frame decoded at 1/2 (UVCProfile.face.gateWidth); the frame itself is kept, encoded.
            guard case .rgb(let gate) = view.image, case .rgb(let image) = try #require(view.fullResolution).decoded(with: jpeg) else {
                Issue.record("face frames are colour")
                continue
            }
            #expect(gate.width == 640 && gate.height == 360)
            #expect(image.width == 1280 && image.height == 720)
            #expect(view.position == .face)
            // A real face picture, not a flat fill: the grey levels spread.
            #expect(SimulatedDeviceSupport.greySpread(image.luma()) >= 60)
            #expect(SimulatedDeviceSupport.greySpread(gate.luma()) >= 60)
        }
        let mode = try #require(await camera.negotiatedMode)
        #expect(mode.format.pixelFormat == .mjpeg && mode.control.maxVideoFrameSize == 1280 * 720 * 2)
        #expect(mode.alternateSetting == 5 && mode.streamMode == .isochronous(packetsPerTransfer: 32, packetSize: 3072))
        #expect(transport.committed?.formatIndex == 1 && transport.committed?.frameIndex == 1)
        let statistics = try #require(await camera.statistics)
        #expect(statistics.framesDelivered >= 3 && statistics.framesDropped == 0)

        await camera.close()
        #expect(transport.claimedInterfaces.isEmpty)
        #expect(transport.currentAlternateSetting == 0)
    }

    @Test func streamsY8IrisFrames() async throws {
        let (camera, transport) = camera(.iris)
        try await camera.open()
        let frames = try await take(2, from: try await camera.frames(for: Self.irisRequest))
        #expect(frames.count == 2)
        let view = try #require(frames.last?.views.first)
        #expect(view.position == .iris(.left))
        guard case .gray(let image) = view.image else {
            Issue.record("iris frames are grey")
            return
        }
        #expect(image.width == 640 && image.height == 480)
        // A real eye picture, not a flat fill (early frames of the approach are still blurred).
        #expect(SimulatedDeviceSupport.greySpread(image) >= 20)
        let mode = try #require(await camera.negotiatedMode)
        #expect(mode.format.pixelFormat == .gray8 && mode.expectedFrameSize == 640 * 480)
        #expect(mode.alternateSetting == 4)  // 2 × 1024 carries the 2048-byte payloads
        await camera.close()
        #expect(transport.currentAlternateSetting == 0)
    }

    @Test func settingsAreAppliedBeforeStreaming() async throws {
        let (camera, transport) = camera(.iris)
        await camera.updateSettings(UVCSettings(autoExposure: false, exposureTime: 300, gain: 999, autoWhiteBalance: false))
        try await camera.open()
        _ = try await take(1, from: try await camera.frames(for: Self.irisRequest))
        #expect(transport.controlValue(.autoExposureMode) == 1)
        #expect(transport.controlValue(.exposureTime) == 300)
        #expect(transport.controlValue(.gain) == 255)  // clamped to GET_MAX
        #expect(transport.controlValue(.autoWhiteBalance) == 0)
        #expect(try await camera.controlValue(.exposureTime) == 300)
        await camera.close()
    }

    @Test func faultyFramesAreDroppedNotDelivered() async throws {
        let faults = SimulatedUVCFaults(errorFrames: [1], badHeaderFrames: [2], packetErrorFrames: [3], truncatedFrames: [4], oversizeFrames: [5])
        let (camera, _) = camera(.iris, faults: faults)
        try await camera.open()
        let frames = try await take(3, from: try await camera.frames(for: Self.irisRequest))
        #expect(frames.count == 3)
        let statistics = try #require(await camera.statistics)
        #expect(statistics.droppedError == 3)
        #expect(statistics.droppedShort == 1)
        #expect(statistics.droppedOverflow == 1)
        #expect(statistics.packetErrors == 2)
        #expect(statistics.framesDelivered >= 3)
        // Frames 0, 6 and 7 arrive: the simulated eye moves, so the pictures differ.
        await camera.close()
    }

    @Test func unplugEndsTheCaptureAndAFreshTransportReopens() async throws {
        let options = SimulationOptions(id: "uvc-unplug", seed: 3, timeScale: 0)
        let camera = SimulatedUVCCamera.make(options: options, profile: .iris, faults: SimulatedUVCFaults(unplugBeforeFrame: 2))
        try await camera.open()
        var received = 0
        await #expect(throws: BiocapError.deviceDisconnected(device: "uvc-unplug")) {
            for try await _ in try await camera.frames(for: Self.irisRequest) { received += 1 }
        }
        #expect(received <= 2)
        await #expect(throws: BiocapError.deviceDisconnected(device: "uvc-unplug")) { try await camera.frames(for: Self.irisRequest) }
        try await camera.open()  // reconnects to a fresh simulated transport
        let frames = try await take(1, from: try await camera.frames(for: Self.irisRequest))
        #expect(frames.count == 1)
        await camera.close()
    }

    @Test func oneCaptureAtATime() async throws {
        let (camera, _) = camera(.iris)
        try await camera.open()
        let first = try await camera.frames(for: Self.irisRequest)
        await #expect(throws: BiocapError.deviceBusy(device: "uvc-test-iris")) { try await camera.frames(for: Self.irisRequest) }
        _ = try await take(1, from: first)
        await camera.close()
        await #expect(throws: BiocapError.deviceNotOpen(device: "uvc-test-iris")) { try await camera.frames(for: Self.irisRequest) }
        await #expect(throws: BiocapError.self) {
            try await camera.frames(for: CaptureRequest(modality: .iris, positions: [.iris(.left), .iris(.right)]))
        }
    }

    @Test func selfTestReportsTheStream() async throws {
        let (camera, _) = camera(.iris)
        let report = try await camera.selfTest(timeout: .seconds(60))
        #expect(report.checks.map(\.name) == ["communication", "formats", "negotiated-mode", "frame-rate", "dropped-frames", "exposure", "still-image"])
        #expect(report.passed, "\(report.checks)")
        #expect(report.checks[2].detail.contains("Y8 640×480"))
    }

    @Test func simulatedDriversAreRegistered() async throws {
        for (name, modality) in [("uvc-face", Modality.face), ("uvc-iris", .iris)] {
            let driver = try #require(DriverRegistry.standard.simulatedDriver(named: name))
            #expect(driver.modality == modality)
            let device = driver.make(SimulationOptions(id: "sim-\(name)", timeScale: 0))
            #expect(await device.descriptor.driver == name)
        }
    }
}
