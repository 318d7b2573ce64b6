import BiocapCore
import BiocapImaging
import Testing

@Suite("JPEG decoding reduced in the DCT")
struct JPEGScalingTests {
    static func frame(width: Int, height: Int) throws -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            let x = index % width, y = index / width
            pixels[3 * index] = UInt8(x % 256); pixels[3 * index + 1] = UInt8(y % 256); pixels[3 * index + 2] = UInt8((x + y) % 256)
        }
        return try JPEGCodec.encode(.rgb(try RGBImage(width: width, height: height, pixels: pixels)), quality: 85)
    }

    @Test("The gate's factor keeps the width at or above what it asks, with a SIMD inverse DCT, and the decode has that size")
    func gateSizes() throws {
        let decoder = try JPEGDecoder()
        // 1920×1080: 1/2, not 3/8 (720 px wide would do, but 3/8 has no SIMD transform and decodes slower).
        for (width, height, expected) in [(1280, 720, (640, 360)), (1920, 1080, (960, 540)), (640, 480, (640, 480)),
                                          (2560, 1440, (640, 360)), (3840, 2160, (960, 540))] {
            let scale = JPEGScalingFactor.reducing(width: width, toAtLeast: 640)
            #expect((scale.scaled(width), scale.scaled(height)) == expected, "\(width)×\(height) at \(scale)")
            let image = try decoder.decode(try Self.frame(width: width, height: height), scale: scale)
            #expect(image.width == expected.0 && image.height == expected.1)
        }
    }

    @Test("A reduced decode is the full image shrunk: each pixel near the mean of its block")
    func reducedMatchesFull() throws {
        let jpeg = try Self.frame(width: 320, height: 240)
        let decoder = try JPEGDecoder()
        let full = try decoder.decode(jpeg).gray, half = try decoder.decode(jpeg, scale: JPEGScalingFactor(numerator: 1, denominator: 2)).gray
        #expect(half.width == 160 && half.height == 120)
        var worst = 0
        for y in stride(from: 8, to: 112, by: 8) {
            for x in stride(from: 8, to: 152, by: 8) {
                let mean = (Int(full[2 * x, 2 * y]) + Int(full[2 * x + 1, 2 * y]) + Int(full[2 * x, 2 * y + 1]) + Int(full[2 * x + 1, 2 * y + 1])) / 4
                worst = max(worst, abs(mean - Int(half[x, y])))
            }
        }
        #expect(worst <= 12)
    }

    @Test("A truncated or foreign frame, or a factor libjpeg-turbo lacks, is a clear error")
    func badInput() throws {
        let decoder = try JPEGDecoder()
        let jpeg = try Self.frame(width: 128, height: 96)
        let half = JPEGScalingFactor(numerator: 1, denominator: 2)
        #expect(throws: ImageError.self) { try decoder.decode(Array(jpeg.prefix(20)), scale: half) }
        #expect(throws: ImageError.self) { try decoder.decode([0x89, 0x50, 0x4E, 0x47, 0, 0], scale: half) }
        #expect(throws: ImageError.self) { try decoder.decode(jpeg, scale: JPEGScalingFactor(numerator: 1, denominator: 3)) }
    }
}
