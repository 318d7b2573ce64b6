import BiocapCore
import BiocapDeviceKit
import BiocapDevices
@testable import BiocapSimulation
import BiocapSynthesis
import BiocapTestSupport
import Foundation
import Testing

@Suite struct SimulatedSignaturePadTests {
    static let request = CaptureRequest(modality: .signature, positions: [.signature])
    static let geometry = SimulatedSignaturePad.padGeometry
    /// SVC2004's tablet (a WACOM Intuos) at its native 2540 lines per inch: 100 counts per mm. At 1000 lpi the
    /// sample signatures would be 14–22 cm wide; at 2540 lpi they are 53–85 × 31–40 mm, a signature's size.
    static let svcCountsPerMillimetre = 100.0
    static let goodSeeds: [UInt64] = Array(1...8)

    static func pad(_ scenario: SimulationScenario = .good, seed: UInt64 = 7) async throws -> SimulatedSignaturePad {
        let pad = SimulatedSignaturePad(options: SimulationOptions(id: "sim-signature-0", seed: seed, scenario: scenario, timeScale: 0))
        try await pad.open()
        return pad
    }

    /// Reads a stream up to and including the sample where the pen leaves the pad's range, or until it throws.
    static func signing(_ stream: AsyncThrowingStream<PenPoint, any Error>) async -> ([PenPoint], (any Error)?) {
        var samples: [PenPoint] = []
        do {
            for try await sample in stream {
                samples.append(sample)
                if !sample.inRange { break }
            }
        } catch {
            return (samples, error)
        }
        return (samples, nil)
    }

    static func signature(_ scenario: SimulationScenario = .good, seed: UInt64 = 7) async throws -> [PenPoint] {
        let (samples, error) = await signing(try await pad(scenario, seed: seed).penSamples(for: request))
        #expect(error == nil)
        return samples
    }

    static func measured(_ scenario: SimulationScenario, seed: UInt64) async throws -> MeasuredSignature {
        MeasuredSignature(points: try await signature(scenario, seed: seed), geometry: geometry)
    }

    static func realSignatures() throws -> [(name: String, signature: MeasuredSignature)] {
        let folder = TestData.sharedRoot.appendingPathComponent("devices/signatures/svc2004")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".TXT") }.sorted()
        return try files.map { ($0, try MeasuredSignature(svc2004: folder.appendingPathComponent($0), countsPerMillimetre: svcCountsPerMillimetre)) }
    }

    @Test func describesAnSTU430ClassPadAndIsRegistered() {
        let pad = SimulatedSignaturePad(options: SimulationOptions(id: "sim-signature-0", seed: 3))
        let descriptor = pad.descriptor
        #expect(descriptor.modality == .signature && descriptor.capabilities.positions == [.signature])
        #expect(descriptor.driver == "signature" && descriptor.simulated && descriptor.capabilities.framesPerSecond == 200)
        #expect(descriptor.capabilities.imageWidth == 768 && descriptor.capabilities.imageHeight == 480, "96 × 60 mm at 8 px/mm")
        let size = Self.geometry.sizeMillimetres
        #expect(size?.width == 96 && size?.height == 60)
        let box = Self.geometry.box
        #expect(box.x > 0 && box.y > 0 && box.x + box.width < Self.geometry.width && box.y + box.height < Self.geometry.height)
        #expect(Self.geometry.pressureMaximum == 1023 && Self.geometry.samplesPerSecond == 200)
        #expect(DriverRegistry.standard.simulatedDriver(named: "signature")?.modality == .signature)
        #expect(DriverRegistry.standard.simulatedDriver(named: "signature")?.make(SimulationOptions(id: "s")) is SimulatedSignaturePad)
    }

    @Test func aSignerHoversInWritesStrokesLiftsAndLeavesAt200Hz() async throws {
        let samples = try await Self.signature()
        let firstInk = try #require(samples.firstIndex { $0.tip })
        let lastInk = try #require(samples.lastIndex { $0.tip })
        #expect(samples.enumerated().allSatisfy { $1.time == .milliseconds(5 * $0) }, "device time is the sample index × 5 ms")
        #expect(firstInk >= 40 && samples[..<firstInk].allSatisfy { $0.inRange && !$0.tip }, "≥ 0.2 s hovering in before the first touch")
        #expect(samples[(lastInk + 1)...].dropLast().allSatisfy { $0.inRange && !$0.tip } && lastInk + 40 < samples.count - 1)
        #expect(samples.last?.inRange == false && samples.dropLast().allSatisfy(\.inRange))
        #expect(SignatureTrace(geometry: Self.geometry, samples: samples).strokes.count >= 2)
        #expect(samples.allSatisfy { (0..<Self.geometry.width).contains($0.x) && (0..<Self.geometry.height).contains($0.y) })
        #expect(samples.allSatisfy { $0.tip ? (1...1023).contains($0.pressure) : $0.pressure == 0 })
        #expect(samples.filter(\.tip).allSatisfy { Self.geometry.box.contains(x: $0.x, y: $0.y) }, "a good signature stays in the box")
    }

    @Test func afterThePenLeavesThePadIsSilentUntilTheConsumerStops() async throws {
        let pad = try await Self.pad()
        let stream = try await pad.penSamples(for: Self.request)
        await #expect(throws: BiocapError.deviceBusy(device: "sim-signature-0")) { _ = try await pad.penSamples(for: Self.request) }
        let (gone, penLeft) = AsyncStream<Void>.makeStream()
        let reader = Task { () -> PenPoint? in
            var iterator = stream.makeAsyncIterator()
            while let sample = try await iterator.next(), sample.inRange {}
            penLeft.yield()
            // The pen is gone; a reader waiting for more gets nothing until it gives up (cancels).
            return try await iterator.next()
        }
        for await _ in gone { break }
        try await Task.sleep(for: .milliseconds(300))
        reader.cancel()
        #expect(try await reader.value == nil, "no sample after the pen left")
        // The consumer stopped: the pad takes a new capture.
        let again = try await pad.penSamples(for: Self.request)
        var next = again.makeAsyncIterator()
        #expect(try await next.next()?.inRange == true)
    }

    @Test func theSameSeedWritesTheSameSignatureAndARetryANewOne() async throws {
        let a = try await Self.signature(seed: 11)
        let b = try await Self.signature(seed: 11)
        let c = try await Self.signature(seed: 12)
        #expect(!a.isEmpty && a == b)
        #expect(a != c)
        let pad = try await Self.pad(seed: 11)
        let (first, _) = await Self.signing(try await pad.penSamples(for: Self.request))
        let (retry, _) = await Self.signing(try await pad.penSamples(for: Self.request))
        #expect(first == a && retry != a && retry.contains(where: \.tip), "the second capture of a pad is another signature")
    }

    @Test func goodSignaturesMeasureLikeTheRealSVC2004Ones() async throws {
        let real = try Self.realSignatures()
        #expect(real.count == 7)
        var simulated: [MeasuredSignature] = []
        for seed in Self.goodSeeds { simulated.append(try await Self.measured(.good, seed: seed)) }
        let report = SignatureComparison(real: real.map(\.signature), simulated: simulated)
        print(report.table(realNames: real.map(\.name), seeds: Self.goodSeeds))

        let durations = real.map(\.signature.inkDuration)
        let strokeCounts = real.map { Double($0.signature.strokes.count) }
        let ratios = real.map(\.signature.penDownRatio)
        for (seed, signature) in zip(Self.goodSeeds, simulated) {
            #expect((0.5 * durations.min()!...1.5 * durations.max()!).contains(signature.inkDuration), "seed \(seed): duration \(signature.inkDuration) s")
            let strokes = Double(signature.strokes.count)
            #expect((max(1, strokeCounts.min()! / 2)...1.5 * strokeCounts.max()!).contains(strokes), "seed \(seed): \(strokes) strokes")
            #expect((ratios.min()! - 0.15...min(1, ratios.max()! + 0.1)).contains(signature.penDownRatio), "seed \(seed): pen-down \(signature.penDownRatio)")
        }
        #expect(report.simulated.medianSpeed / report.real.medianSpeed > 0.5 && report.simulated.medianSpeed / report.real.medianSpeed < 2)
        #expect(report.simulated.speed90 / report.real.speed90 > 0.5 && report.simulated.speed90 / report.real.speed90 < 2)
        #expect(abs(report.simulated.medianPressure - report.real.medianPressure) < 0.15)
        let realLowPressures = real.map(\.signature).filter { !$0.normalisedPressures.isEmpty }
            .map { MeasuredSignature.quantile($0.normalisedPressures, 0.1) }
        for (seed, signature) in zip(Self.goodSeeds, simulated) {
            let low = MeasuredSignature.quantile(signature.normalisedPressures, 0.1)
            #expect((realLowPressures.min()! - 0.1...realLowPressures.max()! + 0.1).contains(low), "seed \(seed): 10th-percentile pressure \(low)")
        }
    }

    @Test func tooShortWritesOnlyInitials() async throws {
        let real = try Self.realSignatures().map(\.signature.inkDuration)
        for seed in Self.goodSeeds.prefix(4) {
            let initials = try await Self.measured(.tooShort, seed: seed)
            let good = try await Self.measured(.good, seed: seed)
            #expect(initials.inkDuration > 0.1 && initials.inkDuration < 0.8, "seed \(seed): \(initials.inkDuration) s of ink")
            #expect(initials.inkDuration < real.min()! && initials.inkDuration < good.inkDuration / 1.5)
        }
    }

    @Test func hoveringNeverTouchesButMovesAsIfWriting() async throws {
        let samples = try await Self.signature(.hovering)
        #expect(samples.allSatisfy { !$0.tip && $0.pressure == 0 })
        let inRange = samples.filter(\.inRange)
        #expect(inRange.count > 200)
        let xs = inRange.map(\.x)
        #expect(xs.max()! - xs.min()! > 2000, "the pen travels a signature's width (> 20 mm) above the pad")
    }

    @Test func outsideBoxRunsPastTheBoxAndIsClampedToTheSurface() async throws {
        for seed in Self.goodSeeds.prefix(4) {
            let ink = try await Self.signature(.outsideBox, seed: seed).filter(\.tip)
            let box = Self.geometry.box
            #expect(ink.contains { box.contains(x: $0.x, y: $0.y) }, "seed \(seed): it starts in the box")
            #expect(ink.filter { !box.contains(x: $0.x, y: $0.y) }.count > 10, "seed \(seed): ink outside the box")
            #expect(ink.allSatisfy { (0..<Self.geometry.width).contains($0.x) && (0..<Self.geometry.height).contains($0.y) })
            #expect(ink.contains { $0.x == Self.geometry.width - 1 }, "seed \(seed): held at the surface's edge")
        }
    }

    @Test func shakyWritingIsSlowerAndBendsMoreAtShortScales() async throws {
        var goodStrokes = 0, shakyStrokes = 0
        for seed in Self.goodSeeds.prefix(6) {
            let good = try await Self.measured(.good, seed: seed)
            let shaky = try await Self.measured(.shaky, seed: seed)
            goodStrokes += good.strokes.count
            shakyStrokes += shaky.strokes.count
            #expect(shaky.inkDuration > 2 * good.inkDuration, "seed \(seed): slower")
            let goodBend = MeasuredSignature.quantile(good.curvatures(), 0.75)
            let shakyBend = MeasuredSignature.quantile(shaky.curvatures(), 0.75)
            #expect(shakyBend > 1.3 * goodBend, "seed \(seed): 75th-percentile |curvature| \(shakyBend) vs good \(goodBend) rad/mm")
        }
        #expect(shakyStrokes > goodStrokes, "more pen lifts")
    }

    @Test func unplugThrowsDisconnectedAfterASecondOfWritingAndKeepsThePadGone() async throws {
        let pad = try await Self.pad(.unplug)
        let (samples, error) = await Self.signing(try await pad.penSamples(for: Self.request))
        #expect(error as? BiocapError == .deviceDisconnected(device: "sim-signature-0"))
        let firstInk = try #require(samples.first { $0.tip })
        let last = try #require(samples.last)
        #expect(last.time - firstInk.time >= .milliseconds(990) && last.inRange, "about a second of writing was handed out first")
        await #expect(throws: BiocapError.deviceDisconnected(device: "sim-signature-0")) { _ = try await pad.penSamples(for: Self.request) }
        let report = try await pad.selfTest()
        #expect(!report.passed && report.checks.first?.name == "communication")
    }

    @Test func selfTestWritesAShortStrokeAndChecksIt() async throws {
        let report = try await Self.pad().selfTest()
        #expect(report.passed, "\(report.checks)")
        #expect(report.checks.map(\.name) == ["communication", "sample-clock", "coordinates", "pressure", "pen-states"])
        let broken = SignaturePadSelfTest.checks(
            of: [PenPoint(x: 99_999, y: 0, pressure: 0, tip: true, time: .zero), PenPoint(x: 0, y: 0, pressure: 0, tip: false, time: .milliseconds(7))],
            geometry: Self.geometry)
        #expect(broken.allSatisfy { !$0.passed }, "\(broken)")
    }

    @Test func aPadNeedsOpeningAndASignatureRequestAndStreamsNoFrames() async throws {
        let pad = SimulatedSignaturePad(options: SimulationOptions(id: "sim-signature-0", timeScale: 0))
        await #expect(throws: BiocapError.deviceNotOpen(device: "sim-signature-0")) { _ = try await pad.penSamples(for: Self.request) }
        try await pad.open()
        let finger = CaptureRequest(modality: .finger, positions: [.finger(.rightIndex)])
        await #expect(throws: BiocapError.self) { _ = try await pad.penSamples(for: finger) }
        await #expect(throws: BiocapError.self) { _ = try await pad.frames(for: Self.request) }
        await pad.show(.signHere)
        #expect(await pad.prompt == .signHere)
    }
}
