@testable import BiocapSBI
import NIOCore
import NIOEmbedded
import Testing

/// The SBI port's own HTTP/1.1 framing: custom verbs, pipelining, split packets, chunked bodies, and refusals that
/// never crash or hang.
@Suite struct SBIHTTPRequestDecoderTests {
    /// Feeds `packets` to a decoder in a channel and returns what came out.
    private func decode(_ packets: [[UInt8]]) throws -> [SBIInbound] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SBIHTTPRequestDecoder()))
        var out: [SBIInbound] = []
        for packet in packets {
            try channel.writeInbound(ByteBuffer(bytes: packet))
            while let item = try channel.readInbound(as: SBIInbound.self) { out.append(item) }
        }
        _ = try? channel.finish()
        return out
    }

    private func requests(_ items: [SBIInbound]) -> [SBIHTTPRequest] {
        items.compactMap { if case .request(let request) = $0 { request } else { nil } }
    }

    @Test func customVerbsAreFramedWithTheirBodies() throws {
        let text = "MOSIPDISC /device HTTP/1.1\r\nHost: 127.0.0.1:4501\r\nContent-Type: Content-Type; charset=UTF-8\r\nContent-Length: 16\r\n\r\n{\"type\":\"Face\"}\n"
        let out = requests(try decode([Array(text.utf8)]))
        #expect(out.count == 1)
        #expect(out.first?.method == "MOSIPDISC")
        #expect(out.first?.target == "/device")
        #expect(out.first?.header("content-type") == "Content-Type; charset=UTF-8")
        #expect(out.first.map { String(decoding: $0.body, as: UTF8.self) } == "{\"type\":\"Face\"}\n")
    }

    @Test func pipelinedRequestsComeOutInOrder() throws {
        let one = "MOSIPDINFO /info HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}"
        let two = "RCAPTURE /capture HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
        let three = "STREAM /stream HTTP/1.1\r\nConnection: close\r\n\r\n"
        let out = requests(try decode([Array((one + two + three).utf8)]))
        #expect(out.map(\.method) == ["MOSIPDINFO", "RCAPTURE", "STREAM"])
        #expect(out.map(\.keepAlive) == [true, true, false])
    }

    @Test func everySplitOfARequestGivesTheSameRequest() throws {
        let bytes = Array("RCAPTURE /capture HTTP/1.1\r\nX-A: 1\r\nContent-Length: 10\r\n\r\n0123456789MOSIPDINFO /info HTTP/1.1\r\n\r\n".utf8)
        for cut in 1..<bytes.count {
            let out = requests(try decode([Array(bytes[..<cut]), Array(bytes[cut...])]))
            #expect(out.map(\.method) == ["RCAPTURE", "MOSIPDINFO"], "split at \(cut)")
            #expect(out.first?.body == Array("0123456789".utf8), "split at \(cut)")
        }
        // One byte at a time.
        let trickled = requests(try decode(bytes.map { [$0] }))
        #expect(trickled.map(\.method) == ["RCAPTURE", "MOSIPDINFO"])
    }

    @Test func chunkedBodiesAreJoined() throws {
        let text = "RCAPTURE /capture HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-Trailer: y\r\n\r\n"
        let out = requests(try decode([Array(text.utf8)]))
        #expect(out.first.map { String(decoding: $0.body, as: UTF8.self) } == "{\"a\":1}")
    }

    @Test(arguments: [
        ("MOSIPDISC /device HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
        ("MOSIPDISC /device HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        ("MOSIPDISC /device HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", 400),
        ("MOSIPDISC /device HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413),
        ("MOSIPDISC /device HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400),
        ("MOSIPDISC /device HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("MOSIPDISC /device HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("MOSIPDISC /device HTTP/2.0\r\n\r\n", 505),
        ("MOSIP DISC /device HTTP/1.1\r\n\r\n", 400),
        ("MOSIPDISC\r\n\r\n", 400),
        ("MOSIPDISC /device HTTP/1.1\r\n: no-name\r\n\r\n", 400),
        ("MOSIPDISC /device HTTP/1.1\r\nNo colon here\r\n\r\n", 400),
        ("MOSIPDISC /device HTTP/1.1\r\nX: a\u{1}b\r\n\r\n", 400),
        ("MO(SIP /device HTTP/1.1\r\n\r\n", 400),
    ])
    func malformedRequestsAreRefusedOnce(text: String, status: Int) throws {
        let out = try decode([Array(text.utf8), Array("MOSIPDINFO /info HTTP/1.1\r\n\r\n".utf8)])
        #expect(out.count == 1, "one refusal and nothing after it")
        guard case .malformed(let got, let reason)? = out.first else {
            Issue.record("expected a refusal, got \(out)")
            return
        }
        #expect(got == status, "\(reason)")
        #expect(!reason.isEmpty)
    }

    @Test func aHeadThatNeverEndsIsRefusedAtItsLimit() throws {
        let head = "MOSIPDISC /device HTTP/1.1\r\n" + String(repeating: "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", count: 400)
        let out = try decode([Array(head.utf8)])
        guard case .malformed(let status, _)? = out.first else {
            Issue.record("expected a refusal, got \(out)")
            return
        }
        #expect(status == 431)
    }

    @Test func blankLinesBeforeARequestAreSkipped() throws {
        let out = requests(try decode([Array("\r\n\r\nMOSIPDINFO /info HTTP/1.1\r\n\r\n".utf8)]))
        #expect(out.map(\.method) == ["MOSIPDINFO"])
    }

    /// Random bytes and random cuts of real requests: the decoder answers or waits, and never traps.
    @Test func randomInputNeverCrashes() throws {
        var generator = SplitMix(seed: 0x5B1)
        let seeds = ["RCAPTURE /capture HTTP/1.1\r\nContent-Length: 4\r\n\r\n{}{}", "STREAM /stream HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"]
        for round in 0..<600 {
            var bytes = Array(seeds[round % 2].utf8)
            for _ in 0..<(1 + Int(generator.next() % 6)) {
                let index = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: index)
                }
                if bytes.isEmpty { bytes = [0x0D] }
            }
            let cut = Int(generator.next() % UInt64(bytes.count + 1))
            _ = try decode([Array(bytes[..<cut]), Array(bytes[cut...])])
        }
    }
}

/// A small deterministic generator for the fuzz rounds.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
