import BiocapCore
import Foundation

/// A pen trace in physical units (seconds, millimetres, pressure as given) from the simulated pad or from a real
/// SVC2004 file, with the statistics the realism tests compare.
struct MeasuredSignature {
    struct Sample {
        var time: Double
        var x: Double
        var y: Double
        var pressure: Double?
        var down: Bool
    }

    var samples: [Sample]

    /// Samples of a pad, in millimetres through the pad's resolution; only in-range samples (a pad's last one is not).
    init(points: [PenPoint], geometry: PadGeometry) {
        let countsX = geometry.xCountsPerMillimetre ?? 1, countsY = geometry.yCountsPerMillimetre ?? 1
        samples = points.filter(\.inRange).map {
            Sample(time: Double($0.time.components.seconds) + Double($0.time.components.attoseconds) * 1e-18,
                   x: Double($0.x) / countsX, y: Double($0.y) / countsY, pressure: Double($0.pressure), down: $0.tip)
        }
    }

    /// An SVC2004 file: a count line, then `X Y TimeStamp ButtonStatus [Azimuth Altitude Pressure]` lines with time in
    /// milliseconds and X, Y in tablet counts (`countsPerMillimetre` of them per mm).
    init(svc2004 url: URL, countsPerMillimetre: Double) throws {
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
        guard let header = lines.first, let count = Int(header.trimmingCharacters(in: .whitespaces)) else {
            throw MeasureError("\(url.lastPathComponent): no point count on the first line")
        }
        samples = try lines.dropFirst().map { line in
            let fields = line.split(separator: " ").compactMap { Double($0) }
            guard fields.count == 4 || fields.count == 7 else { throw MeasureError("\(url.lastPathComponent): bad line '\(line)'") }
            return Sample(time: fields[2] / 1000, x: fields[0] / countsPerMillimetre, y: fields[1] / countsPerMillimetre,
                          pressure: fields.count == 7 ? fields[6] : nil, down: fields[3] == 1)
        }
        guard samples.count == count else { throw MeasureError("\(url.lastPathComponent): \(samples.count) points, header says \(count)") }
    }

    struct MeasureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private var downIndices: [Int] { samples.indices.filter { samples[$0].down } }

    /// From the first pen-down sample to the last (s).
    var inkDuration: Double {
        guard let first = downIndices.first, let last = downIndices.last else { return 0 }
        return samples[last].time - samples[first].time
    }

    /// Runs of consecutive pen-down samples.
    var strokes: [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for (index, sample) in samples.enumerated() {
            if sample.down, start == nil { start = index }
            if !sample.down, let open = start {
                runs.append(open..<index)
                start = nil
            }
        }
        if let open = start { runs.append(open..<samples.count) }
        return runs
    }

    /// The share of `inkDuration` spent with the pen down (time between two consecutive down samples at most 15 ms
    /// apart: SVC2004 records no pen-up samples, its pen-ups are jumps in time).
    var penDownRatio: Double {
        var down = 0.0
        for (a, b) in zip(samples, samples.dropFirst()) where a.down && b.down && b.time - a.time <= 0.015 {
            down += b.time - a.time
        }
        return inkDuration > 0 ? down / inkDuration : 0
    }

    /// Pen-down speeds (mm/s) over 10 ms steps (SVC2004's rate; every other sample of a 200 Hz pad).
    var speeds: [Double] {
        var speeds: [Double] = []
        for run in strokes {
            for start in run {
                guard let end = run.first(where: { $0 > start && samples[$0].time - samples[start].time >= 0.009 }),
                      samples[end].time - samples[start].time <= 0.011 else { continue }
                let a = samples[start], b = samples[end]
                speeds.append(((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot() / (b.time - a.time))
            }
        }
        return speeds
    }

    /// Pen-down pressures divided by the signature's highest; empty without pressure.
    var normalisedPressures: [Double] {
        let pressures = samples.filter(\.down).compactMap(\.pressure)
        guard let highest = pressures.max(), highest > 0 else { return [] }
        return pressures.map { $0 / highest }
    }

    /// |curvature| (rad/mm) along the pen-down path, resampled every `step` mm of arc: how much the path bends at
    /// short scales. Smooth writing bends at its letters' turns; a tremor bends it everywhere.
    func curvatures(step: Double = 1) -> [Double] {
        var result: [Double] = []
        for run in strokes {
            var points: [(Double, Double)] = [(samples[run.lowerBound].x, samples[run.lowerBound].y)]
            var needed = step
            for index in run.dropFirst() {
                let a = samples[index - 1], b = samples[index]
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                var along = 0.0
                while length - along >= needed {
                    along += needed
                    points.append((a.x + (b.x - a.x) * along / length, a.y + (b.y - a.y) * along / length))
                    needed = step
                }
                needed -= length - along
            }
            let headings = zip(points, points.dropFirst()).map { atan2($1.1 - $0.1, $1.0 - $0.0) }
            for (h0, h1) in zip(headings, headings.dropFirst()) {
                var turn = h1 - h0
                while turn > .pi { turn -= 2 * .pi }
                while turn < -.pi { turn += 2 * .pi }
                result.append(abs(turn) / step)
            }
        }
        return result
    }

    /// The `fraction` quantile of `values` (linear between ranks); 0 when empty.
    static func quantile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = fraction * Double(sorted.count - 1)
        let low = Int(rank), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
}
