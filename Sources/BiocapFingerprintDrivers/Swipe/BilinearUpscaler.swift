/// libfprint's `fpi_image_resize`: an integer upscale with pixman's bilinear filter on an `a8`
/// image with no repeat, reproduced bit for bit.
///
/// pixman maps each destination pixel centre back through the inverse scale (16.16 fixed point,
/// `1/factor` truncated, the first centre rounded), subtracts half a pixel, takes 7-bit weights from
/// the fraction (doubled to 8 bits), treats pixels outside the source as 0 and truncates
/// `Σ pixel × wx × wy / 65536`.
public enum BilinearUpscaler {
    /// The upscaled pixels (`width × widthFactor` by `height × heightFactor`), or nil when the input is
    /// inconsistent or a factor is not positive.
    public static func upscale(_ pixels: [UInt8], width: Int, height: Int, widthFactor: Int, heightFactor: Int) -> [UInt8]? {
        guard width > 0, height > 0, widthFactor > 0, heightFactor > 0, pixels.count == width * height else { return nil }
        let newWidth = width * widthFactor, newHeight = height * heightFactor
        let columns = taps(count: newWidth, factor: widthFactor)
        let rows = taps(count: newHeight, factor: heightFactor)
        var out = [UInt8](repeating: 0, count: newWidth * newHeight)
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                func sample(_ x: Int, _ y: Int) -> UInt64 {
                    guard x >= 0, x < width, y >= 0, y < height else { return 0 }
                    return UInt64(source[y * width + x])
                }
                for outY in 0..<newHeight {
                    let (y1, disty) = rows[outY]
                    for outX in 0..<newWidth {
                        let (x1, distx) = columns[outX]
                        let tl = sample(x1, y1), tr = sample(x1 + 1, y1)
                        let bl = sample(x1, y1 + 1), br = sample(x1 + 1, y1 + 1)
                        let sum = tl * (256 - distx) * (256 - disty) + tr * distx * (256 - disty)
                            + bl * (256 - distx) * disty + br * distx * disty
                        target[outY * newWidth + outX] = UInt8(truncatingIfNeeded: sum >> 16)
                    }
                }
            }
        }
        return out
    }

    /// For each destination coordinate: the first source tap and the 8-bit weight of the second.
    static func taps(count: Int, factor: Int) -> [(Int, UInt64)] {
        // pixman_transform_scale on the reverse transform: 1/factor, truncated, in 16.16.
        let inverse = (Int64(1 << 16) * Int64(1 << 16)) / Int64(factor << 16)
        // The first pixel centre (0.5) through the transform, rounded as pixman_transform_point does.
        var position = (inverse * 0x8000 + 0x8000) >> 16
        var result: [(Int, UInt64)] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let start = position - 0x8000
            let weight = UInt64((start >> 9) & 0x7f) << 1
            result.append((Int(start >> 16), weight))
            position += inverse
        }
        return result
    }
}
