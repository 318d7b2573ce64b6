import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Testing

@Suite("Egis 0570 swipe driver: recorded session, faults, frames")
struct Egis0570DriverTests {
    static let device = "usb-test"

    @Test("the recorded swipe gives libfprint's image exactly (2× bilinear included), reply reads interleaved as recorded")
    func recordedSession() async throws {
        let transport = RecordedURBReplayTransport(events: try SwipeRecordings.egis0570Events())
        let device = USBFingerprintDevice<Egis0570Driver>(id: Self.device, location: SwipeRecordings.egis0570Location, transport: transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        await device.close()
        #expect(transport.mismatches == [])
        let image = try #require(frame.views.first?.image.gray)
        #expect(image.width == 304 && image.height == 618)
        #expect(RecordedSessions.maximumDifference(image, try RecordedSessions.expectedImage("egis0570")) == 0)
    }

    /// Where a fault goes: the n-th image read (0 = the background read).
    struct Fault: Sendable {
        var name: String
        var fault: RecordedUSBTransport.Fault
        var imageRead: Int
        var expected: RecordedFaultCase.Expected
    }

    static let faults: [Fault] = [
        .init(name: "truncated image read", fault: .truncate(count: 20_000), imageRead: 5, expected: .protocolViolation(containing: "truncated image read")),
        .init(name: "stall on the background read", fault: .fail(.stall(endpoint: 0x83)), imageRead: 0,
              expected: .exactly(.transferStall(device: device, endpoint: 0x83))),
        .init(name: "timeout on an image read", fault: .fail(.timeout(endpoint: 0x83)), imageRead: 5,
              expected: .exactly(.transferTimeout(device: device, endpoint: 0x83))),
        .init(name: "unplugged mid-swipe", fault: .fail(.noDevice), imageRead: 8, expected: .exactly(.deviceDisconnected(device: device))),
    ]

    /// Recorded submissions of `endpoint` with `length` bytes, in order (indices into the transport's events).
    static func submissions(_ transport: RecordedURBReplayTransport, endpoint: UInt8, length: Int? = nil) -> [Int] {
        transport.events.indices.filter {
            transport.events[$0].type == UInt8(ascii: "S") && transport.events[$0].endpoint == endpoint
                && (length == nil || transport.events[$0].length == length)
        }
    }

    @Test("a fault ends the stream with the right error; after a replug the same actor re-initialises and captures libfprint's image")
    func faultThenRecovery() async throws {
        let expected = try RecordedSessions.expectedImage("egis0570")
        for fault in Self.faults {
            // The URB replay keeps each reply read queued while the next packet goes out, as recorded.
            let transport = RecordedURBReplayTransport(events: try SwipeRecordings.egis0570Events())
            let reads = Self.submissions(transport, endpoint: 0x83, length: Egis0570WireFormat.dataLength)
            transport.inject(fault.fault, atSubmission: reads[fault.imageRead])
            let device = USBFingerprintDevice<Egis0570Driver>(id: Self.device, location: SwipeRecordings.egis0570Location, transport: transport)
            try await device.open()
            let error = await RecordedSessions.firstFrameError(device, timeout: .seconds(60))
            let check = RecordedFaultCase(name: fault.name, fault: fault.fault, call: 0, expected: fault.expected)
            #expect(check.accepts(error), "\(fault.name): got \(error.map { "\($0)" } ?? "a frame")")
            transport.rewind()
            let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
            await device.close()
            let image = try #require(frame.views.first?.image.gray)
            #expect(RecordedSessions.maximumDifference(image, expected) == 0, "\(fault.name)")
        }
    }

    @Test("a stall on a packet write while its predecessor's reply read is queued ends the capture cleanly")
    func stallOnWrite() async throws {
        let transport = RecordedURBReplayTransport(events: try SwipeRecordings.egis0570Events())
        let write = try #require(Self.submissions(transport, endpoint: 0x04).dropFirst(3).first)
        transport.inject(.fail(.stall(endpoint: 0x04)), atSubmission: write)
        let device = USBFingerprintDevice<Egis0570Driver>(id: Self.device, location: SwipeRecordings.egis0570Location, transport: transport)
        try await device.open()
        let error = await RecordedSessions.firstFrameError(device, timeout: .seconds(60))
        #expect(error == .transferStall(device: Self.device, endpoint: 0x04))
        await device.close()
    }

    @Test("background removal keeps only what is more than 3 above the background; the mean decides finger-on")
    func frames() throws {
        var data = [UInt8](repeating: 10, count: Egis0570WireFormat.dataLength)
        let background = try Egis0570WireFormat.background(data)
        #expect(background.allSatisfy { $0 == 10 })
        let top = Egis0570WireFormat.frameTop * Egis0570WireFormat.imageWidth
        for index in 0..<Egis0570WireFormat.frameSize { data[top + index] = 50 }
        data[top] = 13
        let seen = try Egis0570WireFormat.frames(data, background: background)
        #expect(seen.count == 5)
        #expect(seen[0].finger && !seen[1].finger)
        #expect(seen[0].frame.pixels[0] == 0 && seen[0].frame.pixels[1] == 40)
        #expect(throws: FingerprintDriverError.self) { try Egis0570WireFormat.frames(Array(data.prefix(100)), background: background) }
    }
}
