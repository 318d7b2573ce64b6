import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapUVC
import Testing

@Suite struct UVCNegotiationTests {
    /// The recorded probe: GET_DEF, SET_CUR, GET_CUR of VS_PROBE_CONTROL on interface 1, 26 bytes each.
    func recordedProbe() throws -> [UVCRecording.ControlTransfer] {
        let probe = try UVCRecording.c310ClassControlTransfers().filter { $0.index == 1 && $0.value == 0x0100 }
        try #require(probe.count == 3)
        return probe
    }

    @Test func theRecordingHasThe26ByteProbe() throws {
        let probe = try recordedProbe()
        #expect(probe.map(\.request) == [0x87, 0x01, 0x81])
        #expect(probe.map(\.requestType) == [0xa1, 0x21, 0xa1])
        #expect(probe.allSatisfy { $0.length == 26 && $0.data.count == 26 })
        let block = UVCStreamingControl(bytes: probe[0].data, length: 26)
        #expect((block.formatIndex, block.frameIndex, block.frameInterval) == (1, 1, 333_333))
        #expect((block.maxVideoFrameSize, block.maxPayloadTransferSize) == (614_400, 3060))
    }

    @Test func negotiationIssuesTheRecordedRequestsFor640x480YUY2() async throws {
        let probe = try recordedProbe()
        let description = try UVCDescriptorParser.parse(try UVCRecording.c310Configuration())
        let transport = UVCScriptedTransport(configuration: [], replies: [
            (0x87, 0x0100, 1, probe[0].data), (0x81, 0x0100, 1, probe[2].data),
        ])
        let interface = try #require(description.streamingInterfaces.first)
        let yuy2 = interface.formats[0]
        let mode = try await UVCNegotiator(transport: transport, description: description, interface: interface)
            .negotiate(format: yuy2, frame: yuy2.frames[0])
        let sent = transport.transfers
        #expect(Array(sent.prefix(3)) == probe)
        // Then the commit of what the camera agreed to.
        #expect(sent.count == 4)
        #expect(sent.last == UVCRecording.ControlTransfer(requestType: 0x21, request: 0x01, value: 0x0200, index: 1, length: 26, data: probe[2].data))
        #expect(mode.format.pixelFormat == .yuy2 && mode.frame.width == 640 && mode.frame.height == 480)
        #expect(mode.maxFrameSize == 614_400 && mode.expectedFrameSize == 614_400)
        #expect(mode.alternateSetting == 11)
        #expect(mode.streamMode == .isochronous(packetsPerTransfer: 32, packetSize: 3060))
        #expect(mode.endpoint == 0x81)
        #expect(abs(mode.framesPerSecond - 30) < 0.01)
    }

    @Test func aZeroFrameSizeFallsBackToTheDescriptors() async throws {
        let probe = try recordedProbe()
        let description = try UVCDescriptorParser.parse(try UVCRecording.c310Configuration())
        let interface = try #require(description.streamingInterfaces.first)
        for (formatIndex, frameIndex, expected) in [(UInt8(1), UInt8(18), 1280 * 720 * 2), (2, 18, 1_843_200)] {
            var reply = UVCStreamingControl(bytes: probe[0].data, length: 26)
            reply.formatIndex = formatIndex
            reply.frameIndex = frameIndex
            reply.maxVideoFrameSize = 0
            reply.maxPayloadTransferSize = 1000
            let transport = UVCScriptedTransport(configuration: [], replies: [(0x87, 0x0100, 1, probe[0].data), (0x81, 0x0100, 1, reply.bytes)])
            let format = interface.formats[Int(formatIndex) - 1]
            let mode = try await UVCNegotiator(transport: transport, description: description, interface: interface)
                .negotiate(format: format, frame: format.frames[Int(frameIndex) - 1])
            #expect(mode.control.maxVideoFrameSize == UInt32(expected))
            #expect(mode.maxFrameSize == expected)
            #expect(mode.alternateSetting == 7)
            // The SET_CUR asked for the requested format, frame and the frame's default interval.
            let set = UVCStreamingControl(bytes: transport.transfers[1].data, length: 26)
            #expect((set.formatIndex, set.frameIndex) == (formatIndex, frameIndex))
            #expect(set.frameInterval == format.frames[Int(frameIndex) - 1].defaultInterval)
        }
    }

    @Test func anAnswerNamingAnUnknownFormatIsRejected() async throws {
        let probe = try recordedProbe()
        let description = try UVCDescriptorParser.parse(try UVCRecording.c310Configuration())
        let interface = try #require(description.streamingInterfaces.first)
        var reply = UVCStreamingControl(bytes: probe[0].data, length: 26)
        reply.formatIndex = 9
        let transport = UVCScriptedTransport(configuration: [], replies: [(0x87, 0x0100, 1, probe[0].data), (0x81, 0x0100, 1, reply.bytes)])
        await #expect(throws: UVCNegotiationError.unknownFormat(formatIndex: 9, frameIndex: 1)) {
            try await UVCNegotiator(transport: transport, description: description, interface: interface)
                .negotiate(format: interface.formats[0], frame: interface.formats[0].frames[0])
        }
    }

    @Test func blockLengthFollowsTheUVCVersion() {
        for (version, length) in [(UInt16(0x0100), 26), (0x0110, 34), (0x0150, 48)] {
            let description = UVCDeviceDescription(
                uvcVersion: version, controlInterface: 0, cameraTerminal: nil, processingUnit: nil, outputTerminals: [], streamingInterfaces: [])
            #expect(description.probeLength == length)
        }
        var block = UVCStreamingControl(length: 26)
        block.clockFrequency = 48_000_000  // beyond a 1.0 block: ignored
        #expect(block.bytes == [UInt8](repeating: 0, count: 26) && block.clockFrequency == 0)
    }

    @Test func controlsUseTheUnitAndInterfaceInWIndex() async throws {
        let description = try UVCDescriptorParser.parse(try UVCRecording.c310Configuration())
        let transport = UVCScriptedTransport(configuration: [], replies: [
            (0x82, 0x0400, 0x0100, [1, 0, 0, 0]), (0x83, 0x0400, 0x0100, [0x10, 0x27, 0, 0]), (0x81, 0x0400, 0x0100, [0x53, 0, 0, 0]),
        ])
        let controls = UVCControlClient(transport: transport, description: description)
        #expect(try await controls.get(.exposureTime) == 0x53)
        try await controls.set(.exposureTime, to: 20_000)  // clamped to GET_MAX 10000
        let set = try #require(transport.transfers.last)
        #expect(set == UVCRecording.ControlTransfer(requestType: 0x21, request: 0x01, value: 0x0400, index: 0x0100, length: 4, data: [0x10, 0x27, 0, 0]))
        await #expect(throws: UVCControlError.unsupported(.focus)) { try await controls.set(.focus, to: 3) }
    }

    @Test func aBulkEndpointStreamsInBulkWithoutAnAlternateSetting() async throws {
        let probe = try recordedProbe()
        let c310 = try UVCDescriptorParser.parse(try UVCRecording.c310Configuration())
        var interface = try #require(c310.streamingInterfaces.first)
        interface.alternateSettings = [UVCAlternateSetting(setting: 0, endpoint: 0x81, transferType: 2, rawMaxPacketSize: 512)]
        let transport = UVCScriptedTransport(configuration: [], replies: [(0x87, 0x0100, 1, probe[0].data), (0x81, 0x0100, 1, probe[2].data)])
        let mode = try await UVCNegotiator(transport: transport, description: c310, interface: interface)
            .negotiate(format: interface.formats[0], frame: interface.formats[0].frames[0])
        #expect(mode.streamMode == .bulk(transferSize: 3060))
        #expect(mode.alternateSetting == 0 && mode.endpoint == 0x81)
    }
}
