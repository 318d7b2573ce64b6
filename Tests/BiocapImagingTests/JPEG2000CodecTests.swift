import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

/// JPEG 2000 through OpenJPEG on real fingerprints and portraits, read back by OpenJPEG's own command-line tools, and
/// refused cleanly when damaged.
@Suite struct JPEG2000CodecTests {
    static func fingerprint() throws -> GrayImage {
        try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db1/101_1.pgm"))
    }

    static func portrait() throws -> RGBImage {
        guard case .rgb(let rgb) = try JPEGCodec.decode([UInt8](try Data(contentsOf: TestData.data("face/photos/img10.jpg")))) else {
            throw ImageError.unsupportedFormat("expected a colour portrait")
        }
        return rgb
    }

    @Test("lossless grey and colour decode to exactly the pixels encoded, as codestream and as JP2",
          arguments: JPEG2000Codec.Container.allCases)
    func losslessRoundTrip(container: JPEG2000Codec.Container) throws {
        let finger = try Self.fingerprint()
        let encoded = try JPEG2000Codec.encode(.gray(finger), compression: .lossless, container: container)
        #expect(JPEG2000Codec.container(of: encoded) == container)
        #expect(try JPEG2000Codec.decode(encoded) == .gray(finger))
        #expect(encoded.count < finger.pixels.count * 3 / 4, "lossless should still compress a fingerprint: \(encoded.count) bytes")

        let face = try Self.portrait()
        #expect(try JPEG2000Codec.decode(try JPEG2000Codec.encode(.rgb(face), container: container)) == .rgb(face))
    }

    @Test("a rate in bits per pixel gives about that size and a faithful image")
    func lossyAtARate() throws {
        let finger = try Self.fingerprint()
        for bitsPerPixel in [0.75, 2.0] {
            let encoded = try JPEG2000Codec.encode(.gray(finger), compression: .rate(bitsPerPixel: bitsPerPixel))
            let target = Double(finger.pixels.count) * bitsPerPixel / 8
            #expect(Double(encoded.count) <= target * 1.1, "\(bitsPerPixel) bpp: \(encoded.count) bytes for a target of \(Int(target))")
            #expect(Double(encoded.count) >= target * 0.5, "\(bitsPerPixel) bpp: \(encoded.count) bytes for a target of \(Int(target))")
            guard case .gray(let decoded) = try JPEG2000Codec.decode(encoded) else { Issue.record("expected grey"); continue }
            let psnr = ImageMeasures.psnr(decoded, finger)
            #expect(psnr > (bitsPerPixel < 1 ? 28 : 36), "\(bitsPerPixel) bpp: PSNR \(psnr) dB")
        }
        #expect(throws: ImageError.self) { try JPEG2000Codec.encode(.gray(finger), compression: .rate(bitsPerPixel: 0)) }
        #expect(throws: ImageError.self) { try JPEG2000Codec.encode(.gray(finger), compression: .rate(bitsPerPixel: .nan)) }
    }

    @Test("OpenJPEG's own tools read what we write, and we read what they write")
    func interoperatesWithOpenJPEGTools() throws {
        guard let decompress = ExternalTool.path("opj_decompress"), let compress = ExternalTool.path("opj_compress") else {
            if ExternalTool.required { Issue.record("opj_decompress/opj_compress (libopenjp2-tools) are missing on CI") }
            return
        }
        let directory = try TestData.temporaryDirectory("jpeg2000-tools")
        defer { try? FileManager.default.removeItem(at: directory) }
        let finger = try Self.fingerprint()
        for container in JPEG2000Codec.Container.allCases {
            let ours = directory.appendingPathComponent("ours.\(container.rawValue)")
            try Data(try JPEG2000Codec.encode(.gray(finger), container: container)).write(to: ours)
            let back = directory.appendingPathComponent("back-\(container.rawValue).pgm")
            let decoded = try ExternalTool.run(decompress, ["-i", ours.path, "-o", back.path])
            #expect(decoded.status == 0, "\(decoded.output)")
            #expect(try NetPBM.decodeGray([UInt8](try Data(contentsOf: back))) == finger, "opj_decompress read our \(container.rawValue)")
        }
        let source = directory.appendingPathComponent("source.pgm")
        try Data(NetPBM.encode(.gray(finger))).write(to: source)
        for container in JPEG2000Codec.Container.allCases {
            let theirs = directory.appendingPathComponent("theirs.\(container.rawValue)")
            let encoded = try ExternalTool.run(compress, ["-i", source.path, "-o", theirs.path])
            #expect(encoded.status == 0, "\(encoded.output)")
            #expect(try JPEG2000Codec.decode([UInt8](try Data(contentsOf: theirs))) == .gray(finger), "we read opj_compress's \(container.rawValue)")
        }
    }

    @Test("truncated, damaged and foreign input is an error, never a crash")
    func badInputIsAnError() throws {
        let finger = try Self.fingerprint()
        let crop = try GrayImage(width: 64, height: 48, pixels: (0..<48).flatMap { row in finger.pixels[(row * finger.width)..<(row * finger.width + 64)] })
        for container in JPEG2000Codec.Container.allCases {
            let encoded = try JPEG2000Codec.encode(.gray(crop), container: container)
            // Strict decoding: every prefix short of the whole is refused, not decoded as far as it goes.
            var accepted: [Int] = []
            for length in 0..<encoded.count {
                if (try? JPEG2000Codec.decode(Array(encoded.prefix(length)))) != nil { accepted.append(length) }
            }
            #expect(accepted.isEmpty, "\(container.rawValue): prefixes decoded: \(accepted.prefix(10))")
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<300 {
                var damaged = encoded
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                // Decoding damaged data may succeed with wrong pixels (JPEG 2000 is resilient) or fail; it must return.
                _ = try? JPEG2000Codec.decode(damaged)
            }
        }
        #expect(throws: ImageError.unsupportedFormat("not JPEG 2000 (no JP2 signature or SOC/SIZ markers)")) { try JPEG2000Codec.decode([0xFF, 0xD8, 0xFF]) }
        #expect(throws: ImageError.self) { try JPEG2000Codec.decode([]) }
    }
}
