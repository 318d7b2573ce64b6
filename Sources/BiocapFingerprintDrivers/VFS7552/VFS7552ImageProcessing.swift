/// What libfprint does with a raw VFS7552 frame: background subtraction and contrast (`clean_image`), the
/// variance that tells a finger from an empty sensor (`fpi_std_sq_dev`), and the 2× pixel doubling of the
/// final image.
public enum VFS7552ImageProcessing {
    /// `background − raw` per pixel (0 where the raw pixel is brighter), times 4, capped at 255. `isBlank` is
    /// true when every pixel came out 0 (libfprint then takes the next frame as the background).
    public static func clean(_ raw: [UInt8], background: [UInt8]) -> (pixels: [UInt8], isBlank: Bool) {
        var isBlank = true
        let pixels = zip(raw, background).map { value, reference -> UInt8 in
            let difference = reference < value ? 0 : Int(reference - value)
            let scaled = min(255, difference * 4)
            if scaled != 0 { isBlank = false }
            return UInt8(scaled)
        }
        return (pixels, isBlank)
    }

    /// libfprint's `fpi_std_sq_dev`: the mean (integer division) of the squared deviations from the integer mean.
    public static func squaredDeviation(_ pixels: [UInt8]) -> Int {
        guard !pixels.isEmpty else { return 0 }
        let mean = pixels.reduce(0) { $0 + Int($1) } / pixels.count
        return pixels.reduce(0) { sum, value in
            let deviation = Int(value) - mean
            return sum + deviation * deviation
        } / pixels.count
    }

    /// Each pixel becomes a 2 × 2 block (libfprint's upscaling for this sensor: no interpolation).
    public static func doubled(_ pixels: [UInt8], width: Int, height: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: 4 * width * height)
        guard pixels.count >= width * height else { return result }
        for y in 0..<height {
            for x in 0..<width {
                let value = pixels[y * width + x]
                let top = 2 * y * 2 * width + 2 * x
                result[top] = value
                result[top + 1] = value
                result[top + 2 * width] = value
                result[top + 2 * width + 1] = value
            }
        }
        return result
    }
}
