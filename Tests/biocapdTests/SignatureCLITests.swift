import BiocapImaging
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// `biocapctl signature render`, the real binary on records written here.
@Suite("biocapctl signature")
struct SignatureCLITests {
    @Test("render draws a real SVC2004 signature from its 19794-7 record as PNG and as JPEG")
    func renderRealSignature() throws {
        let directory = try TestData.temporaryDirectory("signature-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = try SVC2004.trace("Task2_U1S3.TXT")
        let recordURL = directory.appendingPathComponent("sig.iso")
        try Data(try SignatureRecord(trace: trace, capturedAt: Date(), quality: 70).encode()).write(to: recordURL)

        let pngURL = directory.appendingPathComponent("sig.png")
        let png = try CLIHarness.ctl(["signature", "render", recordURL.path, "--out", pngURL.path, "--width", "400"])
        #expect(png.status == 0, "\(png)")
        #expect(png.stdout.contains("ISO/IEC 19794-7:2007"), "\(png)")
        let image = try PNGCodec.decode([UInt8](try Data(contentsOf: pngURL)))
        #expect(image.width == 400 + 2 * (8 + 4))
        #expect(image == (try SignatureRenderer(options: SignatureRenderOptions(widthWhenSizeUnknown: 400)).render(trace)).image)

        let jpegURL = directory.appendingPathComponent("sig.jpg")
        let jpeg = try CLIHarness.ctl(["signature", "render", recordURL.path, "--out", jpegURL.path])
        #expect(jpeg.status == 0, "\(jpeg)")
        let decoded = try JPEGCodec.decode([UInt8](try Data(contentsOf: jpegURL)))
        #expect(decoded.width == 600 + 2 * (8 + 4))
    }

    @Test("render refuses a file that is not a 2007 record, and a bad --format, with the CLI's exit codes")
    func renderRefusesBadInput() throws {
        let directory = try TestData.temporaryDirectory("signature-cli-bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let bogus = directory.appendingPathComponent("bogus.iso")
        try Data("SDI\u{0}020\u{0}".utf8).write(to: bogus)
        let out = directory.appendingPathComponent("x.png").path
        let refused = try CLIHarness.ctl(["signature", "render", bogus.path, "--out", out])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("2014"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let usage = try CLIHarness.ctl(["signature", "render", bogus.path, "--out", out, "--format", "gif"])
        #expect(usage.status == 2, "\(usage)")
        let missing = try CLIHarness.ctl(["signature", "render", directory.appendingPathComponent("none.iso").path, "--out", out])
        #expect(missing.status == 1, "\(missing)")
    }
}
