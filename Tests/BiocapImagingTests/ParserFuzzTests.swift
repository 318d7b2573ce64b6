import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Testing

/// Mutation campaigns over the image decoders (`FuzzCampaign`; `scripts/fuzz-parsers` runs them for longer): every
/// damaged file is refused with an `ImageError` or decoded to an image of the size it declares, never a crash.
@Suite("Parser fuzz: image decoders")
struct ImageParserFuzzTests {
    /// Runs `decode` on mutations of `seeds`; checks that whatever decodes has pixels for its size.
    static func run(_ name: String, rounds: Int, seeds: [[UInt8]], focus: Int, _ decode: ([UInt8]) throws -> CapturedImage) {
        var campaign = FuzzCampaign(name, rounds: rounds)
        while campaign.nextRound() {
            guard let image = try? decode(campaign.input(from: seeds, focus: focus)) else { continue }
            campaign.accept()
            let (bytes, channels) = switch image {
            case .gray(let gray): (gray.pixels.count, 1)
            case .rgb(let rgb): (rgb.pixels.count, 3)
            }
            #expect(image.width > 0 && image.height > 0 && bytes == image.width * image.height * channels,
                    "\(name) seed \(campaign.seed) round \(campaign.rounds)")
        }
        campaign.finish()
        #expect(campaign.accepted < campaign.rounds, "\(name): no damage was refused")
    }

    @Test("WSQ") func wsq() throws {
        Self.run("wsq", rounds: 200, seeds: [try WSQBadInputTests.smallFile()], focus: 1000) { .gray(try WSQCodec.decode($0)) }
    }

    @Test("JPEG 2000, codestream and JP2") func jpeg2000() throws {
        let finger = try WSQMeasures.crop(try JPEG2000CodecTests.fingerprint(), x: 100, y: 100, width: 64, height: 48)
        let seeds = try JPEG2000Codec.Container.allCases.map { try JPEG2000Codec.encode(.gray(finger), container: $0) }
        Self.run("jpeg2000", rounds: 150, seeds: seeds, focus: 400) { try JPEG2000Codec.decode($0) }
    }

    @Test("PNG") func png() throws {
        let seeds = [try PNGCodec.encode(PNGCodecTests.sampleImage(width: 13, height: 9)),
                     try PNGCodec.encode(PNGCodecTests.sampleImage(width: 3, height: 40, seed: 7))]
        Self.run("png", rounds: 750, seeds: seeds, focus: 300) { bytes in
            let image = try PNGCodec.decode(bytes)
            #expect(image.pixels.count == image.width * image.height * 2)
            return .gray(GrayImage(width: image.width, height: image.height))
        }
    }

    @Test("NetPBM") func netPBM() throws {
        let finger = try WSQMeasures.crop(try JPEG2000CodecTests.fingerprint(), x: 100, y: 100, width: 16, height: 12)
        let seeds = [NetPBM.encode(finger), Array("P2\n# c\n3 2\n255\n1 2 3\n4 5 6\n".utf8), Array("P6 2 1 255 abcdef".utf8)]
        Self.run("netpbm", rounds: 750, seeds: seeds, focus: 64) { try NetPBM.decode($0) }
    }

    @Test("JPEG") func jpeg() throws {
        Self.run("jpeg", rounds: 500, seeds: [try JPEGScalingTests.frame(width: 64, height: 48)], focus: 700) {
            try JPEGCodec.decode($0)
        }
    }
}
