import BiocapCore
import BiocapSynthesis
import Foundation

extension ComposedSlap {
    /// How to lay out a composed slap.
    struct Options {
        /// Neighbouring fingertips overlap by about 15 px instead of lying 25–60 px apart.
        var touching = false
        /// Turn the whole hand by this many degrees clockwise: every finger tilts by it (plus a third of the usual
        /// fan) and the fingertips move along the turned hand.
        var handTilt: Double?
        /// The fingers put down (default: all of the slap's).
        var present: Set<FingerPosition>?
        /// A thumb laid beside the four fingers, lower down.
        var extraThumb = false
    }

    /// Per finger of a right hand, left to right (index, middle, ring, little): fingertip drop below the middle's
    /// top in pixels, and the tilt range in degrees (the fan: index leans out to the left, little to the right).
    static let rightHand: [(drop: Double, tilt: ClosedRange<Double>)] = [
        (125, -24 ... -12), (0, -4...4), (100, 5...12), (320, 15...28),
    ]

    /// A slap of `slap`'s fingers from real prints chosen by `seed`, laid out like a hand on a platen.
    static func make(_ slap: FingerPosition, seed: UInt64, background: Background, options: Options = Options()) throws -> ComposedSlap {
        var random = SimulationRandom(seed: seed, stream: 0x1A7)
        let fingers = slap.fingers
        let pool = try printPool()
        func pick(_ prints: [RealPrint]) -> RealPrint { prints[Int(random.next() % UInt64(prints.count))] }

        var layout: [(finger: FingerPosition, drop: Double, tilt: Double, print: RealPrint)] = []
        for (index, finger) in fingers.enumerated() {
            let drop: Double, tilt: Double
            switch slap {
            case .plainThumbs:
                drop = random.uniform(-20...20)
                tilt = (index == 0 ? 1 : -1) * random.uniform(18...30)
            case .plainLeftFour:
                let shape = rightHand[fingers.count - 1 - index]
                drop = shape.drop + random.uniform(-20...20)
                tilt = -random.uniform(shape.tilt)
            default:
                let shape = rightHand[index]
                drop = shape.drop + random.uniform(-20...20)
                tilt = random.uniform(shape.tilt)
            }
            let isLittle = finger == .rightLittle || finger == .leftLittle
            let finalTilt = options.handTilt.map { $0 + tilt * 0.3 } ?? tilt
            layout.append((finger, drop, finalTilt, pick(isLittle ? pool.small : pool.large)))
        }
        // Side by side from the left: each fingertip's horizontal half-extent, a gap (or an overlap) between.
        var placements: [Placement] = []
        var x = 0.0, leftEdge = 0.0
        let top = random.uniform(150...230)
        for (index, item) in layout.enumerated() {
            let angle = item.tilt * Double.pi / 180
            let extentX = (pow(item.print.semiX * cos(angle), 2) + pow(item.print.semiY * sin(angle), 2)).squareRoot()
            let extentY = (pow(item.print.semiX * sin(angle), 2) + pow(item.print.semiY * cos(angle), 2)).squareRoot()
            if index == 0 { leftEdge = -extentX }
            if index > 0 {
                let gap = slap == .plainThumbs ? random.uniform(200...320) : (options.touching ? -15 : random.uniform(25...60))
                x += gap + extentX
            }
            placements.append(Placement(finger: item.finger, centreX: x, centreY: top + item.drop + extentY, angle: item.tilt,
                                        print: item.print, lowerPrint: pick(pool.large)))
            x += extentX
        }
        let shift = Double(size.width) / 2 - (leftEdge + x) / 2
        for index in placements.indices { placements[index].centreX += shift }
        if let handTilt = options.handTilt {
            // The whole hand turns about the palm, 1.2 inch below the fingertips: the fingers keep their places
            // along the hand and their lower phalanges stay side by side. Then it is moved back onto the platen.
            let angle = handTilt * Double.pi / 180
            let (c, s) = (cos(angle), sin(angle))
            let pivotX = Double(size.width) / 2, pivotY = top + 600
            for index in placements.indices {
                let dx = placements[index].centreX - pivotX, dy = placements[index].centreY - pivotY
                placements[index].centreX = pivotX + dx * c - dy * s
                placements[index].centreY = pivotY + dx * s + dy * c
            }
            let highest = placements.map { $0.centreY - $0.print.semiY }.min() ?? 0
            for index in placements.indices { placements[index].centreY += 120 - highest }
        }
        if let present = options.present { placements.removeAll { !present.contains($0.finger) } }
        if options.extraThumb, let first = placements.first, let last = placements.last {
            // The hand's own thumb, low beside its index finger: left of it for a right hand, right for a left.
            let thumb = pick(pool.large)
            let isRight = slap != .plainLeftFour
            let index = isRight ? first : last
            placements.append(Placement(finger: isRight ? .rightThumb : .leftThumb,
                                        centreX: max(thumb.semiX, min(Double(size.width) - thumb.semiX, index.centreX + (isRight ? -60 : 60))),
                                        centreY: 1280, angle: isRight ? 35 : -35, print: thumb, lowerPrint: nil))
        }
        return compose(placements, background: background, seed: seed)
    }

    /// The real prints to compose with: DB3's large prints for fingers and thumbs, DB1's (and DB3's smallest)
    /// for little fingers. Loaded once.
    static func printPool() throws -> (large: [RealPrint], small: [RealPrint]) {
        try ComposedPrintPool.shared.get()
    }
}

/// The prints, loaded once per test process.
final class ComposedPrintPool: Sendable {
    static let shared = ComposedPrintPool()
    private let pool: Result<([ComposedSlap.RealPrint], [ComposedSlap.RealPrint]), any Error>

    private init() {
        pool = Result {
            // Whole, upright prints of normal contrast (looked at one by one): FVC2000 also holds partial, faint
            // and tilted ones, whose print area an ellipse would not describe.
            let large = try ["101_1", "102_1", "102_2", "104_1", "106_1", "106_2", "107_1", "107_2", "110_1", "110_2"]
                .map { try ComposedSlap.RealPrint.load("fvc2000-db3/\($0).pgm") }
            let small = try ["fvc2000-db1/101_1", "fvc2000-db1/101_2", "fvc2000-db1/102_2", "fvc2000-db1/103_1",
                             "fvc2000-db1/106_1", "fvc2000-db1/107_1", "fvc2000-db3/109_1", "fvc2000-db3/109_2"]
                .map { try ComposedSlap.RealPrint.load("\($0).pgm") }
            return (large, small)
        }
    }

    func get() throws -> (large: [ComposedSlap.RealPrint], small: [ComposedSlap.RealPrint]) {
        try pool.get()
    }
}
