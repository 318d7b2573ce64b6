import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapTestSupport
import Testing

/// A campaign of frames no sensor should send but a damaged or hostile one could (`FuzzCampaign`;
/// `scripts/fuzz-parsers` runs it for longer): sizes from one pixel to thin strips and megapixels, noise, flat black and
/// white, ramps, checkerboards and tiled real prints and portraits, every resolution a driver could claim, scored as
/// every position, a stream whose frame size changes under the face tracker, and slaps segmented. Every report is a
/// score of 0–100 with finite metrics, never a crash.
@Suite("Parser fuzz: frames of any size and content")
struct OddFrameFuzzTests {
    @Test("every modality scores any frame with a 0–100 score and finite metrics")
    func oddFrames() throws {
        guard case .rgb(let portrait) = try JPEGCodec.decode(try TestData.bytes("face/photos/img10.jpg")) else {
            Issue.record("the portrait is not in colour")
            return
        }
        let fingerprint = try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db1/101_1.pgm"))
        let positions: [BiometricPosition] = [.finger(.rightIndex), .finger(.plainLeftFour), .finger(.plainThumbs),
                                              .finger(.unknown), .iris(.left), .face]
        let resolutions: [Int?] = [nil, 1, 50, 125, 250, 500, 700, 1000, 2000, 4000, 100_000]
        var campaign = FuzzCampaign("odd-frames", rounds: 60)
        var assessor = QualityAssessor()
        let segmenter = SlapSegmenter()
        while campaign.nextRound() {
            let sizes = [(campaign.int(1..<41), campaign.int(1..<41)), (campaign.int(1..<4), campaign.int(100..<3000)),
                         (campaign.int(100..<3000), campaign.int(1..<4)), (campaign.int(20..<700), campaign.int(20..<700)),
                         (campaign.int(1..<2000), campaign.int(1..<1200))]
            let (width, height) = sizes[campaign.int(0..<sizes.count)]
            let position = positions[campaign.int(0..<positions.count)]
            let colour = campaign.int(0..<3) == 0
            let ppi = resolutions[campaign.int(0..<resolutions.count)]
            let content = campaign.int(0..<7)
            let what = "\(width)×\(height) content \(content) \(position) colour \(colour) ppi \(String(describing: ppi)), seed \(campaign.seed) round \(campaign.rounds)"
            campaign.save(Array(what.utf8))
            let channels = colour ? 3 : 1
            var pixels = [UInt8](repeating: 0, count: width * height * channels)
            switch content {
            case 0: for i in pixels.indices { pixels[i] = UInt8(truncatingIfNeeded: campaign.int(0..<256)) }
            case 1: pixels = [UInt8](repeating: 255, count: pixels.count)
            case 2: break
            case 3: for i in pixels.indices { pixels[i] = UInt8(truncatingIfNeeded: (i % width) * 7 + i / width) }
            case 4: for i in pixels.indices { pixels[i] = ((i / width) / 2 + (i % width) / 2) % 2 == 0 ? 0 : 255 }
            case 5:
                // A real portrait or print, tiled.
                for y in 0..<height {
                    for x in 0..<width {
                        if colour {
                            let source = ((y % portrait.height) * portrait.width + x % portrait.width) * 3
                            for c in 0..<3 { pixels[(y * width + x) * 3 + c] = portrait.pixels[source + c] }
                        } else {
                            pixels[y * width + x] = fingerprint.pixels[(y % fingerprint.height) * fingerprint.width + x % fingerprint.width]
                        }
                    }
                }
            default: for i in pixels.indices { pixels[i] = i % 97 == 0 ? 255 : UInt8(i % 3) }
            }
            let image: CapturedImage = colour
                ? .rgb(try RGBImage(width: width, height: height, pixels: pixels))
                : .gray(try GrayImage(width: width, height: height, pixels: pixels, ppi: ppi))
            var reports = [assessor.assess(image, position: position)]
            if position == .face {
                // Followed as a stream: the tracker holds the previous frame's face, of another size.
                reports.append(assessor.assess(FrameView(position: .face, image: image)))
            }
            for report in reports {
                #expect((0...100).contains(report.score), "\(what)")
                for metric in report.metrics where !metric.value.isFinite { Issue.record("\(metric.name) \(metric.value): \(what)") }
            }
            if case .finger(let finger) = position, case .gray(let gray) = image, finger.isSlap {
                _ = segmenter.segment(gray, position: finger)
            }
            _ = GateMetrics.measure(image.gray)
            campaign.accept()
            // A new assessor now and then: its buffers are sized by the frames it has seen.
            if campaign.rounds % 50 == 0 { assessor = QualityAssessor() }
        }
        campaign.finish()
    }
}
