import BiocapCore
import BiocapDeviceKit
import BiocapImaging
import BiocapUVC

/// Turns a simulated image into the bytes the camera would send: MJPEG, YUY2 or Y8 at the
/// negotiated size (scaled nearest-neighbour when the source has another size).
final class SimulatedUVCFrameEncoder {
    let mode: SimulatedUVCModel.Mode
    private let jpeg: JPEGEncoder?

    init(mode: SimulatedUVCModel.Mode) {
        self.mode = mode
        jpeg = mode.format == .mjpeg ? try? JPEGEncoder() : nil
    }

    func encode(_ image: CapturedImage) -> [UInt8] {
        let scaled = Self.scale(image, width: mode.width, height: mode.height)
        switch mode.format {
        case .mjpeg:
            return (try? jpeg?.encode(scaled, quality: 85)) ?? []
        case .gray8:
            return scaled.gray.pixels
        case .yuy2:
            return Self.yuy2(scaled)
        case .gray16:
            return scaled.gray.pixels.flatMap { [0, $0] }
        case .nv12, .other:
            return []
        }
    }

    static func yuy2(_ image: CapturedImage) -> [UInt8] {
        let count = image.width * image.height
        var bytes = [UInt8](repeating: 128, count: count * 2)
        switch image {
        case .gray(let gray):
            for index in 0..<count { bytes[2 * index] = gray.pixels[index] }
        case .rgb(let rgb):
            for pair in 0..<(count / 2) {
                let p = 6 * pair
                let first = UVCColour.ycbcr(r: Int(rgb.pixels[p]), g: Int(rgb.pixels[p + 1]), b: Int(rgb.pixels[p + 2]))
                let second = UVCColour.ycbcr(r: Int(rgb.pixels[p + 3]), g: Int(rgb.pixels[p + 4]), b: Int(rgb.pixels[p + 5]))
                bytes[4 * pair] = first.y
                bytes[4 * pair + 1] = UInt8((Int(first.u) + Int(second.u)) / 2)
                bytes[4 * pair + 2] = second.y
                bytes[4 * pair + 3] = UInt8((Int(first.v) + Int(second.v)) / 2)
            }
        }
        return bytes
    }

    static func scale(_ image: CapturedImage, width: Int, height: Int) -> CapturedImage {
        guard image.width != width || image.height != height else { return image }
        let xs = (0..<width).map { $0 * image.width / width }
        switch image {
        case .gray(let gray):
            var out = GrayImage(width: width, height: height)
            for y in 0..<height {
                let row = (y * gray.height / height) * gray.width
                for x in 0..<width { out.pixels[y * width + x] = gray.pixels[row + xs[x]] }
            }
            return .gray(out)
        case .rgb(let rgb):
            var out = RGBImage(width: width, height: height)
            for y in 0..<height {
                let row = (y * rgb.height / height) * rgb.width
                for x in 0..<width {
                    let source = 3 * (row + xs[x]), target = 3 * (y * width + x)
                    out.pixels[target] = rgb.pixels[source]
                    out.pixels[target + 1] = rgb.pixels[source + 1]
                    out.pixels[target + 2] = rgb.pixels[source + 2]
                }
            }
            return .rgb(out)
        }
    }
}
