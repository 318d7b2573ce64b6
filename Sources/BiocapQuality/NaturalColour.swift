import Foundation

/// Natural colour after ISO/IEC 29794-5 as BSI's OFIQ measures it: the mean colour of the two cheek zones that
/// `IlluminationUniformity` reads (below the eyes, 0.3 of the eye distance square), converted to CIELAB (sRGB
/// linearised, D50 white), and how far its a* and b* lie outside the ranges of natural skin in portraits, a* 5–25 and
/// b* 5–35; a mean with a* or b* below zero (a green or blue cast) counts 100. The distance maps to 0–100 as OFIQ's
/// decreasing sigmoid does, 200 · (1 − 1 / (1 + e^(−d / 10))): 100 inside the ranges, 54 at 10 outside, 24 at 20.
/// The zones take the eye–mouth distance as the eye distance, as `IlluminationUniformity` does.
struct NaturalColour {
    static let aRange = 5.0...25.0
    static let bRange = 5.0...35.0

    /// 0–100, or `nil` when a zone falls outside the frame or holds fewer than 16 pixels. `rgb` is interleaved
    /// 8-bit RGB, `width` × `height`; `leftEye` is the eye on the left of the image.
    @_optimize(speed)
    func measure(
        _ rgb: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        leftEye: (x: Double, y: Double), rightEye: (x: Double, y: Double)
    ) -> Double? {
        guard let (a, b) = Self.cheekColour(rgb, width: width, height: height, leftEye: leftEye, rightEye: rightEye) else {
            return nil
        }
        return Self.score(a: a, b: b)
    }

    /// OFIQ's mapping of a mean a*, b* to 0–100.
    static func score(a: Double, b: Double) -> Double {
        let distance: Double
        if a < 0 || b < 0 {
            distance = 100
        } else {
            let outsideA = max(0, aRange.lowerBound - a, a - aRange.upperBound)
            let outsideB = max(0, bRange.lowerBound - b, b - bRange.upperBound)
            distance = (outsideA * outsideA + outsideB * outsideB).squareRoot()
        }
        return min(100, max(0, (200 * (1 - 1 / (1 + exp(-distance / 10)))).rounded()))
    }

    /// The CIELAB a* and b* of the two cheek zones' mean colour.
    @_optimize(speed)
    static func cheekColour(
        _ rgb: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        leftEye: (x: Double, y: Double), rightEye: (x: Double, y: Double)
    ) -> (a: Double, b: Double)? {
        guard rgb.count >= width * height * 3,
              let (side, left, right) = IlluminationUniformity.cheekZones(width: width, height: height, leftEye: leftEye, rightEye: rightEye)
        else { return nil }
        var sums = (red: 0, green: 0, blue: 0)
        for zone in [left, right] {
            for y in zone.y0..<(zone.y0 + side) {
                for x in zone.x0..<(zone.x0 + side) {
                    let index = (y * width + x) * 3
                    sums.red += Int(rgb[index])
                    sums.green += Int(rgb[index + 1])
                    sums.blue += Int(rgb[index + 2])
                }
            }
        }
        let count = Double(2 * side * side) * 255
        return lab(red: Double(sums.red) / count, green: Double(sums.green) / count, blue: Double(sums.blue) / count)
    }

    /// CIELAB a*, b* of an sRGB colour (components 0–1), D50 white as OFIQ uses (sRGB's matrix adapted to D50).
    static func lab(red: Double, green: Double, blue: Double) -> (a: Double, b: Double) {
        let (r, g, b) = (SRGB.linear(red), SRGB.linear(green), SRGB.linear(blue))
        let x = (0.43605 * r + 0.38508 * g + 0.14309 * b) / 0.964221
        let y = 0.22249 * r + 0.71689 * g + 0.06062 * b
        let z = (0.01393 * r + 0.09710 * g + 0.71419 * b) / 0.825211
        // CIE's κ and ε; OFIQ's source has 24289/27 for κ, which only matters for colours darker than 1 % luminance.
        func f(_ t: Double) -> Double { t > 216 / 24389.0 ? cbrt(t) : (24389 / 27.0 * t + 16) / 116 }
        return (500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }
}
