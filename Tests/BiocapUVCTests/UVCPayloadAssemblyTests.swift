import BiocapDeviceKit
@testable import BiocapUVC
import Synchronization
import Testing

@Suite struct UVCPayloadAssemblyTests {
    @Test func fidAndEOFDelimitFrames() {
        let harness = UVCPayloadHarness(expectedFrameSize: 6)
        harness.send(fid: 0, pts: 1000, [1, 2, 3])
        harness.send(fid: 0, eof: true, [4, 5, 6])
        harness.send(fid: 0, eof: true, [9, 9])  // a straggler of the finished frame: ignored
        harness.payload([])  // empty isochronous packet
        harness.send(fid: 1, [7, 8])
        harness.send(fid: 1, [9, 10, 11, 12])
        harness.send(fid: 0, eof: true, [1, 1, 1, 1, 1, 1])  // FID toggles without EOF: ends the previous frame
        #expect(harness.delivered == [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12], [1, 1, 1, 1, 1, 1]])
        #expect(harness.firstPresentationTime == 1000)
        #expect(harness.statistics.framesDelivered == 3 && harness.statistics.framesDropped == 0)
    }

    @Test func theErrorBitDropsTheFrame() {
        let harness = UVCPayloadHarness(expectedFrameSize: 4)
        harness.send(fid: 0, [1, 2])
        harness.send(fid: 0, eof: true, error: true, [3, 4])
        harness.send(fid: 1, eof: true, [5, 6, 7, 8])
        #expect(harness.delivered == [[5, 6, 7, 8]])
        #expect(harness.statistics.droppedError == 1)
    }

    @Test func badHeaderLengthsAreCountedAndSpoilTheFrame() {
        let harness = UVCPayloadHarness(expectedFrameSize: 4)
        harness.send(fid: 0, [1, 2])
        harness.payload([0, 0x80, 1, 2])  // bHeaderLength 0
        harness.payload([1])  // shorter than a header
        harness.payload([40, 0x80, 1])  // longer than the payload
        harness.payload([4, 0x84, 0, 0])  // PTS flagged but the header too short to hold it
        harness.send(fid: 0, eof: true, [3, 4])
        harness.send(fid: 1, eof: true, [5, 6, 7, 8])
        #expect(harness.delivered == [[5, 6, 7, 8]])
        #expect(harness.statistics.packetErrors == 4)
        #expect(harness.statistics.droppedError == 1)
    }

    @Test func shortUncompressedFramesAreDropped() {
        let harness = UVCPayloadHarness(expectedFrameSize: 4)
        harness.send(fid: 0, eof: true, [1, 2, 3])
        harness.send(fid: 1, eof: true, [1, 2, 3, 4, 5])
        harness.send(fid: 0, eof: true, [1, 2, 3, 4])
        #expect(harness.delivered == [[1, 2, 3, 4]])
        #expect(harness.statistics.droppedShort == 2)
    }

    @Test func framesBeyondTheMaximumOverflow() {
        let harness = UVCPayloadHarness(maxFrameSize: 5)
        harness.send(fid: 0, [1, 2, 3])
        harness.send(fid: 0, eof: true, [4, 5, 6])
        harness.send(fid: 1, eof: true, [1, 2, 3, 4, 5])
        #expect(harness.delivered == [[1, 2, 3, 4, 5]])
        #expect(harness.statistics.droppedOverflow == 1)
    }

    @Test func aFailedPacketDropsTheFrame() {
        let harness = UVCPayloadHarness()
        harness.send(fid: 0, [1, 2])
        harness.assembler.handle(.packetError)
        harness.send(fid: 0, eof: true, [3])
        harness.send(fid: 1, eof: true, [4])
        #expect(harness.delivered == [[4]])
        #expect(harness.statistics.packetErrors == 1 && harness.statistics.droppedError == 1)
    }

    @Test func mjpegFramesMustStartWithSOI() {
        let harness = UVCPayloadHarness(jpeg: true)
        harness.send(fid: 0, eof: true, [0x12, 0x34, 0xff, 0xd9])
        harness.send(fid: 1, eof: true, [0xff, 0xd8, 0xff, 0xd9])
        #expect(harness.delivered == [[0xff, 0xd8, 0xff, 0xd9]])
        #expect(harness.statistics.droppedShort == 1)
    }

    @Test func theEndOfTheStreamIsReportedAndCutsTheFrame() {
        let harness = UVCPayloadHarness()
        harness.send(fid: 0, [1, 2])
        harness.assembler.handle(.ended(.noDevice))
        #expect(harness.delivered.isEmpty)
        #expect(harness.endings == [.noDevice])
        #expect(harness.assembler.counters.end == .some(.noDevice))
        #expect(harness.statistics.droppedShort == 1)
    }

    @Test func headerParsesPTSAndSCR() throws {
        let bytes: [UInt8] = [12, 0x8d, 0x78, 0x56, 0x34, 0x12, 1, 0, 0, 0, 0x34, 0xfa, 9]
        let header = try #require(bytes.withUnsafeBytes { UVCPayloadHeader($0) })
        #expect(header.length == 12 && header.frameID == 1 && !header.endOfFrame && !header.error)
        #expect(header.presentationTime == 0x1234_5678)
        #expect(header.sourceClock?.time == 1 && header.sourceClock?.sof == 0x234)
    }
}

/// Feeds scripted events to an assembler and collects what it delivers.
final class UVCPayloadHarness: Sendable {
    final class Sink: Sendable {
        let frames = Mutex<[UVCRawFrame]>([])
        let ended = Mutex<[USBTransferError?]>([])
    }
    let sink: Sink
    let assembler: UVCFrameAssembler
    var firstPresentationTime: UInt32? { sink.frames.withLock { $0.first?.presentationTime } }
    var endings: [USBTransferError?] { sink.ended.withLock { $0 } }

    init(maxFrameSize: Int = 64, expectedFrameSize: Int? = nil, jpeg: Bool = false) {
        let sink = Sink()
        self.sink = sink
        assembler = UVCFrameAssembler(
            maxFrameSize: maxFrameSize, expectedFrameSize: expectedFrameSize, expectsJPEG: jpeg,
            deliver: { frame in sink.frames.withLock { $0.append(frame) } }, finished: { error in sink.ended.withLock { $0.append(error) } })
    }

    func payload(_ bytes: [UInt8]) { bytes.withUnsafeBytes { assembler.handle(.payload($0)) } }

    /// A payload with a 2-byte header (or 12 with PTS and SCR).
    func send(fid: UInt8, eof: Bool = false, error: Bool = false, pts: UInt32? = nil, _ data: [UInt8]) {
        var flags = fid | (eof ? 0x02 : 0) | (error ? 0x40 : 0) | 0x80
        var header: [UInt8] = []
        if let pts {
            flags |= 0x0c
            header = (0..<4).map { UInt8(truncatingIfNeeded: pts >> (8 * $0)) } + [1, 2, 3, 4, 0xff, 0x07]
        }
        payload([UInt8(2 + header.count), flags] + header + data)
    }

    var delivered: [[UInt8]] { sink.frames.withLock { $0.map(\.bytes) } }
    var statistics: UVCStreamStatistics { assembler.counters.statistics }
}
