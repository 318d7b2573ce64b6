import BiocapCore
import BiocapDeviceKit
@testable import BiocapSimulation
@testable import BiocapUVC
import Testing

/// Still image capture (UVC 1.5 §2.4.2.4): the still image frame descriptor, still probe/commit
/// and trigger bytes, method 2 stills from the simulated face camera, and the method 1 fallback.
@Suite struct UVCStillImageTests {
    func camera(_ model: SimulatedUVCModel) -> (UVCCamera, SimulatedUVCTransport) {
        let options = SimulationOptions(id: "uvc-still-\(model.rawValue)", seed: 11, timeScale: 0)
        let transport = SimulatedUVCTransport(model: model, options: options)
        let camera = UVCCamera(id: options.id, transport: transport, profile: model == .face ? .face : .iris, simulated: true)
        return (camera, transport)
    }

    /// The offset of the face camera's VS_STILL_IMAGE_FRAME (two sizes, one compression: 15 bytes).
    func stillDescriptorOffset(_ bytes: [UInt8]) throws -> Int {
        let pattern: [UInt8] = [15, 0x24, 0x03, 0, 2]
        let found = (0..<(bytes.count - pattern.count)).first { offset in Array(bytes[offset..<(offset + pattern.count)]) == pattern }
        return try #require(found)
    }

    @Test func parsesTheStillImageFrameDescriptor() throws {
        let face = try UVCDescriptorParser.parse(SimulatedUVCDescriptors.make(.face))
        let streaming = try #require(face.streamingInterfaces.first)
        #expect(streaming.stillCaptureMethod == .videoEndpoint && !streaming.triggerSupport)
        let still = try #require(streaming.formats.first?.stillFrame)
        #expect(still.endpointAddress == 0 && still.compressions == [1])
        #expect(still.sizes == [.init(width: 1920, height: 1080), .init(width: 1280, height: 720)])
        #expect(still.largest == .init(width: 1920, height: 1080) && still.index(width: 1280, height: 720) == 2)
        #expect(streaming.formats[1].stillFrame == nil)
        let iris = try UVCDescriptorParser.parse(SimulatedUVCDescriptors.make(.iris))
        #expect(iris.streamingInterfaces.first?.stillCaptureMethod == UVCStillCaptureMethod.none)
        #expect(iris.streamingInterfaces.first?.formats.allSatisfy { $0.stillFrame == nil } == true)
    }

    @Test func lyingStillDescriptorCountsThrow() throws {
        let bytes = SimulatedUVCDescriptors.make(.face)
        let offset = try stillDescriptorOffset(bytes)
        var sizes = bytes
        sizes[offset + 4] = 3  // three size patterns in a descriptor with room for two
        #expect(throws: UVCDescriptorError.truncated(offset: offset, what: "still image frame")) { try UVCDescriptorParser.parse(sizes) }
        var compressions = bytes
        compressions[offset + 13] = 2  // two compression patterns, one byte of room
        #expect(throws: UVCDescriptorError.truncated(offset: offset, what: "still image frame")) { try UVCDescriptorParser.parse(compressions) }
        var none = bytes
        none[offset + 4] = 0
        #expect(throws: UVCDescriptorError.self) { try UVCDescriptorParser.parse(none) }
    }

    @Test func stillProbeCommitAndTriggerBytes() async throws {
        let configuration = SimulatedUVCDescriptors.make(.face)
        let description = try UVCDescriptorParser.parse(configuration)
        let interface = try #require(description.streamingInterfaces.first)
        let format = try #require(interface.formats.first)
        // The camera answers the still probe with its sizes: 1280×720×2 B, 3072 B payloads.
        let answer: [UInt8] = [1, 2, 1, 0x00, 0x20, 0x1c, 0x00, 0x00, 0x0c, 0x00, 0x00]
        let transport = UVCScriptedTransport(configuration: configuration, replies: [(0x81, 0x0300, 1, answer)])
        let negotiator = UVCNegotiator(transport: transport, description: description, interface: interface)
        let agreed = try await negotiator.negotiateStill(format: format, sizeIndex: 2)
        #expect(agreed.maxVideoFrameSize == 1280 * 720 * 2 && agreed.maxPayloadTransferSize == 3072)
        try await negotiator.triggerStill()
        #expect(transport.transfers == [
            .init(requestType: 0x21, request: 0x01, value: 0x0300, index: 1, length: 11, data: [1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
            .init(requestType: 0xa1, request: 0x81, value: 0x0300, index: 1, length: 11, data: answer),
            .init(requestType: 0x21, request: 0x01, value: 0x0400, index: 1, length: 11, data: answer),
            .init(requestType: 0x21, request: 0x01, value: 0x0500, index: 1, length: 1, data: [1]),
        ])
        // A camera answering a still size its descriptor does not list is refused.
        let liar = UVCScriptedTransport(configuration: configuration, replies: [(0x81, 0x0300, 1, [1, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0])])
        await #expect(throws: UVCNegotiationError.self) {
            try await UVCNegotiator(transport: liar, description: description, interface: interface).negotiateStill(format: format, sizeIndex: 1)
        }
    }

    @Test func capturesAMethod2StillFromTheFaceCamera() async throws {
        let (camera, transport) = camera(.face)
        try await camera.open()
        let support = try #require(await camera.stillSupport)
        #expect(support.method == .videoEndpoint && support.still?.largest == .init(width: 1920, height: 1080))
        let image = try await camera.captureStill()
        guard case .rgb(let rgb) = image else {
            Issue.record("the face still is colour")
            return
        }
        #expect(rgb.width == 1920 && rgb.height == 1080)
        #expect(SimulatedDeviceSupport.greySpread(rgb.luma()) >= 60)
        #expect(transport.committedStill?.formatIndex == 1 && transport.committedStill?.frameIndex == 1)
        // The video stream was 1280×720 all along, and the interface is back at zero bandwidth.
        #expect(transport.committed?.frameIndex == 1 && transport.currentAlternateSetting == 0)
        await #expect(throws: BiocapError.self) { try await camera.captureStill(size: (640, 480)) }
        await camera.close()
    }

    @Test func fallsBackToAVideoFrameWithoutStillSupport() async throws {
        let (camera, transport) = camera(.iris)
        await #expect(throws: BiocapError.deviceNotOpen(device: "uvc-still-iris")) { try await camera.captureStill() }
        try await camera.open()
        #expect(await camera.stillSupport?.method == UVCStillCaptureMethod.none)
        let image = try await camera.captureStill()
        guard case .gray(let gray) = image else {
            Issue.record("the iris still is grey")
            return
        }
        #expect(gray.width == 640 && gray.height == 480)
        #expect(SimulatedDeviceSupport.greySpread(gray) >= 30)
        #expect(transport.committedStill == nil)
        await camera.close()
    }

    @Test func selfTestReportsTheStill() async throws {
        let (camera, _) = camera(.face)
        try await camera.open()
        let check = await camera.stillImageCheck()
        #expect(check.name == "still-image" && check.passed, "\(check)")
        #expect(check.detail.contains("method 2") && check.detail.contains("1920×1080 colour"), "\(check.detail)")
        await camera.close()
        let iris = self.camera(.iris).0
        try await iris.open()
        let irisCheck = await iris.stillImageCheck()
        #expect(irisCheck.passed && irisCheck.detail.contains("none"), "\(irisCheck.detail)")
        await iris.close()
    }
}
