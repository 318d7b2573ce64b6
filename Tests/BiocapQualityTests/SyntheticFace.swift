import BiocapCore

/// A drawn portrait for face-quality tests: a skin-tone ellipse with dark eyes, brows and mouth on a
/// plain background, with a little deterministic texture so sharpness has something to measure.
enum SyntheticFace {
    @_optimize(speed)
    static func make(
        width: Int = 1280, height: Int = 720, centreX: Double = 640, centreY: Double = 360, faceHeight: Double = 400
    ) -> RGBImage {
        var image = RGBImage(width: width, height: height, red: 70, green: 95, blue: 130)
        let semiY = faceHeight / 2, semiX = faceHeight * 0.37
        let eyeY = centreY - semiY * 0.22, eyeDX = semiX * 0.42
        var seed: UInt32 = 12345
        for y in 0..<height {
            for x in 0..<width {
                var colour: (Double, Double, Double) = (70, 95, 130)
                if inEllipse(x, y, centreX, centreY, semiX, semiY) { colour = (222, 170, 138) }
                if inEllipse(x, y, centreX - eyeDX, eyeY, semiX * 0.2, semiY * 0.07)
                    || inEllipse(x, y, centreX + eyeDX, eyeY, semiX * 0.2, semiY * 0.07) { colour = (45, 35, 30) }
                if inEllipse(x, y, centreX - eyeDX, eyeY - semiY * 0.14, semiX * 0.24, semiY * 0.03)
                    || inEllipse(x, y, centreX + eyeDX, eyeY - semiY * 0.14, semiX * 0.24, semiY * 0.03) {
                    colour = (80, 55, 40)
                }
                if inEllipse(x, y, centreX, centreY + semiY * 0.5, semiX * 0.35, semiY * 0.06) { colour = (150, 70, 70) }
                seed = seed &* 1_664_525 &+ 1_013_904_223
                let noise = Double(Int(seed >> 24) % 13 - 6)
                let index = (y * width + x) * 3
                image.pixels[index] = UInt8(clamping: Int(colour.0 + noise))
                image.pixels[index + 1] = UInt8(clamping: Int(colour.1 + noise))
                image.pixels[index + 2] = UInt8(clamping: Int(colour.2 + noise))
            }
        }
        return image
    }

    private static func inEllipse(_ x: Int, _ y: Int, _ cx: Double, _ cy: Double, _ a: Double, _ b: Double) -> Bool {
        let dx = (Double(x) - cx) / a, dy = (Double(y) - cy) / b
        return dx * dx + dy * dy <= 1
    }
}
