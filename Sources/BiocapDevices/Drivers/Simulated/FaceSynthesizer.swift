import BiocapCore
import Foundation

/// Synthesises a colour portrait (1280 × 720): a gradient backdrop, shoulders in a shirt, neck, a shaded
/// skin-tone head with ears and hair, eyes (whites, coloured iris, pupil, catch-light), eyebrows, nose
/// shading and nostrils, and lips. Shapes are painted back to front with anti-aliased edges, each over
/// its own bounding box only. Pure in the seed and parameters.
enum FaceSynthesizer {
    static let size = (width: 1280, height: 720)

    /// Head turn: 0 = frontal; ±1 = turned well to one side (features shift, face narrows).
    struct Appearance: Sendable, Equatable {
        var yaw = 0.0

        init(scenario: SimulationScenario) {
            if scenario == .lookingAway { yaw = 0.8 }
        }
    }

    /// Skin tones from light to dark, all within the chroma range skin detectors accept.
    static let skinTones: [SIMD3<Double>] = [
        SIMD3(232, 190, 160), SIMD3(215, 165, 130), SIMD3(198, 145, 105), SIMD3(170, 118, 82), SIMD3(128, 84, 58),
    ]

    static func face(seed: UInt64, appearance: Appearance) -> RGBImage {
        let width = size.width, height = size.height
        var random = SimulationRandom(seed: seed, stream: 0xFACE)
        var canvas = Canvas(width: width, height: height)
        let skin = skinTones[Int(random.next() % UInt64(skinTones.count))] * random.uniform(0.96...1.04)
        let hairColours: [SIMD3<Double>] = [SIMD3(30, 22, 18), SIMD3(70, 45, 28), SIMD3(120, 85, 50), SIMD3(150, 150, 150)]
        let hair = hairColours[Int(random.next() % UInt64(hairColours.count))]
        let shirts: [SIMD3<Double>] = [SIMD3(40, 55, 90), SIMD3(60, 60, 65), SIMD3(110, 35, 40), SIMD3(35, 80, 60), SIMD3(200, 200, 195)]
        let shirt = shirts[Int(random.next() % UInt64(shirts.count))]
        let irisColours: [SIMD3<Double>] = [SIMD3(85, 55, 35), SIMD3(60, 40, 25), SIMD3(70, 100, 125), SIMD3(85, 105, 70)]
        let irisColour = irisColours[Int(random.next() % UInt64(irisColours.count))]

        // Backdrop: a plain wall, lighter at the top, with a soft vignette.
        let top = SIMD3(random.uniform(200...225), random.uniform(205...225), random.uniform(210...230))
        let bottom = top * 0.82
        let wallNoise = ValueNoise(seed: random.next(), cell: 90, octaves: 2)
        let wall = CoarseField(width: width, height: height, step: 16) { 0.015 * wallNoise.value($0, $1) }
        let vignette = (0..<width).map { x in 1 - 0.48 * pow((Double(x) - Double(width) / 2) / Double(width), 2) }
        for y in 0..<height {
            let row = top + (bottom - top) * (Double(y) / Double(height))
            for x in 0..<width { canvas.pixels[y * width + x] = row * (vignette[x] + Double(wall.values[y * width + x])) }
        }
        let cx = Double(width) / 2 + random.uniform(-20...20)
        let headY = 330 + random.uniform(-12...12)
        let headA = random.uniform(128...150) * (1 - 0.12 * abs(appearance.yaw))
        let headB = random.uniform(175...195)
        let turn = appearance.yaw * headA * 0.45

        // Shoulders and neck.
        canvas.ellipse(cx: cx, cy: 720 + 150, a: 360, b: 300) { x, y in
            shirt * (0.85 + 0.15 * (1 - abs(x - cx) / 360))
        }
        canvas.ellipse(cx: cx + turn * 0.2, cy: headY + headB * 0.95, a: headA * 0.55, b: headB * 0.75) { x, y in
            skin * (0.72 + 0.08 * (1 - abs(x - cx) / (headA * 0.55)))
        }
        // Hair behind the head, then ears, then the face.
        canvas.ellipse(cx: cx - turn * 0.3, cy: headY - headB * 0.12, a: headA * 1.12, b: headB * 1.0) { _, _ in hair }
        for side in [-1.0, 1.0] {
            let earX = cx + side * headA * (1 - 0.3 * max(0, side * appearance.yaw)) - turn * 0.3
            canvas.ellipse(cx: earX, cy: headY + 10, a: 20, b: 42) { _, _ in skin * 0.88 }
        }
        canvas.ellipse(cx: cx, cy: headY, a: headA, b: headB) { x, y in
            let nx = (x - cx - turn * 0.3) / headA, ny = (y - headY) / headB
            let rounding = (max(0, 1 - nx * nx - ny * ny)).squareRoot()
            var colour = skin * (0.8 + 0.22 * rounding)
            let cheek = exp(-(pow((abs(nx - appearance.yaw * 0.35) - 0.45) / 0.18, 2) + pow((ny - 0.22) / 0.14, 2)))
            colour += SIMD3(18, -6, -6) * cheek
            return colour
        }
        // Hair over the forehead: everything above a curved hairline inside the hair ellipse.
        let hairline = headY - headB * random.uniform(0.5...0.62)
        canvas.ellipse(cx: cx - turn * 0.3, cy: headY - headB * 0.12, a: headA * 1.12, b: headB * 1.0) { x, y in
            let u = (x - cx + turn * 0.4) / headA
            return y < hairline + headB * 0.45 * u * u ? hair * (0.94 + 0.06 * sin(x * 0.21 + y * 0.09)) : nil
        }

        // Features, shifted toward the turn.
        let featureX = cx + turn
        let eyeY = headY - headB * 0.05, eyeGap = headA * 0.42 * (1 - 0.25 * abs(appearance.yaw))
        for side in [-1.0, 1.0] {
            let ex = featureX + side * eyeGap
            let browY = eyeY - 34
            canvas.ellipse(cx: ex, cy: eyeY + 4, a: 34, b: 18) { _, _ in skin * 0.82 }
            canvas.ellipse(cx: ex, cy: eyeY, a: 26, b: 11) { _, _ in SIMD3(236, 232, 226) }
            canvas.ellipse(cx: ex + appearance.yaw * 8, cy: eyeY, a: 10.5, b: 10.5, clip: (ex, eyeY, 26, 11)) { _, _ in irisColour }
            canvas.ellipse(cx: ex + appearance.yaw * 8, cy: eyeY, a: 4.5, b: 4.5) { _, _ in SIMD3(15, 12, 12) }
            canvas.ellipse(cx: ex + appearance.yaw * 8 + 3, cy: eyeY - 3, a: 1.8, b: 1.8) { _, _ in SIMD3(250, 250, 250) }
            canvas.arc(cx: ex, cy: eyeY + 1, a: 27, b: 12, from: .pi * 1.05, to: .pi * 1.95, thickness: 2.2, colour: SIMD3(40, 28, 24))
            canvas.arc(cx: ex + side * 4, cy: browY + 16, a: 36, b: 18, from: .pi * 1.1, to: .pi * 1.9, thickness: 7, colour: hair * 0.9)
        }
        // Nose: a shaded side and two nostrils.
        let noseY = headY + headB * 0.22
        canvas.ellipse(cx: featureX + 12 + appearance.yaw * 10, cy: noseY - 30, a: 9, b: 48) { x, _ in
            skin * (0.86 + 0.06 * (x - featureX) / 20)
        }
        canvas.ellipse(cx: featureX, cy: noseY + 6, a: 24, b: 12) { _, _ in skin * 0.9 }
        for side in [-1.0, 1.0] {
            canvas.ellipse(cx: featureX + side * 11, cy: noseY + 10, a: 6.5, b: 3.8) { _, _ in skin * 0.45 }
        }
        // Lips and the mouth line.
        let mouthY = headY + headB * 0.47
        let lips = SIMD3(skin.x * 0.85 + 25, skin.y * 0.55, skin.z * 0.55)
        canvas.ellipse(cx: featureX, cy: mouthY, a: 40, b: 12) { _, y in lips * (y < mouthY ? 0.92 : 1.02) }
        canvas.arc(cx: featureX, cy: mouthY - 8, a: 40, b: 9, from: 0.1 * .pi, to: 0.9 * .pi, thickness: 2, colour: lips * 0.5)

        return canvas.image()
    }

    /// A floating-point RGB canvas with anti-aliased ellipse and arc painting.
    struct Canvas {
        let width: Int
        let height: Int
        var pixels: [SIMD3<Double>]

        init(width: Int, height: Int) {
            self.width = width
            self.height = height
            pixels = [SIMD3<Double>](repeating: .zero, count: width * height)
        }

        /// Fills an ellipse; `colour` may return nil to leave a pixel; `clip` keeps it inside another ellipse.
        mutating func ellipse(
            cx: Double, cy: Double, a: Double, b: Double, clip: (Double, Double, Double, Double)? = nil,
            colour: (Double, Double) -> SIMD3<Double>?
        ) {
            let x0 = max(0, Int(cx - a - 2)), x1 = min(width - 1, Int(cx + a + 2))
            let y0 = max(0, Int(cy - b - 2)), y1 = min(height - 1, Int(cy + b + 2))
            guard x0 <= x1, y0 <= y1 else { return }
            for y in y0...y1 {
                for x in x0...x1 {
                    let xd = Double(x), yd = Double(y)
                    var cover = Canvas.coverage(xd, yd, cx, cy, a, b)
                    if let clip { cover = min(cover, Canvas.coverage(xd, yd, clip.0, clip.1, clip.2, clip.3)) }
                    guard cover > 0, let fill = colour(xd, yd) else { continue }
                    let index = y * width + x
                    pixels[index] += (fill - pixels[index]) * cover
                }
            }
        }

        /// Strokes part of an ellipse outline between two angles (radians, y down).
        mutating func arc(cx: Double, cy: Double, a: Double, b: Double, from: Double, to: Double, thickness: Double, colour: SIMD3<Double>) {
            let steps = Int((a + b) * (to - from)) + 2
            for step in 0...steps {
                let t = from + (to - from) * Double(step) / Double(steps)
                let taper = 0.55 + 0.45 * sin(.pi * Double(step) / Double(steps))
                let r = thickness / 2 * taper
                ellipse(cx: cx + a * cos(t), cy: cy + b * sin(t), a: r, b: r) { _, _ in colour }
            }
        }

        /// How much of the pixel at (x, y) lies inside the ellipse: a one-pixel soft edge.
        static func coverage(_ x: Double, _ y: Double, _ cx: Double, _ cy: Double, _ a: Double, _ b: Double) -> Double {
            let nx = (x - cx) / a, ny = (y - cy) / b
            let rho = (nx * nx + ny * ny).squareRoot()
            let distance = (1 - rho) * min(a, b)
            return min(max(distance + 0.5, 0), 1)
        }

        func image() -> RGBImage {
            var bytes = [UInt8](repeating: 0, count: width * height * 3)
            for index in 0..<(width * height) {
                let p = pixels[index]
                bytes[index * 3] = UInt8(min(max(p.x, 0), 255))
                bytes[index * 3 + 1] = UInt8(min(max(p.y, 0), 255))
                bytes[index * 3 + 2] = UInt8(min(max(p.z, 0), 255))
            }
            var image = RGBImage(width: width, height: height)
            image.pixels = bytes
            return image
        }
    }
}
