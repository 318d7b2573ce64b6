import BiocapCore
import BiocapQuality
import Foundation
import Testing

/// Signature quality on real signatures (SVC2004) and on the faults an officer meets: initials only, ink over the box's
/// edge, a pen that hovers, a pad that drops samples.
@Suite("Signature quality")
struct SignatureQualityTests {
    let quality = SignatureQuality()

    @Test("real signatures score well and need no advice", arguments: SVC2004Signature.names)
    func realSignatures(name: String) throws {
        let trace = try SVC2004Signature.load(name)
        let report = quality.assess(trace)
        #expect(report.score >= 70, "\(name): \(report.metrics)")
        #expect(report.guidance.isEmpty, "\(name): \(report.guidance) \(report.metrics)")
        #expect(report.metric("strokes").map { $0 >= 1 } == true)
        #expect(report.metric("resolution-known") == 1)
    }

    @Test("the first 0.4 s of a real signature is initials: sign again")
    func initialsOnly() throws {
        let trace = try SVC2004Signature.load("Task2_U1S1.TXT")
        let firstTip = trace.samples.firstIndex { $0.tip }
        let start = try #require(firstTip)
        let cut = trace.samples[start].time + .milliseconds(400)
        let short = SignatureTrace(geometry: trace.geometry, samples: trace.samples.filter { $0.time <= cut })
        let report = quality.assess(short)
        #expect(report.score < 40, "\(report.metrics)")
        #expect(report.guidance.first == .signAgain)
        #expect(report.score < quality.assess(trace).score)
    }

    @Test("ink on the box's edge asks to sign inside the box")
    func outsideTheBox() throws {
        var trace = try SVC2004Signature.load("Task2_U2S1.TXT")
        // Shrink the box so the right third of the signature runs over its edge, as a pad clamps a pen leaving its box.
        let bounds = try #require(trace.inkBounds)
        let box = PadBox(x: 0, y: 0, width: bounds.x + bounds.width * 2 / 3, height: trace.geometry.height)
        trace.geometry.signingBox = box
        trace.samples = trace.samples.map { sample in
            var sample = sample
            sample.x = min(sample.x, box.width - 1)
            return sample
        }
        let report = quality.assess(trace)
        #expect(report.guidance.contains(.signInsideBox), "\(report.metrics)")
        let outside = try #require(report.metric("outside-box"))
        #expect(outside > 0.05)
        let whole = quality.assess(try SVC2004Signature.load("Task2_U2S1.TXT"))
        #expect(report.score < whole.score)
    }

    @Test("a pen that only hovers is told to touch the pad")
    func hovering() throws {
        var trace = try SVC2004Signature.load("Task2_U1S2.TXT")
        trace.samples = trace.samples.map { sample in
            var sample = sample
            sample.tip = false
            sample.pressure = 0
            return sample
        }
        let report = quality.assess(trace)
        #expect(report.score == 0)
        #expect(report.guidance == [.pressOnPad])
    }

    @Test("nothing at all asks to sign")
    func empty() {
        let report = quality.assess(SignatureTrace(geometry: PadGeometry(width: 100, height: 50, pressureMaximum: 0, samplesPerSecond: 200), samples: []))
        #expect(report.score == 0)
        #expect(report.guidance == [.signAgain])
    }

    @Test("a pad that loses every other run of samples asks to sign slower")
    func lostSamples() throws {
        let trace = try SVC2004Signature.load("Task2_U1S3.TXT")
        // Keep 1 sample in 4 while writing: the pad could not follow the pen.
        let thinned = trace.samples.enumerated().filter { index, sample in !sample.tip || index % 4 == 0 }.map(\.element)
        let report = quality.assess(SignatureTrace(geometry: trace.geometry, samples: thinned))
        let lost = try #require(report.metric("samples-lost"))
        #expect(lost > 0.3)
        #expect(report.guidance.contains(.signSlower), "\(report.metrics)")
        #expect(report.score < quality.assess(trace).score)
    }

    @Test("a pad without a stated size is measured as if its box were 100 mm wide")
    func unknownResolution() throws {
        var trace = try SVC2004Signature.load("Task2_U1S1.TXT")
        trace.geometry.xCountsPerMillimetre = nil
        let report = quality.assess(trace)
        #expect(report.metric("resolution-known") == 0)
        let expectedWidth = Double(try #require(trace.inkBounds).width) / Double(trace.geometry.width) * 100
        let boxUse = try #require(report.metric("box-use"))
        #expect(abs(boxUse * 100 - expectedWidth) < 1)
    }
}
