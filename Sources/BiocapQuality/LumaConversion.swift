/// RGB → luma into a caller-owned buffer (ITU-R BT.601 integer weights, as `RGBImage.luma()`).
enum LumaConversion {
    @_optimize(speed)
    static func convert(_ rgb: [UInt8], into luma: inout [UInt8]) {
        rgb.withUnsafeBufferPointer { source in
            luma.withUnsafeMutableBufferPointer { target in
                for index in 0..<target.count {
                    let r = UInt32(source[index * 3]), g = UInt32(source[index * 3 + 1]), b = UInt32(source[index * 3 + 2])
                    target[index] = UInt8(truncatingIfNeeded: (77 * r + 150 * g + 29 * b + 128) >> 8)
                }
            }
        }
    }
}
