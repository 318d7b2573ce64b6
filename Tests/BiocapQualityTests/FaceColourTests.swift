import BiocapCore
import BiocapImaging
@testable import BiocapQuality
import BiocapTestSupport
import Foundation
import Testing

@Suite("Face: natural colour (ISO/IEC 29794-5, as OFIQ measures it)")
struct FaceColourTests {
    @Test("sRGB to CIELAB under D50 gives the published values; the mapping is OFIQ's")
    func labAndMapping() {
        // Bruce Lindbloom's calculator, sRGB with Bradford adaptation to D50: red (54.29, 80.81, 69.89),
        // blue (29.57, 68.30, −112.03), white (100, 0, 0).
        for (rgb, expected) in [((1.0, 0.0, 0.0), (80.81, 69.89)), ((0.0, 0.0, 1.0), (68.30, -112.03)), ((1.0, 1.0, 1.0), (0.0, 0.0))] {
            let (a, b) = NaturalColour.lab(red: rgb.0, green: rgb.1, blue: rgb.2)
            #expect(abs(a - expected.0) < 0.05 && abs(b - expected.1) < 0.05, "\(rgb): \(a) \(b)")
        }
        #expect(NaturalColour.score(a: 15, b: 20) == 100)
        #expect(NaturalColour.score(a: 35, b: 20) == 54, "10 outside: 200 · (1 − σ(1))")
        #expect(NaturalColour.score(a: 15, b: 55) == 24, "20 outside")
        #expect(NaturalColour.score(a: 15, b: -1) == 0, "a blue cast counts 100 outside")
    }

    /// `photo` with each channel scaled: a camera's white balance gone wrong.
    static func cast(_ photo: RGBImage, red: Double, green: Double, blue: Double) throws -> RGBImage {
        let gains = [red, green, blue]
        return try PortraitPhotos.scaled(photo) { _, channel in gains[channel] }
    }

    @Test("The real portraits' skin reads natural; a blue or a green cast does not")
    func castPortraits() throws {
        let assessor = QualityAssessor()
        var taken: [Double] = [], blue: [Double] = [], green: [Double] = []
        // Every second photo, for the suite's time (all 44 with both eyes: median 100, the lowest 78).
        for (_, photo) in try PortraitPhotos.load(everySecond: true) {
            guard let natural = assessor.assess(.rgb(photo), position: .face).metric(MetricName.naturalColour) else { continue }
            let bluish = assessor.assess(.rgb(try Self.cast(photo, red: 0.75, green: 0.95, blue: 1.3)), position: .face)
            let greenish = assessor.assess(.rgb(try Self.cast(photo, red: 0.8, green: 1.15, blue: 0.8)), position: .face)
            guard let b = bluish.metric(MetricName.naturalColour), let g = greenish.metric(MetricName.naturalColour) else { continue }
            taken.append(natural)
            blue.append(b)
            green.append(g)
        }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        print("face colour: \(taken.count) portraits, natural colour median \(median(taken)) as taken, \(median(blue)) with a blue cast, \(median(green)) with a green one")
        #expect(taken.count >= 18)
        #expect(median(taken) >= 90)
        #expect(median(blue) <= 20 && median(green) <= 20)
        #expect(zip(taken, blue).filter { $0.1 < $0.0 }.count >= taken.count * 9 / 10)
        #expect(zip(taken, green).filter { $0.1 < $0.0 }.count >= taken.count * 9 / 10)
    }
}
