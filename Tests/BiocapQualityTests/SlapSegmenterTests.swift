import BiocapCore
@testable import BiocapQuality
import BiocapSynthesis
import Foundation
import Testing

/// The slap segmenter on the synthesiser's slaps, whose fingertips' places are known exactly, and on degenerate
/// images. Real prints composed into slaps are `ComposedSlapSegmentationTests`.
@Suite("Slap segmentation: synthetic slaps and degenerate images")
struct SlapSegmenterTests {
    /// The synthetic slap of `slap` with the fingers in `present`, rendered at full contact.
    static func syntheticSlap(_ slap: FingerPosition, present: Set<FingerPosition>? = nil, seed: UInt64 = 11) -> GrayImage {
        let planes = FingerprintSynthesizer.slap(seed: seed, slap: slap, present: present ?? Set(slap.fingers))
        let contact = FingerContact(coverage: 1, contrast: 1, shiftX: 0, shiftY: 0, motionBlur: 0)
        var image = FingerprintRenderer(planes: planes, seed: seed).render(contact, frameIndex: 0)
        image.ppi = 500
        return image
    }

    /// Where the synthesiser put `finger`: the bounding box of its firm contact (depth ≥ half), from a slap
    /// holding that finger alone.
    static func synthesisedFingertip(_ slap: FingerPosition, _ finger: FingerPosition, seed: UInt64 = 11) -> FingerSegment.Box {
        let planes = FingerprintSynthesizer.slap(seed: seed, slap: slap, present: [finger])
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        for y in 0..<planes.height {
            for x in 0..<planes.width where planes.depth[y * planes.width + x] >= 128 {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        return FingerSegment.Box(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }

    /// Whether `outer` contains `inner`, allowing `slack` pixels on each side.
    static func contains(_ outer: FingerSegment.Box, _ inner: FingerSegment.Box, slack: Int) -> Bool {
        inner.x >= outer.x - slack && inner.y >= outer.y - slack
            && inner.x + inner.width <= outer.x + outer.width + slack
            && inner.y + inner.height <= outer.y + outer.height + slack
    }

    @Test("Every finger of each synthetic slap is found, named in image order, and its box holds the fingertip",
          arguments: [FingerPosition.plainRightFour, .plainLeftFour, .plainThumbs])
    func syntheticSlaps(slap: FingerPosition) {
        let result = SlapSegmenter().segment(Self.syntheticSlap(slap), position: slap)
        #expect(result.fingers.map(\.position) == slap.fingers, "\(result)")
        #expect(result.missing.isEmpty && result.extra == 0, "\(result)")
        #expect(result.guidance.isEmpty, "\(result.guidance)")
        for finger in result.fingers {
            let truth = Self.synthesisedFingertip(slap, finger.position)
            // 16 px: the faint rim of the pad (depth just over half) may fall outside the last 8-px cell.
            #expect(Self.contains(finger.box, truth, slack: 16), "\(finger.position): found \(finger.box), placed \(truth)")
            // Not the whole platen: at most a fingertip and a cell's margin around it.
            #expect(finger.box.width <= truth.width + 120 && finger.box.height <= truth.height + 120, "\(finger)")
            #expect(finger.score > 20, "\(finger.position) scored \(finger.score)")
        }
        let layout = FingerprintSynthesizer.slapLayout(slap)
        for (finger, placed) in zip(result.fingers, layout) {
            #expect(abs(finger.orientedBox.angle - placed.angle * 180 / Double.pi) < 12, "\(finger.position) angle \(finger.orientedBox.angle)")
        }
    }

    @Test("A missing ring finger that is not excepted is named missing, with finger-missing guidance")
    func syntheticMissingFinger() {
        let slap = FingerPosition.plainRightFour
        let image = Self.syntheticSlap(slap, present: [.rightIndex, .rightMiddle, .rightLittle])
        let result = SlapSegmenter().segment(image, position: slap)
        #expect(result.fingers.map(\.position) == [.rightIndex, .rightMiddle, .rightLittle], "\(result)")
        #expect(result.missing == [.rightRing])
        #expect(result.guidance.contains(.fingerMissing))
    }

    @Test("An excepted ring finger shifts no label: little, middle, index, and nothing missing")
    func syntheticExceptedFinger() {
        let slap = FingerPosition.plainLeftFour
        let image = Self.syntheticSlap(slap, present: [.leftLittle, .leftMiddle, .leftIndex])
        let result = SlapSegmenter().segment(image, position: slap, excepted: [.leftRing])
        #expect(result.fingers.map(\.position) == [.leftLittle, .leftMiddle, .leftIndex], "\(result)")
        #expect(result.missing.isEmpty && result.guidance.isEmpty, "\(result)")
    }

    @Test("A missing index finger (the end of the row) is told from a missing little finger by the tip heights")
    func syntheticMissingEndFinger() {
        let slap = FingerPosition.plainRightFour
        let withoutIndex = SlapSegmenter().segment(Self.syntheticSlap(slap, present: [.rightMiddle, .rightRing, .rightLittle]), position: slap)
        #expect(withoutIndex.fingers.map(\.position) == [.rightMiddle, .rightRing, .rightLittle], "\(withoutIndex)")
        #expect(withoutIndex.missing == [.rightIndex])
        let withoutLittle = SlapSegmenter().segment(Self.syntheticSlap(slap, present: [.rightIndex, .rightMiddle, .rightRing]), position: slap)
        #expect(withoutLittle.fingers.map(\.position) == [.rightIndex, .rightMiddle, .rightRing], "\(withoutLittle)")
        #expect(withoutLittle.missing == [.rightLittle])
    }

    @Test("One thumb alone is named by its side of the platen")
    func syntheticSingleThumb() {
        let result = SlapSegmenter().segment(Self.syntheticSlap(.plainThumbs, present: [.rightThumb]), position: .plainThumbs)
        #expect(result.fingers.map(\.position) == [.rightThumb], "\(result)")
        #expect(result.missing == [.leftThumb] && result.guidance == [.fingerMissing])
    }

    @Test("An empty platen, a constant image, tiny images and a malformed one give no fingers and no crash")
    func degenerateImages() {
        let segmenter = SlapSegmenter()
        let empty = Self.syntheticSlap(.plainRightFour, present: [])
        let nothing = segmenter.segment(empty, position: .plainRightFour)
        #expect(nothing.fingers.isEmpty && nothing.guidance == [.placeFinger], "\(nothing)")
        #expect(nothing.missing == FingerPosition.plainRightFour.fingers)
        for image in [GrayImage(width: 1600, height: 1500, fill: 128, ppi: 500), GrayImage(width: 1600, height: 1500, fill: 0),
                      GrayImage(width: 1, height: 1), GrayImage(width: 3, height: 2000, fill: 40), GrayImage(width: 9, height: 9)] {
            let result = segmenter.segment(image, position: .plainLeftFour)
            #expect(result.fingers.isEmpty, "\(image.width)×\(image.height): \(result)")
        }
        var malformed = Self.syntheticSlap(.plainThumbs)
        malformed.pixels.removeLast(1000)
        #expect(segmenter.segment(malformed, position: .plainThumbs).fingers.isEmpty)
        var strangeResolution = Self.syntheticSlap(.plainThumbs)
        strangeResolution.ppi = 0
        #expect(segmenter.segment(strangeResolution, position: .plainThumbs).fingers.count == 2)
        // Everything excepted: nothing expected, nothing asked of the operator.
        let allExcepted = segmenter.segment(empty, position: .plainThumbs, excepted: [.leftThumb, .rightThumb])
        #expect(allExcepted.fingers.isEmpty && allExcepted.missing.isEmpty && allExcepted.guidance.isEmpty)
    }

    @Test("A 1000 ppi slap (the synthetic one upsampled) is found at its scale")
    func higherResolution() throws {
        let small = Self.syntheticSlap(.plainThumbs)
        var pixels = [UInt8](repeating: 0, count: small.width * 2 * small.height * 2)
        for y in 0..<(small.height * 2) {
            for x in 0..<(small.width * 2) { pixels[y * small.width * 2 + x] = small.pixels[(y / 2) * small.width + x / 2] }
        }
        let large = try GrayImage(width: small.width * 2, height: small.height * 2, pixels: pixels, ppi: 1000)
        let result = SlapSegmenter().segment(large, position: .plainThumbs)
        #expect(result.fingers.map(\.position) == [.leftThumb, .rightThumb], "\(result)")
        for finger in result.fingers {
            let truth = Self.synthesisedFingertip(.plainThumbs, finger.position)
            let doubled = FingerSegment.Box(x: truth.x * 2, y: truth.y * 2, width: truth.width * 2, height: truth.height * 2)
            // 48 px at 1000 ppi: 0.05 inch, the 16 px of the 500 ppi test and one 16-px cell more.
            #expect(Self.contains(finger.box, doubled, slack: 48), "\(finger.box) vs \(doubled)")
        }
    }

    @Test("crop cuts the axis-aligned box with the original pixels, clipped to the image")
    func cropping() {
        let image = Self.syntheticSlap(.plainThumbs)
        let segment = FingerSegment(position: .leftThumb, box: .init(x: 100, y: 200, width: 300, height: 400),
                                    orientedBox: .init(centreX: 250, centreY: 400, width: 300, height: 400, angle: 0), score: 50)
        let crop = SlapSegmenter.crop(image, segment)
        #expect(crop.width == 300 && crop.height == 400 && crop.ppi == 500)
        #expect(crop[0, 0] == image[100, 200] && crop[299, 399] == image[399, 599])
        var outside = segment
        outside.box = .init(x: 1500, y: 1400, width: 500, height: 500)
        let clipped = SlapSegmenter.crop(image, outside)
        #expect(clipped.width == 100 && clipped.height == 100)
        outside.box = .init(x: -900, y: 5000, width: -3, height: 10)
        #expect(SlapSegmenter.crop(image, outside).pixels.count == 1)
    }

    @Test("Segmentations round-trip through JSON with positions as names")
    func coding() throws {
        let result = SlapSegmenter().segment(Self.syntheticSlap(.plainRightFour, present: [.rightIndex, .rightMiddle]), position: .plainRightFour)
        let data = try JSONEncoder().encode(result)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"right-index\"") && text.contains("\"right-ring\"") && text.contains("\"finger-missing\""), "\(text)")
        #expect(try JSONDecoder().decode(SlapSegmentation.self, from: data) == result)
    }
}
