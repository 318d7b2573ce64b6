/// A handwritten signature as the pad recorded it: every pen sample in time order, with the geometry they are
/// measured in. The primary data of a signature capture; the ISO/IEC 19794-7 record and the rendered image are
/// made from it.
public struct SignatureTrace: Sendable, Hashable, Codable {
    public var geometry: PadGeometry
    public var samples: [PenPoint]

    public init(geometry: PadGeometry, samples: [PenPoint]) {
        self.geometry = geometry
        self.samples = samples
    }

    /// Index ranges of the strokes: runs of consecutive samples with the pen touching.
    public var strokes: [Range<Int>] {
        var strokes: [Range<Int>] = []
        var start: Int?
        for (index, sample) in samples.enumerated() {
            if sample.tip, start == nil { start = index }
            if !sample.tip, let open = start {
                strokes.append(open..<index)
                start = nil
            }
        }
        if let open = start { strokes.append(open..<samples.count) }
        return strokes
    }

    /// Time from the first sample to the last.
    public var duration: Duration {
        guard let first = samples.first, let last = samples.last else { return .zero }
        return last.time - first.time
    }

    /// The box around every touching sample (counts), nil when the pen never touched.
    public var inkBounds: PadBox? {
        var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min
        for sample in samples where sample.tip {
            minX = min(minX, sample.x)
            minY = min(minY, sample.y)
            maxX = max(maxX, sample.x)
            maxY = max(maxY, sample.y)
        }
        guard minX <= maxX else { return nil }
        return PadBox(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }
}
