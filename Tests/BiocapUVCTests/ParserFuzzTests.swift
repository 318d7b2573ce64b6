import BiocapCore
import BiocapDeviceKit
@testable import BiocapSimulation
import BiocapTestSupport
@testable import BiocapUVC
import Synchronization
import Testing

/// Mutation campaigns over what a camera sends (`FuzzCampaign`; `scripts/fuzz-parsers` runs them for longer): damaged
/// configuration descriptors are refused or describe a camera that can be used without a crash, and damaged payload
/// streams become frames or counted drops.
@Suite("Parser fuzz: UVC descriptors and payloads")
struct UVCParserFuzzTests {
    @Test("configuration descriptors: refused, or a camera whose formats can be chosen from")
    func descriptors() throws {
        let seeds = [try UVCRecording.c310Configuration(), SimulatedUVCDescriptors.make(.face), SimulatedUVCDescriptors.make(.iris)]
        var campaign = FuzzCampaign("uvc-descriptors", rounds: 1000)
        while campaign.nextRound() {
            guard let description = try? UVCDescriptorParser.parse(campaign.input(from: seeds, focus: 100_000)) else { continue }
            campaign.accept()
            _ = UVCProfile.face.choose(from: description.streamingInterfaces)
            _ = UVCProfile.iris.choose(from: description.streamingInterfaces)
            for interface in description.streamingInterfaces {
                _ = interface.isochronousSetting(forPayload: 3060)
                _ = interface.isochronousSetting(forPayload: 0)
            }
        }
        campaign.finish()
        #expect(campaign.accepted > 0 && campaign.accepted < campaign.rounds)
    }

    @Test("payload streams: every frame delivered is within the size limit; the stream always finishes")
    func payloads() throws {
        // Two 600-byte JPEG frames of six payloads each (12-byte headers with presentation time and clock, the frame
        // bit toggled between frames). Each round damages one to three payloads (headers above all) and sometimes
        // drops, repeats or swaps whole payloads.
        var frame = [UInt8](repeating: 0x55, count: 600)
        frame[0] = 0xFF; frame[1] = 0xD8; frame[598] = 0xFF; frame[599] = 0xD9
        var payloads: [[UInt8]] = []
        for frameID: UInt8 in [0, 1] {
            for (index, start) in stride(from: 0, to: frame.count, by: 100).enumerated() {
                let last = start + 100 >= frame.count
                payloads.append([12, 0x80 | 0x0C | (last ? 0x02 : 0) | frameID, 1, 2, 3, 4, 5, 6, 7, 8, UInt8(index), 0]
                    + frame[start..<(start + 100)])
            }
        }
        let limit = 800
        #expect(Self.feed(payloads, limit: limit, errorEvery: 0).0 == [600, 600], "undamaged, both frames come through whole")
        var campaign = FuzzCampaign("uvc-payloads", rounds: 1000)
        while campaign.nextRound() {
            var damaged = payloads
            for _ in 0..<campaign.int(1..<4) {
                let index = campaign.int(0..<damaged.count)
                switch campaign.int(0..<6) {
                case 0 where damaged.count > 1: damaged.remove(at: index)
                case 1: damaged.insert(damaged[index], at: campaign.int(0..<damaged.count))
                case 2: damaged.swapAt(index, campaign.int(0..<damaged.count))
                default: damaged[index] = campaign.mutate(damaged[index], focus: 12)
                }
            }
            campaign.save(damaged.flatMap { [UInt8(truncatingIfNeeded: $0.count >> 8), UInt8(truncatingIfNeeded: $0.count)] + $0 })
            let (sizes, finished) = Self.feed(damaged, limit: limit, errorEvery: campaign.int(0..<20))
            if !sizes.isEmpty { campaign.accept() }
            #expect(finished && sizes.allSatisfy { $0 > 0 && $0 <= limit }, "seed \(campaign.seed) round \(campaign.rounds): \(sizes)")
        }
        campaign.finish()
        #expect(campaign.accepted > 0 && campaign.accepted < campaign.rounds)
    }

    /// Feeds `payloads` to an assembler, one event each (a packet error after every `errorEvery`th when not 0); the
    /// sizes of the frames it delivered and whether it finished.
    static func feed(_ payloads: [[UInt8]], limit: Int, errorEvery: Int) -> ([Int], Bool) {
        let delivered = Delivered()
        let assembler = UVCFrameAssembler(maxFrameSize: limit, expectedFrameSize: nil, expectsJPEG: true,
                                          deliver: { delivered.add($0.bytes.count) }, finished: { _ in delivered.finish() })
        for (index, payload) in payloads.enumerated() {
            payload.withUnsafeBytes { assembler.handle(.payload($0)) }
            if errorEvery > 0, index % errorEvery == errorEvery - 1 { assembler.handle(.packetError) }
        }
        assembler.handle(.ended(nil))
        return delivered.state
    }
}

/// What an assembler handed on, from its callbacks (on the thread that feeds it).
private final class Delivered: Sendable {
    private let recorded = Mutex<(sizes: [Int], finished: Bool)>(([], false))
    func add(_ size: Int) { recorded.withLock { $0.sizes.append(size) } }
    func finish() { recorded.withLock { $0.finished = true } }
    var state: ([Int], Bool) { recorded.withLock { ($0.sizes, $0.finished) } }
}
