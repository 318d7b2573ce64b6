import BiocapCore

/// The measurements behind `SignatureQuality`, taken in one pass over a trace (plus a sort for percentiles).
struct SignatureMeasures {
    var strokes = 0
    /// Seconds from the first inked sample to the last.
    var inkDuration = 0.0
    /// Millimetres.
    var pathLength = 0.0
    var inkWidth = 0.0
    var boxUse = 0.0
    var outsideShare = 0.0
    var pressureRange: Double?
    var lostShare = 0.0
    var hoverShare = 0.0
    var speedP90 = 0.0
    var resolutionKnown = false

    init(_ trace: SignatureTrace, assumedBoxWidth: Double) {
        let geometry = trace.geometry
        let box = geometry.box
        let samples = trace.samples
        guard !samples.isEmpty else { return }
        let mm: (x: Double, y: Double)
        if let xc = geometry.xCountsPerMillimetre, let yc = geometry.yCountsPerMillimetre, xc > 0, yc > 0 {
            mm = (1 / xc, 1 / yc)
            resolutionKnown = true
        } else {
            let perCount = assumedBoxWidth / Double(max(1, box.width))
            mm = (perCount, perCount)
        }
        hoverShare = Double(samples.count { $0.inRange && !$0.tip }) / Double(samples.count)
        let strokeRanges = trace.strokes
        strokes = strokeRanges.count
        guard let first = strokeRanges.first, let last = strokeRanges.last else { return }
        inkDuration = (samples[last.upperBound - 1].time - samples[first.lowerBound].time).seconds

        var inked = 0, outside = 0, lost = 0.0, expected = 0.0
        var speeds: [Double] = []
        var pressures: [Int] = []
        let interval = 1 / max(1, geometry.samplesPerSecond)
        for stroke in strokeRanges {
            for index in stroke {
                let sample = samples[index]
                inked += 1
                pressures.append(sample.pressure)
                if sample.x <= box.x || sample.y <= box.y || sample.x >= box.x + box.width - 1 || sample.y >= box.y + box.height - 1 {
                    outside += 1
                }
                guard index > stroke.lowerBound else { continue }
                let previous = samples[index - 1]
                let dx = Double(sample.x - previous.x) * mm.x, dy = Double(sample.y - previous.y) * mm.y
                let step = (dx * dx + dy * dy).squareRoot()
                pathLength += step
                let dt = (sample.time - previous.time).seconds
                // Within a stroke the pad reports every interval; a longer gap is samples it never sent.
                let intervals = max(1, (dt / interval).rounded())
                expected += intervals
                if dt > 2.5 * interval { lost += intervals - 1 }
                if dt > 0 { speeds.append(step / dt) }
            }
        }
        outsideShare = Double(outside) / Double(max(1, inked))
        lostShare = expected > 0 ? lost / expected : 0
        if let bounds = trace.inkBounds {
            inkWidth = Double(bounds.width) * mm.x
            boxUse = min(1, Double(bounds.width) / Double(max(1, box.width)))
        }
        speeds.sort()
        if !speeds.isEmpty { speedP90 = speeds[min(speeds.count - 1, Int(Double(speeds.count) * 0.9))] }
        if geometry.pressureMaximum > 0, !pressures.isEmpty {
            pressures.sort()
            let low = pressures[Int(Double(pressures.count - 1) * 0.05)]
            let high = pressures[Int(Double(pressures.count - 1) * 0.95)]
            pressureRange = Double(high - low) / Double(geometry.pressureMaximum)
        }
    }
}
