import BiocapCore
import Foundation

/// Synthesises a colour portrait (1280 × 720): a gradient backdrop, shoulders in a shirt, neck, a shaded
/// skin-tone head with ears and hair, eyes (whites, coloured iris, pupil, catch-light), eyebrows, nose
/// shading and nostrils, and lips. Shapes are painted back to front with anti-aliased edges, each over
/// its own bounding box only. Pure in the seed and parameters.
public enum FaceSynthesizer {
    public typealias Colour = FaceCanvas.Colour
    public static let size = (width: 1280, height: 720)

    /// Head turn: 0 = frontal; ±1 = turned well to one side (features shift, face narrows).
    public struct Appearance: Sendable, Equatable {
        public var yaw = 0.0

        public init(scenario: SimulationScenario) {
            if scenario == .lookingAway { yaw = 0.8 }
        }
    }

    /// Skin tones from light to dark, all within the chroma range skin detectors accept.
    public static let skinTones: [Colour] = [
        Colour(232, 190, 160), Colour(215, 165, 130), Colour(198, 145, 105), Colour(170, 118, 82), Colour(128, 84, 58),
    ]

    /// `face` through the process-wide synthesis cache (a capture and a self-test share the portrait).
    public static func cachedFace(seed: UInt64, appearance: Appearance) -> RGBImage {
        SynthesisCache.value("face/\(seed)/\(appearance)") { face(seed: seed, appearance: appearance) }
    }

    public static func face(seed: UInt64, appearance: Appearance) -> RGBImage {
        let width = size.width, height = size.height
        var random = SimulationRandom(seed: seed, stream: 0xFACE)
        var canvas = FaceCanvas(width: width, height: height)
        let skin = skinTones[Int(random.next() % UInt64(skinTones.count))] * random.uniform(0.96...1.04)
        let hairColours: [Colour] = [Colour(30, 22, 18), Colour(70, 45, 28), Colour(120, 85, 50), Colour(150, 150, 150)]
        let hair = hairColours[Int(random.next() % UInt64(hairColours.count))]
        let shirts: [Colour] = [Colour(40, 55, 90), Colour(60, 60, 65), Colour(110, 35, 40), Colour(35, 80, 60), Colour(200, 200, 195)]
        let shirt = shirts[Int(random.next() % UInt64(shirts.count))]
        let irisColours: [Colour] = [Colour(85, 55, 35), Colour(60, 40, 25), Colour(70, 100, 125), Colour(85, 105, 70)]
        let irisColour = irisColours[Int(random.next() % UInt64(irisColours.count))]

        // Backdrop: a plain wall, lighter at the top, with a soft vignette.
        let top = Colour(random.uniform(200...225), random.uniform(205...225), random.uniform(210...230))
        let bottom = top * 0.82
        let wallNoise = ValueNoise(seed: random.next(), cell: 90, octaves: 2)
        let wall = CoarseField(width: width, height: height, step: 16) { 0.015 * wallNoise.value($0, $1) }
        let vignette = (0..<width).map { x in 1 - 0.48 * pow((Double(x) - Double(width) / 2) / Double(width), 2) }
        vignette.withUnsafeBufferPointer { vignetteBuffer in
            wall.values.withUnsafeBufferPointer { wallBuffer in
                guard let shade = vignetteBuffer.baseAddress, let stain = wallBuffer.baseAddress else { return }
                canvas.fill { x, y in
                    (top + (bottom - top) * (Double(y) / Double(height))) * (shade[x] + Double(stain[y * width + x]))
                }
            }
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
            let inside = 1 - nx * nx - ny * ny
            let rounding = inside > 0 ? inside.squareRoot() : 0
            var colour = skin * (0.8 + 0.22 * rounding)
            let cheekX = (abs(nx - appearance.yaw * 0.35) - 0.45) / 0.18, cheekY = (ny - 0.22) / 0.14
            let cheek = exp(-(cheekX * cheekX + cheekY * cheekY))
            colour += Colour(18, -6, -6) * cheek
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
            canvas.ellipse(cx: ex, cy: eyeY, a: 26, b: 11) { _, _ in Colour(236, 232, 226) }
            canvas.ellipse(cx: ex + appearance.yaw * 8, cy: eyeY, a: 10.5, b: 10.5, clip: (ex, eyeY, 26, 11)) { _, _ in irisColour }
            canvas.ellipse(cx: ex + appearance.yaw * 8, cy: eyeY, a: 4.5, b: 4.5) { _, _ in Colour(15, 12, 12) }
            canvas.ellipse(cx: ex + appearance.yaw * 8 + 3, cy: eyeY - 3, a: 1.8, b: 1.8) { _, _ in Colour(250, 250, 250) }
            canvas.arc(cx: ex, cy: eyeY + 1, a: 27, b: 12, from: .pi * 1.05, to: .pi * 1.95, thickness: 2.2, colour: Colour(40, 28, 24))
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
        let lips = Colour(skin.r * 0.85 + 25, skin.g * 0.55, skin.b * 0.55)
        canvas.ellipse(cx: featureX, cy: mouthY, a: 40, b: 12) { _, y in lips * (y < mouthY ? 0.92 : 1.02) }
        canvas.arc(cx: featureX, cy: mouthY - 8, a: 40, b: 9, from: 0.1 * .pi, to: 0.9 * .pi, thickness: 2, colour: lips * 0.5)

        return canvas.image()
    }
}
