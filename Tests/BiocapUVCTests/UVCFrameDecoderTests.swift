import BiocapCore
import BiocapDeviceKit
import BiocapImaging
@testable import BiocapSimulation
@testable import BiocapUVC
import Testing

@Suite struct UVCFrameDecoderTests {
    @Test func yuy2RoundTripsColourAndLuma() throws {
        var image = RGBImage(width: 8, height: 2)
        for index in 0..<16 {
            image.pixels[3 * index] = UInt8(index * 15)
            image.pixels[3 * index + 1] = UInt8(255 - index * 10)
            image.pixels[3 * index + 2] = 90
        }
        // Neighbouring pixel pairs share chroma, so use pairs of equal colour for an exact check.
        for pair in 0..<8 {
            for channel in 0..<3 { image.pixels[6 * pair + 3 + channel] = image.pixels[6 * pair + channel] }
        }
        let bytes = SimulatedUVCFrameEncoder.yuy2(.rgb(image))
        let decoder = try UVCFrameDecoder()
        guard case .rgb(let decoded) = try decoder.decode(bytes, format: .yuy2, width: 8, height: 2, colour: true) else {
            Issue.record("YUY2 decodes to colour")
            return
        }
        #expect(zip(decoded.pixels, image.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 3 })
        let luma = try decoder.decode(bytes, format: .yuy2, width: 8, height: 2, colour: false)
        #expect(luma.gray.pixels == stride(from: 0, to: bytes.count, by: 2).map { bytes[$0] })
    }

    @Test func mjpegForTheGateIsReducedAndKeepsTheFrame() throws {
        var pixels = [UInt8](repeating: 0, count: 1280 * 720 * 3)
        for index in 0..<(1280 * 720) { pixels[3 * index] = UInt8(index % 251); pixels[3 * index + 1] = UInt8(index / 1280 % 256) }
        let jpeg = try JPEGCodec.encode(.rgb(try RGBImage(width: 1280, height: 720, pixels: pixels)), quality: 85)
        let decoder = try UVCFrameDecoder()
        let colour = try decoder.decodeMJPEGForGate(jpeg, colour: true, gateWidth: 640)
        guard case .rgb = colour.image else {
            Issue.record("a colour gate image")
            return
        }
        #expect(colour.image.width == 640 && colour.image.height == 360)
        let kept = try #require(colour.fullResolution)
        #expect(kept.bytes == jpeg && kept.width == 1280 && kept.height == 720 && kept.colour && kept.encoding == .jpeg)
        #expect(try kept.decoded(with: try JPEGDecoder()) == decoder.decodeMJPEG(jpeg))
        // Grey wanted (an iris camera sending MJPEG): the reduced luma, the frame kept as grey.
        let grey = try decoder.decodeMJPEGForGate(jpeg, colour: false, gateWidth: 640)
        guard case .gray = grey.image else {
            Issue.record("a grey gate image")
            return
        }
        #expect(grey.fullResolution?.colour == false)
        // Already about the gate's size: decoded in full, nothing kept apart.
        let small = try JPEGCodec.encode(.rgb(RGBImage(width: 640, height: 480, red: 90)), quality: 85)
        let whole = try decoder.decodeMJPEGForGate(small, gateWidth: 640)
        #expect(whole.image.width == 640 && whole.fullResolution == nil)
        // A truncated frame is an error, not a crash.
        #expect(throws: UVCDecodeError.self) { try decoder.decodeMJPEGForGate(Array(jpeg.prefix(30)), gateWidth: 640) }
    }

    @Test func greyFormatsDecode() throws {
        let decoder = try UVCFrameDecoder()
        let y16: [UInt8] = [0x11, 0x80, 0x22, 0x40, 0x00, 0xff, 0x99, 0x01]
        #expect(try decoder.decode(y16, format: .gray16, width: 2, height: 2, colour: false).gray.pixels == [0x80, 0x40, 0xff, 0x01])
        #expect(try decoder.decode([1, 2, 3, 4], format: .gray8, width: 2, height: 2, colour: true) == .gray(try GrayImage(width: 2, height: 2, pixels: [1, 2, 3, 4])))
        let nv12: [UInt8] = [10, 20, 30, 40, 128, 128]
        guard case .rgb(let rgb) = try decoder.decode(nv12, format: .nv12, width: 2, height: 2, colour: true) else {
            Issue.record("NV12 decodes to colour")
            return
        }
        #expect(rgb.pixels == [10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40])
        #expect(throws: UVCDecodeError.wrongSize(expected: 4, got: 3)) { try decoder.decode([1, 2, 3], format: .gray8, width: 2, height: 2, colour: false) }
        #expect(throws: UVCDecodeError.unsupportedFormat("H264")) { try decoder.decode([1], format: .other("H264"), width: 1, height: 1, colour: false) }
    }

    @Test func mjpegDecodesThroughTurboJPEG() throws {
        var image = GrayImage(width: 64, height: 48)
        for index in image.pixels.indices { image.pixels[index] = UInt8((index % 64) * 4) }
        let jpeg = try JPEGEncoder().encode(image, quality: 95)
        let decoder = try UVCFrameDecoder()
        let decoded = try decoder.decodeMJPEG(jpeg)
        #expect(decoded.width == 64 && decoded.height == 48)
        #expect(zip(decoded.gray.pixels, image.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 8 })
        #expect(throws: UVCDecodeError.self) { try decoder.decodeMJPEG(Array(jpeg.prefix(40))) }
    }
}
