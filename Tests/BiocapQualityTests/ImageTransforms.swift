import BiocapCore
import Foundation

/// Degradations applied to real images to check that scores move the right way.
enum ImageTransforms {
    /// Box blur of width `radius * 2 + 1`, applied `passes` times (three passes ≈ Gaussian).
    static func blurred(_ image: GrayImage, radius: Int, passes: Int = 3) -> GrayImage {
        var result = image
        result.pixels = blurredPlane(image.pixels, width: image.width, height: image.height, radius: radius, passes: passes)
        return result
    }

    /// Each colour channel box-blurred as `blurred(_:radius:passes:)`.
    @_optimize(speed)
    static func blurred(_ image: RGBImage, radius: Int, passes: Int = 3) -> RGBImage {
        var result = image
        let count = image.width * image.height
        var plane = [UInt8](repeating: 0, count: count)
        for channel in 0..<3 {
            for index in 0..<count { plane[index] = image.pixels[index * 3 + channel] }
            let blurredChannel = blurredPlane(plane, width: image.width, height: image.height, radius: radius, passes: passes)
            for index in 0..<count { result.pixels[index * 3 + channel] = blurredChannel[index] }
        }
        return result
    }

    /// Uniform random bytes from a fixed-seed linear congruential generator: cheap in debug builds,
    /// where the standard generic random API is not specialised.
    @_optimize(speed)
    static func noise(count: Int, seed: UInt32 = 2_463_534_242) -> [UInt8] {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes[index] = UInt8(truncatingIfNeeded: state >> 24)
        }
        return bytes
    }

    /// Running-sum box blur along rows then columns, edges clamped.
    @_optimize(speed)
    private static func blurredPlane(_ plane: [UInt8], width: Int, height: Int, radius: Int, passes: Int) -> [UInt8] {
        var pixels = plane.map(Int.init)
        var scratch = pixels
        let span = 2 * radius + 1
        func pass(count: Int, lines: Int, at: (Int, Int) -> Int, from source: [Int], into target: inout [Int]) {
            for line in 0..<lines {
                var sum = 0
                for offset in -radius...radius { sum += source[at(line, min(count - 1, max(0, offset)))] }
                for position in 0..<count {
                    target[at(line, position)] = sum / span
                    sum += source[at(line, min(count - 1, position + radius + 1))]
                    sum -= source[at(line, max(0, position - radius))]
                }
            }
        }
        for _ in 0..<passes {
            pass(count: width, lines: height, at: { $0 * width + $1 }, from: pixels, into: &scratch)
            pass(count: height, lines: width, at: { $1 * width + $0 }, from: scratch, into: &pixels)
        }
        return pixels.map { UInt8(clamping: $0) }
    }

    /// Grey levels squeezed towards `centre` by `factor` (a faint, washed-out print).
    @_optimize(speed)
    static func contrastCrushed(_ image: GrayImage, factor: Double, centre: Double = 200) -> GrayImage {
        var result = image
        result.pixels = image.pixels.map { UInt8(clamping: Int((centre + (Double($0) - centre) * factor).rounded())) }
        return result
    }

    /// Shifted by (`dx`, `dy`), the uncovered area filled with `fill`.
    @_optimize(speed)
    static func shifted(_ image: GrayImage, dx: Int, dy: Int, fill: UInt8) -> GrayImage {
        var result = GrayImage(width: image.width, height: image.height, fill: fill, ppi: image.ppi)
        for y in 0..<image.height {
            let sourceY = y - dy
            guard sourceY >= 0, sourceY < image.height else { continue }
            for x in 0..<image.width {
                let sourceX = x - dx
                guard sourceX >= 0, sourceX < image.width else { continue }
                result[x, y] = image[sourceX, sourceY]
            }
        }
        return result
    }

    /// Squeezed horizontally about the centre by `factor` (nearest neighbour), as a disc looks when
    /// seen off-axis; uncovered columns repeat the nearest edge column of the squeezed image.
    @_optimize(speed)
    static func squeezed(_ image: GrayImage, factor: Double) -> GrayImage {
        var result = image
        let centre = Double(image.width) / 2
        for y in 0..<image.height {
            for x in 0..<image.width {
                let source = Int((centre + (Double(x) - centre) / factor).rounded())
                result[x, y] = image[min(image.width - 1, max(0, source)), y]
            }
        }
        return result
    }

    /// Brightness multiplied by `factor` (channels clamped).
    @_optimize(speed)
    /// `image` turned by `degrees` (counter-clockwise on screen) about its centre, nearest neighbour, mid-grey
    /// where nothing of the image falls.
    static func rotated(_ image: RGBImage, degrees: Double) -> RGBImage {
        let angle = degrees * Double.pi / 180, cosine = cos(angle), sine = sin(angle)
        let centreX = Double(image.width) / 2, centreY = Double(image.height) / 2
        var pixels = [UInt8](repeating: 128, count: image.pixels.count)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let dx = Double(x) - centreX, dy = Double(y) - centreY
                let sourceX = Int((cosine * dx - sine * dy + centreX).rounded())
                let sourceY = Int((sine * dx + cosine * dy + centreY).rounded())
                guard sourceX >= 0, sourceX < image.width, sourceY >= 0, sourceY < image.height else { continue }
                for channel in 0..<3 {
                    pixels[(y * image.width + x) * 3 + channel] = image.pixels[(sourceY * image.width + sourceX) * 3 + channel]
                }
            }
        }
        var result = image
        result.pixels = pixels
        return result
    }

    /// Half the size each way, each pixel the mean of four (a camera frame as the gate decodes it).
    static func halved(_ image: RGBImage) throws -> RGBImage {
        let width = image.width / 2, height = image.height / 2
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<3 {
                    var sum = 0
                    for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                        sum += Int(image.pixels[((2 * y + dy) * image.width + 2 * x + dx) * 3 + channel])
                    }
                    pixels[(y * width + x) * 3 + channel] = UInt8((sum + 2) / 4)
                }
            }
        }
        return try RGBImage(width: width, height: height, pixels: pixels)
    }

    static func scaled(_ image: RGBImage, factor: Double) -> RGBImage {
        var result = image
        result.pixels = image.pixels.map { UInt8(clamping: Int((Double($0) * factor).rounded())) }
        return result
    }
}
