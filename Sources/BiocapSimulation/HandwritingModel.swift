import BiocapSynthesis
import Foundation

/// Plans a seeded signature the way a hand writes one: a capitalised name as connected letters (arches, ascender and
/// descender loops, round letters) towards virtual targets, a gap and a second word, now and then an i-dot or t-bar
/// and an underline flourish. Each move between targets is a sigma-lognormal component (`LognormalComponent`); the
/// pen lifts between words and, now and then, inside one.
///
/// Calibrated against the SVC2004 sample signatures (see docs/signature-simulation.md): ~1.3–3 s of ink in 3–9 strokes,
/// median pen speed ~100–200 mm/s, most of the velocity's energy at 4–8 Hz.
enum HandwritingModel {
    /// The plan of the signature `seed` writes in `scenario`. The same seed writes the same letters in every scenario;
    /// `tooShort` writes only two initials, `shaky` writes 3–4× slower with a tremor and more pen lifts.
    static func signature(seed: UInt64, scenario: SimulationScenario) -> HandwrittenSignature {
        var random = SimulationRandom(seed: seed, stream: 0x5349_474E)
        // Drawn apart from the letters, so a shaky signer writes the letters the good one does.
        var pace = SimulationRandom(seed: seed, stream: 0x7041_4345)
        let shaky = scenario == .shaky
        let slowdown = shaky ? pace.uniform(3...4) : 1
        let tremor = shaky
            ? PenTremor(frequency: pace.uniform(4...8), amplitude: pace.uniform(0.3...1.0),
                        phaseX: pace.uniform(0...(2 * .pi)), phaseY: pace.uniform(0...(2 * .pi)))
            : nil
        let splitChance = shaky ? 0.3 : 0.2
        let height = random.uniform(9...14)
        let slant = random.uniform(0.1...0.4)
        let words: [Int] = scenario == .tooShort
            ? [0, 0]
            : [Int.random(in: 1...3, using: &random), Int.random(in: 2...4, using: &random)]

        var runs: [[SIMD2<Double>]] = []
        var x = 0.0
        for letters in words {
            let (targets, end) = word(letters: letters, from: x, height: height, random: &random)
            var run = [targets[0]]
            for target in targets.dropFirst() {
                run.append(target)
                if run.count >= 3, random.uniform(0...1) < splitChance {
                    runs.append(run)
                    run = [target]
                }
            }
            if run.count >= 2 { runs.append(run) }
            if scenario != .tooShort, random.uniform(0...1) < 0.35 {
                let dotX = random.uniform(x...max(x, end))
                runs.append([SIMD2(dotX, 1.5 * height), SIMD2(dotX + 0.6, 1.45 * height)])
            }
            x = end + random.uniform(0.8...1.6) * height
        }
        if scenario != .tooShort, random.uniform(0...1) < 0.5 {
            runs.append([SIMD2(x - 0.3 * height, -0.5 * height), SIMD2(x - 0.6 * height, -1.3 * height),
                         SIMD2(x * 0.5, -1.5 * height), SIMD2(random.uniform(-0.1...0.15) * x, -1.4 * height)])
        }

        var strokes: [HandwrittenStroke] = []
        var penUpBefore: [Double] = []
        for run in runs {
            let slanted = run.map { SIMD2($0.x + slant * $0.y, $0.y) }
            var peak = 0.0
            var components: [LognormalComponent] = []
            for (from, to) in zip(slanted, slanted.dropFirst()) {
                peak += random.uniform(0.06...0.09) * slowdown
                // Most turns of a right-handed cursive are anticlockwise (loops), some clockwise (arches).
                let turn = (random.uniform(0...1) < 0.6 ? 1.0 : -1.0) * random.uniform(0.3...1.3)
                components.append(LognormalComponent(
                    peakTime: peak, chord: to - from, turn: turn, duration: random.uniform(0.08...0.12) * slowdown,
                    logResponse: random.uniform(0.2...0.32)))
            }
            penUpBefore.append(strokes.isEmpty ? 0 : random.uniform(0.07...0.22) * slowdown)
            strokes.append(HandwrittenStroke(
                origin: slanted[0], components: components, pressureLevel: random.uniform(0.55...0.85),
                pressureRise: random.uniform(0.025...0.05), pressureFall: random.uniform(0.03...0.06),
                pressureSwellFrequency: random.uniform(1.5...3), pressureSwellPhase: random.uniform(0...(2 * .pi))))
        }
        return HandwrittenSignature(strokes: strokes, penUpBefore: penUpBefore, tremor: tremor)
    }

    /// The targets of one word from `x` on the baseline (y = 0): a capital, then `letters` small letters.
    private static func word(letters: Int, from x0: Double, height: Double, random: inout SimulationRandom)
        -> (targets: [SIMD2<Double>], end: Double)
    {
        var targets = [SIMD2(x0, 0)]
        var x = x0
        targets += [SIMD2(x + 0.3 * height, height * random.uniform(2.3...3.0)), SIMD2(x + 0.2 * height, 0)]
        x += 0.6 * height
        for _ in 0..<letters {
            let width = height * random.uniform(0.45...0.8)
            let h = height
            let shape = random.uniform(0...1)
            switch shape {
            case ..<0.5:  // an arch or garland: n, m, u
                targets += [SIMD2(x + 0.45 * width, h * random.uniform(0.85...1.1)), SIMD2(x + width, h * random.uniform(-0.05...0.1))]
            case ..<0.7:  // an ascender loop: l, h, b
                targets += [SIMD2(x + 0.7 * width, h * random.uniform(1.9...2.5)), SIMD2(x + 0.35 * width, 0), SIMD2(x + width, 0.25 * h)]
            case ..<0.85:  // a descender loop: g, y
                targets += [SIMD2(x + 0.5 * width, h), SIMD2(x + 0.3 * width, -h * random.uniform(0.9...1.3)), SIMD2(x + width, 0.3 * h)]
            default:  // a round letter: o, a
                targets += [SIMD2(x + 0.5 * width, h), SIMD2(x + 0.1 * width, 0.45 * h), SIMD2(x + 0.55 * width, 0),
                            SIMD2(x + width, 0.8 * h)]
            }
            x += width
        }
        return (targets, x)
    }
}
