import BiocapCore
import BiocapDeviceKit
import BiocapImaging

/// Turns raw frames into images: MJPEG through TurboJPEG, YUY2/NV12 to RGB or luma, Y8 and Y16
/// (high byte) to grey. Holds one TurboJPEG handle, so it is not thread-safe: keep one per task.
public final class UVCFrameDecoder {
    private let jpeg: JPEGDecoder

    /// Fails only when libjpeg-turbo cannot allocate a decompressor.
    public init() throws(ImageError) {
        jpeg = try JPEGDecoder()
    }

    /// Decodes one MJPEG frame: to RGB (or grey when the JPEG is single-component), or to grey
    /// when `colour` is false. The public entry point for benchmarks of MJPEG decoding.
    public func decodeMJPEG(_ bytes: [UInt8], colour: Bool = true) throws(UVCDecodeError) -> CapturedImage {
        do {
            return try colour ? jpeg.decode(bytes) : .gray(jpeg.decodeGray(bytes))
        } catch {
            throw .jpeg("\(error)")
        }
    }

    /// Decodes one MJPEG frame reduced for the quality gate: TurboJPEG scales inside the inverse DCT
    /// by the strongest factor that keeps the width at least `gateWidth` (`JPEGScalingFactor.reducing`).
    /// Returns the reduced image and, when it is reduced, the frame itself for whoever keeps it
    /// (`FrameView.fullResolution`). A frame that cannot be reduced that far is decoded in full.
    public func decodeMJPEGForGate(
        _ bytes: [UInt8], colour: Bool = true, gateWidth: Int
    ) throws(UVCDecodeError) -> (image: CapturedImage, fullResolution: EncodedImage?) {
        do {
            let (width, height, isGray) = try jpeg.header(bytes)
            let scale = JPEGScalingFactor.reducing(width: width, toAtLeast: gateWidth)
            guard scale != .full else { return (try colour ? jpeg.decode(bytes) : .gray(jpeg.decodeGray(bytes)), nil) }
            let reduced = try jpeg.decode(bytes, scale: scale)
            // A colour frame wanted as grey is reduced to its luma; a grey JPEG stays grey.
            let image: CapturedImage = colour || isGray ? reduced : .gray(reduced.gray)
            return (image, EncodedImage(encoding: .jpeg, bytes: bytes, width: width, height: height, colour: colour))
        } catch {
            throw .jpeg("\(error)")
        }
    }

    /// Decodes a frame of `format` at `width`×`height`; `colour` false gives the grey (luma) image.
    public func decode(_ bytes: [UInt8], format: UVCPixelFormat, width: Int, height: Int, colour: Bool) throws(UVCDecodeError) -> CapturedImage {
        switch format {
        case .mjpeg:
            return try decodeMJPEG(bytes, colour: colour)
        case .yuy2:
            try check(bytes, width * height * 2)
            return colour ? .rgb(Self.rgbFromYUY2(bytes, width: width, height: height)) : .gray(Self.lumaFromYUY2(bytes, width: width, height: height))
        case .nv12:
            try check(bytes, width * height * 3 / 2)
            return colour ? .rgb(Self.rgbFromNV12(bytes, width: width, height: height)) : .gray(Self.gray(Array(bytes.prefix(width * height)), width, height))
        case .gray8:
            try check(bytes, width * height)
            return .gray(Self.gray(bytes, width, height))
        case .gray16:
            try check(bytes, width * height * 2)
            var pixels = [UInt8](repeating: 0, count: width * height)
            for index in pixels.indices { pixels[index] = bytes[2 * index + 1] }
            return .gray(Self.gray(pixels, width, height))
        case .other(let code):
            throw .unsupportedFormat(code)
        }
    }

    private func check(_ bytes: [UInt8], _ expected: Int) throws(UVCDecodeError) {
        guard bytes.count == expected else { throw .wrongSize(expected: expected, got: bytes.count) }
    }

    /// Sizes are checked by the caller, so the fallback image is never used.
    private static func gray(_ pixels: [UInt8], _ width: Int, _ height: Int) -> GrayImage {
        (try? GrayImage(width: width, height: height, pixels: pixels)) ?? GrayImage(width: width, height: height)
    }

    static func lumaFromYUY2(_ bytes: [UInt8], width: Int, height: Int) -> GrayImage {
        var pixels = [UInt8](repeating: 0, count: width * height)
        bytes.withUnsafeBufferPointer { source in
            for index in pixels.indices { pixels[index] = source[2 * index] }
        }
        return gray(pixels, width, height)
    }

    static func rgbFromYUY2(_ bytes: [UInt8], width: Int, height: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for pair in 0..<(width * height / 2) {
                    let y0 = Int(source[4 * pair]), u = Int(source[4 * pair + 1]) - 128
                    let y1 = Int(source[4 * pair + 2]), v = Int(source[4 * pair + 3]) - 128
                    UVCColour.store(y: y0, u: u, v: v, into: target, at: 6 * pair)
                    UVCColour.store(y: y1, u: u, v: v, into: target, at: 6 * pair + 3)
                }
            }
        }
        return (try? RGBImage(width: width, height: height, pixels: pixels)) ?? RGBImage(width: width, height: height)
    }

    static func rgbFromNV12(_ bytes: [UInt8], width: Int, height: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let chroma = width * height
        bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    for x in 0..<width {
                        let uv = chroma + (y / 2) * width + (x / 2) * 2
                        UVCColour.store(
                            y: Int(source[y * width + x]), u: Int(source[uv]) - 128, v: Int(source[uv + 1]) - 128,
                            into: target, at: 3 * (y * width + x))
                    }
                }
            }
        }
        return (try? RGBImage(width: width, height: height, pixels: pixels)) ?? RGBImage(width: width, height: height)
    }
}
