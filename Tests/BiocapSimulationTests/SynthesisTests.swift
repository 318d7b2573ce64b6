import BiocapCore
@testable import BiocapSimulation
@testable import BiocapSynthesis
import BiocapTestSupport
import Foundation
import Testing

@Suite struct SynthesisTests {
    static func settledFinger(_ position: FingerPosition, scenario: SimulationScenario = .good, seed: UInt64 = 11, exceptions: [FingerPosition] = []) -> GrayImage {
        let options = SimulationOptions(id: "sim-finger-0", seed: seed, scenario: scenario, timeScale: 0)
        let request = CaptureRequest(
            modality: .finger, positions: [.finger(position)],
            exceptions: exceptions.map { BiometricException(position: .finger($0), reason: .amputated) })
        // 2.5 s into the placement timeline: the finger is settled and stable.
        let views = FingerFrameSource(position: position, request: request, options: options).views(frameIndex: 25, elapsed: 2.5)
        return views[0].image.gray
    }

    @Test func sameSeedSameFingertipDifferentSeedDifferent() {
        let a = FingerprintSynthesizer.fingertip(seed: 5, width: 160, height: 200)
        let b = FingerprintSynthesizer.fingertip(seed: 5, width: 160, height: 200)
        let c = FingerprintSynthesizer.fingertip(seed: 6, width: 160, height: 200)
        #expect(a == b)
        #expect(a.ridge != c.ridge)
        #expect(IrisSynthesizer.eye(seed: 3, appearance: .init(scenario: .good, eye: .left))
            != IrisSynthesizer.eye(seed: 4, appearance: .init(scenario: .good, eye: .left)))
    }

    @Test func singleFingerHasNineishPixelRidgePeriodWithDarkRidgesOnLightPlaten() {
        let image = Self.settledFinger(.rightIndex)
        #expect(image.width == 400 && image.height == 500 && image.ppi == 500)
        let periods = [(150, 200), (250, 200), (200, 300), (150, 360), (250, 360)].map {
            ImageMeasures.ridgePeriod(image, cx: $0.0, cy: $0.1)
        }.sorted()
        let median = periods[periods.count / 2]
        #expect((7.5...11.5).contains(median), "ridge periods \(periods)")
        let background = ImageMeasures.mean(image, x0: 0, y0: 0, x1: 20, y1: 20)
        #expect((195...235).contains(background))
        let darkest = image.pixels[(200 * 400)..<(400 * 400)].min() ?? 255
        #expect(darkest <= 95)
    }

    @Test func slapsShowFourOrTwoFingertipsAndThreeWithAnException() {
        let four = Self.settledFinger(.plainRightFour)
        #expect(four.width == 1600 && four.height == 1500)
        #expect(ImageMeasures.foregroundBlobs(four, y0: 450, y1: 1000, darkerThan: 150) == 4)
        let thumbs = Self.settledFinger(.plainThumbs)
        #expect(ImageMeasures.foregroundBlobs(thumbs, y0: 450, y1: 1000, darkerThan: 150) == 2)
        let amputated = Self.settledFinger(.plainRightFour, exceptions: [.rightMiddle])
        #expect(ImageMeasures.foregroundBlobs(amputated, y0: 450, y1: 1000, darkerThan: 150) == 3)
        let missing = Self.settledFinger(.plainRightFour, scenario: .missingFinger)
        #expect(ImageMeasures.foregroundBlobs(missing, y0: 450, y1: 1000, darkerThan: 150) == 3)
    }

    @Test func drySkinWetSkinAndMovementLowerLocalContrast() {
        let region = (x0: 100, y0: 150, x1: 300, y1: 400)
        func energy(_ scenario: SimulationScenario) -> Double {
            ImageMeasures.gradientEnergy(Self.settledFinger(.rightIndex, scenario: scenario), x0: region.x0, y0: region.y0, x1: region.x1, y1: region.y1)
        }
        let good = energy(.good)
        for scenario in [SimulationScenario.dry, .wet, .moving] {
            #expect(energy(scenario) < good * 0.75, "\(scenario) vs good \(good)")
        }
    }

    @Test func irisHasDarkPupilInsideBrighterIrisRing() {
        let options = SimulationOptions(id: "sim-iris-0", seed: 11, scenario: .good, timeScale: 0)
        let views = IrisFrameSource(eyes: [.right, .left], options: options).views(frameIndex: 30, elapsed: 2)
        #expect(views.map(\.position) == [.iris(.right), .iris(.left)])
        for view in views {
            let image = view.image.gray
            #expect(image.width == 640 && image.height == 480)
            guard case .iris(let eye) = view.position else { continue }
            let geometry = IrisSynthesizer.geometry(seed: IrisFrameSource.eyeSeed(11, eye))
            let (cx, cy) = (Int(geometry.centreX), Int(geometry.centreY))
            #expect(abs(cx - 320) < 40 && abs(cy - 240) < 40)
            let pupil = ImageMeasures.mean(image, x0: cx - 12, y0: cy + 2, x1: cx + 12, y1: cy + 20)
            let ringRadius = Int((geometry.pupilRadius + geometry.irisRadius) / 2)
            let ring = ImageMeasures.mean(image, x0: cx - 10, y0: cy + ringRadius - 8, x1: cx + 10, y1: cy + ringRadius + 8)
            #expect(pupil < 60, "pupil \(pupil)")
            #expect(ring > pupil + 40, "ring \(ring) pupil \(pupil)")
        }
    }

    @Test func closedEyeHidesThePupil() {
        let options = SimulationOptions(id: "sim-iris-0", seed: 11, scenario: .closedEye, timeScale: 0)
        let image = IrisFrameSource(eyes: [.right], options: options).views(frameIndex: 30, elapsed: 2)[0].image.gray
        let geometry = IrisSynthesizer.geometry(seed: IrisFrameSource.eyeSeed(11, .right))
        let around = ImageMeasures.mean(image, x0: Int(geometry.centreX) - 12, y0: Int(geometry.centreY) - 40, x1: Int(geometry.centreX) + 12, y1: Int(geometry.centreY) - 10)
        #expect(around > 80)
        let pupil = ImageMeasures.mean(image, x0: Int(geometry.centreX) - 12, y0: Int(geometry.centreY) - 5, x1: Int(geometry.centreX) + 12, y1: Int(geometry.centreY) + 25)
        #expect(pupil > 60, "no dark pupil shows through closed lids: \(pupil)")
    }

    @Test func faceHasSkinAroundTheCentreAndNotInTheCorners() throws {
        let options = SimulationOptions(id: "sim-face-0", seed: 11, scenario: .good, timeScale: 0)
        let view = try #require(FaceFrameSource(options: options).views(frameIndex: 30, elapsed: 2).first)
        guard case .rgb(let image) = view.image else {
            Issue.record("face frames must be colour")
            return
        }
        #expect(image.width == 1280 && image.height == 720)
        #expect(ImageMeasures.skinFraction(image, x0: 560, y0: 330, x1: 720, y1: 420) > 0.6)
        #expect(ImageMeasures.skinFraction(image, x0: 0, y0: 0, x1: 150, y1: 150) < 0.05)
        #expect(ImageMeasures.skinFraction(image, x0: 1130, y0: 0, x1: 1280, y1: 150) < 0.05)
    }
}
