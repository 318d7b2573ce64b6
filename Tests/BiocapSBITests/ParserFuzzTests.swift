@testable import BiocapSBI
import BiocapTestSupport
import NIOCore
import NIOEmbedded
import Testing

/// A mutation campaign over the SBI port's own HTTP framing (`FuzzCampaign`; `scripts/fuzz-parsers` runs it for
/// longer): damaged requests, cut into packets of varying size, come out as requests or refusals, never a crash.
@Suite("Parser fuzz: SBI HTTP framing")
struct SBIParserFuzzTests {
    @Test("damaged requests, custom verbs, chunked bodies and pipelining, in packets of any size")
    func framing() throws {
        let seeds = [
            "MOSIPDISC /device HTTP/1.1\r\nHost: 127.0.0.1:4501\r\nContent-Length: 16\r\n\r\n{\"type\":\"Face\"}\n",
            "RCAPTURE /capture HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-Trailer: y\r\n\r\n",
            "MOSIPDINFO /info HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}RCAPTURE /capture HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcSTREAM /stream HTTP/1.1\r\nConnection: close\r\n\r\n",
            "OPTIONS /capture HTTP/1.0\r\nOrigin: http://127.0.0.1\r\nAccess-Control-Request-Method: RCAPTURE\r\n\r\n",
        ].map { Array($0.utf8) }
        var campaign = FuzzCampaign("sbi-http", rounds: 500)
        var requests = 0
        while campaign.nextRound() {
            let bytes = campaign.input(from: seeds, focus: 100_000)
            let channel = EmbeddedChannel(handler: ByteToMessageHandler(SBIHTTPRequestDecoder()))
            var offset = 0, size = 7
            while offset < bytes.count {
                let end = min(bytes.count, offset + size)
                do {
                    try channel.writeInbound(ByteBuffer(bytes: bytes[offset..<end]))
                    while let inbound = try channel.readInbound(as: SBIInbound.self) {
                        if case .request = inbound { requests += 1 }
                    }
                } catch {
                    break
                }
                offset = end
                size = 1 + (size * 5 + 3) % 61
            }
            _ = try? channel.finish()
            campaign.accept()
        }
        campaign.finish()
        #expect(requests > 0)
    }
}
