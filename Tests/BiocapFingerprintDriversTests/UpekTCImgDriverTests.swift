import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Testing

@Suite("UPEK TouchChip driver faults and Ciao frames")
struct UpekTCImgDriverTests {
    static let device = "usb-test"

    // Calls: 0–11 open (control, init 1–4, each with a reply); 12 init capture; 13 status (no
    // finger); 14 ack; 15 command 0x08; 16 ack; 17 status (finger); 18 ack; 19/20 first image frame
    // (64 + 1988); 21 ack; 22/23 next frame …
    static let faults: [RecordedFaultCase] = [
        .init(name: "bad CRC in an image frame", fault: .corrupt(index: 500), call: 20, expected: .protocolViolation(containing: "CRC")),
        .init(name: "bad CRC in a short reply", fault: .corrupt(index: 4), call: 15, expected: .protocolViolation(containing: "CRC")),
        .init(name: "truncated frame continuation", fault: .truncate(count: 100), call: 23, expected: .protocolViolation(containing: "truncated Ciao frame")),
        .init(name: "reply without Ciao header", fault: .truncate(count: 3), call: 13, expected: .protocolViolation(containing: "not a Ciao frame")),
        .init(name: "stall on an acknowledgement", fault: .fail(.stall(endpoint: 0x02)), call: 21, expected: .exactly(.transferStall(device: device, endpoint: 0x02))),
        .init(name: "timeout on a frame read", fault: .fail(.timeout(endpoint: 0x81)), call: 22, expected: .exactly(.transferTimeout(device: device, endpoint: 0x81))),
        .init(name: "unplugged mid-frame", fault: .fail(.noDevice), call: 20, expected: .exactly(.deviceDisconnected(device: device))),
    ]

    @Test("a fault ends the stream with the right error; the same actor re-initialises and captures", arguments: faults)
    func faultThenRecovery(_ fault: RecordedFaultCase) async throws {
        let image = try await fault.run(UpekTCImgDriver.self, transfers: RecordedSessions.upektc(), location: RecordedSessions.upekLocation)
        #expect(image.pixels == (try RecordedSessions.expectedImage("upektc_img")).pixels)
    }

    @Test("CRC-16 is XMODEM's (poly 0x1021, init 0)")
    func crcCheckValue() {
        #expect(UpekCiaoFrame.crc16(Array("123456789".utf8)) == 0x31c3)
    }

    @Test("every reply the device sent has a valid CRC; flipping any byte of one is rejected")
    func recordedRepliesHaveValidCRCs() throws {
        let replies = try Self.recordedReplies()
        #expect(replies.count == 38)
        for reply in replies {
            #expect(throws: Never.self) { try UpekCiaoFrame.decode(reply) }
        }
        let short = try #require(replies.first)
        let total = try #require(UpekCiaoFrame.totalLength(header: short))
        for index in 4..<total {
            var corrupt = short
            corrupt[index] ^= 0x01
            #expect(throws: FingerprintDriverError.self) { try UpekCiaoFrame.decode(corrupt) }
        }
    }

    @Test("commands encode to the recorded bytes")
    func commandEncoding() throws {
        let sent = try RecordedSessions.upektc().filter { !$0.isIn && $0.kind == .bulk }.map(\.outData)
        let format = UpekTCImgWireFormat.self
        #expect(sent[0] == format.init1.frame(sequence: 0).encoded)
        #expect(sent[3] == format.init4.frame(sequence: 0).encoded)
        #expect(sent[4] == format.initCapture.frame(sequence: 1).encoded)
        #expect(sent.last == format.deinitialise.frame(sequence: 15).encoded)
        let decoded = try UpekCiaoFrame.decode(format.ackFrame.frame(sequence: 9).encoded)
        #expect(decoded == UpekCiaoFrame(command: 0, sequence: 9, payload: [0x30]))
    }

    /// The device's replies as whole frames: a 64-byte read plus its continuation when announced.
    static func recordedReplies() throws -> [[UInt8]] {
        let reads = try RecordedSessions.upektc().filter { $0.isIn && $0.kind == .bulk }.map(\.inData)
        var replies: [[UInt8]] = []
        var index = 0
        while index < reads.count {
            var reply = reads[index]
            index += 1
            if let total = UpekCiaoFrame.totalLength(header: reply), total > reply.count, index < reads.count {
                reply += reads[index]
                index += 1
            }
            replies.append(reply)
        }
        return replies
    }
}
