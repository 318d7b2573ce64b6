import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

/// The PNG writer and reader: round trips, an independent reader (Python's zlib and struct), refusals.
@Suite struct PNGCodecTests {
    /// A grey + alpha image with gradients, noise and flat areas, so every filter type gets chosen somewhere.
    static func sampleImage(width: Int = 67, height: Int = 41, seed: UInt64 = 1) -> GrayAlphaImage {
        var state = seed
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let noise = UInt8(truncatingIfNeeded: state >> 56)
                let grey: UInt8 = y < height / 3 ? UInt8((x * 255) / max(1, width - 1)) : (y < 2 * height / 3 ? noise : 200)
                let alpha: UInt8 = x < width / 4 ? 0 : UInt8(truncatingIfNeeded: x * 3 + y * 5)
                pixels += [grey, alpha]
            }
        }
        return (try? GrayAlphaImage(width: width, height: height, pixels: pixels)) ?? GrayAlphaImage(width: 1, height: 1)
    }

    @Test func greyAlphaAndGreyRoundTrip() throws {
        let image = Self.sampleImage()
        let png = try PNGCodec.encode(image)
        #expect(Array(png.prefix(8)) == PNGCodec.signature)
        #expect(png[25] == 4 && png[24] == 8, "colour type 4, bit depth 8")
        #expect(try PNGCodec.decode(png) == image)
        try PNGCodec.validate(png)

        let grey = image.flattened(on: 255)
        let greyPNG = try PNGCodec.encode(grey)
        #expect(greyPNG[25] == 0)
        let decoded = try PNGCodec.decode(greyPNG)
        #expect(decoded.flattened(on: 0) == grey)
        #expect((0..<grey.width).allSatisfy { decoded.alpha(x: $0, y: 0) == 255 })
    }

    @Test func anIndependentReaderSeesTheSamePixels() throws {
        guard let python = ExternalTool.path("python3") else {
            if ExternalTool.required { Issue.record("python3 is missing on CI") }
            return
        }
        let directory = try TestData.temporaryDirectory("png-independent")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, image) in [Self.sampleImage(), Self.sampleImage(width: 1, height: 1), Self.sampleImage(width: 300, height: 7, seed: 9)].enumerated() {
            let pngURL = directory.appendingPathComponent("\(index).png"), rawURL = directory.appendingPathComponent("\(index).raw")
            try Data(try PNGCodec.encode(image)).write(to: pngURL)
            let script = TestData.packageRoot.appendingPathComponent("scripts/png-decode").path
            let result = try ExternalTool.run(python, [script, pngURL.path, rawURL.path])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.split(separator: "\n").first == "\(image.width) \(image.height) 8 4")
            #expect([UInt8](try Data(contentsOf: rawURL)) == image.pixels)
        }
    }

    @Test func brokenFilesAreRefused() throws {
        let png = try PNGCodec.encode(Self.sampleImage())
        #expect(throws: ImageError.malformed("not a PNG (bad signature)")) { try PNGCodec.validate([0x89] + png.dropFirst(2)) }
        var badCRC = png
        badCRC[30] ^= 0x01  // the IHDR CRC
        #expect(throws: ImageError.self) { try PNGCodec.validate(badCRC) }
        #expect(throws: ImageError.self) { try PNGCodec.decode(badCRC) }
        #expect(throws: ImageError.malformed("no IEND")) { try PNGCodec.validate(Array(png.dropLast(12))) }
        #expect(throws: ImageError.self) { try PNGCodec.decode(png + [0]) }
        for length in 0..<png.count {
            #expect(throws: ImageError.self, "prefix \(length)") { try PNGCodec.decode(Array(png.prefix(length))) }
        }
    }

    @Test func randomMutationsNeverCrash() throws {
        let png = try PNGCodec.encode(Self.sampleImage(width: 20, height: 10))
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var rejected = 0
        for _ in 0..<2000 {
            var mutated = png
            for _ in 0..<(1 + next() % 3) { mutated[next() % mutated.count] = UInt8(truncatingIfNeeded: next()) }
            do { _ = try PNGCodec.decode(mutated) } catch { rejected += 1 }
        }
        #expect(rejected > 1900, "CRCs catch almost every change")
    }
}
