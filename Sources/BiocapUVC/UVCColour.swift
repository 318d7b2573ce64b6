import BiocapDeviceKit

/// Full-range BT.601 conversions between RGB and YCbCr in fixed point (×1024), as JFIF uses.
public enum UVCColour {
    @inline(__always)
    public static func store(y: Int, u: Int, v: Int, into target: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        target[offset] = clamp(y + (1436 * v) >> 10)
        target[offset + 1] = clamp(y - (352 * u + 731 * v) >> 10)
        target[offset + 2] = clamp(y + (1815 * u) >> 10)
    }

    /// (Y, Cb, Cr) of an RGB pixel.
    @inline(__always)
    public static func ycbcr(r: Int, g: Int, b: Int) -> (y: UInt8, u: UInt8, v: UInt8) {
        let y = (306 * r + 601 * g + 117 * b + 512) >> 10
        let u = ((-173 * r - 339 * g + 512 * b + 512) >> 10) + 128
        let v = ((512 * r - 429 * g - 83 * b + 512) >> 10) + 128
        return (clamp(y), clamp(u), clamp(v))
    }

    @inline(__always)
    public static func clamp(_ value: Int) -> UInt8 { UInt8(min(255, max(0, value))) }
}
