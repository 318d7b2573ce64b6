import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

@Suite struct JPEGCodecTests {
    @Test func decodesRealPortraits() throws {
        let folder = TestData.data("face/photos")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jpg") }.sorted()
        #expect(names.count >= 50)
        let decoder = try JPEGDecoder()
        for name in names.prefix(8) {
            let image = try decoder.decode([UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
            #expect(image.width >= 100 && image.height >= 100, "\(name)")
            guard case .rgb(let rgb) = image else { Issue.record("\(name) decoded as grey"); continue }
            var seen = [Bool](repeating: false, count: 256)
            for index in stride(from: 0, to: rgb.pixels.count, by: 97) { seen[Int(rgb.pixels[index])] = true }
            #expect(seen.filter { $0 }.count > 100, "\(name) looks flat")
        }
    }

    @Test func greyRoundTripStaysClose() throws {
        let fingerprint = try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db1/101_1.pgm"))
        let jpeg = try JPEGCodec.encode(.gray(fingerprint), quality: 95)
        #expect(Array(jpeg.prefix(2)) == [0xFF, 0xD8])
        guard case .gray(let decoded) = try JPEGCodec.decode(jpeg) else { Issue.record("expected grey"); return }
        #expect(decoded.width == fingerprint.width && decoded.height == fingerprint.height)
        let meanError = zip(decoded.pixels, fingerprint.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) } / decoded.pixels.count
        #expect(meanError <= 3)
    }

    @Test func colourRoundTripKeepsColour() throws {
        var pixels = [UInt8]()
        for y in 0..<64 { for x in 0..<96 { pixels += [UInt8(x * 2), UInt8(y * 3), 200] } }
        let image = try RGBImage(width: 96, height: 64, pixels: pixels)
        guard case .rgb(let decoded) = try JPEGCodec.decode(try JPEGCodec.encode(.rgb(image))) else {
            Issue.record("expected colour"); return
        }
        #expect(decoded.width == 96 && decoded.height == 64)
        #expect(abs(Int(decoded.pixels[3 * (32 * 96 + 48) + 2]) - 200) <= 6)
    }

    @Test func corruptDataIsAnErrorNotACrash() throws {
        let decoder = try JPEGDecoder()
        #expect(throws: ImageError.self) { try decoder.decode([]) }
        #expect(throws: ImageError.self) { try decoder.decode([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]) }
        #expect(throws: ImageError.self) { try decoder.decode(Array("not a jpeg at all".utf8)) }
        let valid = try JPEGCodec.encode(.gray(GrayImage(width: 64, height: 64, fill: 128)))
        var random = SystemRandomNumberGenerator()
        for length in stride(from: 0, to: valid.count, by: 7) {
            _ = try? decoder.decode(Array(valid.prefix(length)))
        }
        for _ in 0..<300 {
            var mutated = valid
            for _ in 0..<4 { mutated[Int.random(in: 2..<mutated.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            _ = try? decoder.decode(mutated)
        }
    }
}
