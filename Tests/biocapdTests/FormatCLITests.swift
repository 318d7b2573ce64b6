import BiocapCore
import BiocapImaging
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// The offline format tools of the real `biocapctl`: `convert` between image formats and `record
/// inspect|encode|decode`, on real fingerprints and eyes, checked with OpenJPEG's own command-line decoder.
@Suite("biocapctl convert and record") struct FormatCLITests {
    static let finger = TestData.data("fingerprints/fvc2000-db3/105_3.pgm").path
    static let eye = TestData.data("iris/casia1/001_1_1.pgm").path

    @Test("convert: PGM → JP2 → PGM and PNG → PGM keep every pixel; OpenJPEG's opj_decompress agrees")
    func convertRoundTrips() throws {
        let directory = try TestData.temporaryDirectory("convert")
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try NetPBM.decodeGray(TestData.bytes("fingerprints/fvc2000-db3/105_3.pgm"))
        for (middle, extra) in [("x.jp2", [String]()), ("x.j2k", []), ("x.png", [])] {
            let there = directory.appendingPathComponent(middle).path
            let back = directory.appendingPathComponent(middle + ".pgm").path
            let first = try CLIHarness.ctl(["convert", Self.finger, there] + extra)
            #expect(first.status == 0, "\(first)")
            let second = try CLIHarness.ctl(["convert", there, back])
            #expect(second.status == 0, "\(second)")
            #expect(try NetPBM.decodeGray(Array(Data(contentsOf: URL(fileURLWithPath: back)))).pixels == original.pixels, "\(middle)")
        }
        if let opj = ExternalTool.path("opj_decompress") {
            let decoded = directory.appendingPathComponent("opj.pgm").path
            let run = try ExternalTool.run(opj, ["-i", directory.appendingPathComponent("x.jp2").path, "-o", decoded])
            #expect(run.status == 0, "\(run.output)")
            #expect(try NetPBM.decodeGray(Array(Data(contentsOf: URL(fileURLWithPath: decoded)))).pixels == original.pixels)
        } else if ExternalTool.required {
            Issue.record("opj_decompress is missing (libopenjp2-tools)")
        }
        // WSQ at 0.75 bpp: our file, read back through convert, stays close to the original (NBIS is compared in WSQCodecTests).
        let wsq = directory.appendingPathComponent("x.wsq").path
        let toWSQ = try CLIHarness.ctl(["convert", Self.finger, wsq])
        #expect(toWSQ.status == 0, "\(toWSQ)")
        let fromWSQ = directory.appendingPathComponent("wsq.pgm").path
        #expect(try CLIHarness.ctl(["convert", wsq, fromWSQ]).status == 0)
        let wsqPixels = try NetPBM.decodeGray(Array(Data(contentsOf: URL(fileURLWithPath: fromWSQ)))).pixels
        let squared = zip(wsqPixels, original.pixels).reduce(0.0) { $0 + pow(Double($1.0) - Double($1.1), 2) }
        #expect(10 * log10(255 * 255 / (squared / Double(original.pixels.count))) > 27, "29.4 dB on this print, as NBIS's own encoder gets to within 0.1 dB (docs/wsq.md)")
        // Lossy at a rate: smaller, same size of image, --json names it.
        let lossy = directory.appendingPathComponent("lossy.j2k").path
        let result = try CLIHarness.ctl(["convert", "--json", Self.finger, lossy, "--rate", "0.75"])
        #expect(result.status == 0, "\(result)")
        let line = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(line["width"] as? Int == original.width && line["height"] as? Int == original.height)
        #expect((line["bytes"] as? Int ?? .max) < original.pixels.count / 8, "\(line)")
    }

    @Test("convert refuses what cannot be done: lossless JPEG, --rate for PNG, unknown extensions, a file that is no image")
    func convertRefusals() throws {
        let directory = try TestData.temporaryDirectory("convert-bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [([String], Int32, String)] = [
            (["convert", Self.finger, directory.appendingPathComponent("a.jpg").path, "--lossless"], 2, "JPEG cannot keep every pixel"),
            (["convert", Self.finger, directory.appendingPathComponent("a.png").path, "--rate", "1"], 2, "--rate applies to JPEG 2000"),
            (["convert", Self.finger, directory.appendingPathComponent("a.wsq").path, "--lossless"], 2, "WSQ cannot keep every pixel"),
            (["convert", Self.finger, directory.appendingPathComponent("a.gif").path], 2, "unknown image type"),
            (["convert", "/etc/hostname", directory.appendingPathComponent("a.pgm").path], 1, "not an image"),
        ]
        for (arguments, status, message) in cases {
            let result = try CLIHarness.ctl(arguments)
            #expect(result.status == status && result.stderr.contains(message), "\(arguments): \(result)")
        }
    }

    @Test("record encode, inspect and decode: a finger in lossless JPEG 2000 and an eye in lossy JPEG 2000")
    func recordTools() throws {
        let directory = try TestData.temporaryDirectory("record-tools")
        defer { try? FileManager.default.removeItem(at: directory) }
        let fingerRecord = directory.appendingPathComponent("finger.iso").path
        let encode = try CLIHarness.ctl(["record", "encode", "--position", "left-index", Self.finger, "--out", fingerRecord])
        #expect(encode.status == 0, "\(encode)")
        let inspect = try CLIHarness.ctl(["record", "inspect", "--json", fingerRecord])
        #expect(inspect.status == 0, "\(inspect)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "iso-19794-4-2011")
        let representation = try #require((object["representations"] as? [[String: Any]])?.first)
        #expect(representation["compression"] as? String == "jpeg2000-lossless")
        #expect(representation["position"] as? String == "left-index" && representation["ppi"] as? Int == 500)
        #expect((0...100).contains(representation["quality"] as? Int ?? -1), "biocap's own score: \(representation)")

        let out = directory.appendingPathComponent("decoded").path
        let decode = try CLIHarness.ctl(["record", "decode", fingerRecord, "--out", out])
        #expect(decode.status == 0, "\(decode)")
        let pgm = try Data(contentsOf: URL(fileURLWithPath: out + "/1-left-index.pgm"))
        #expect(try NetPBM.decodeGray(Array(pgm)).pixels == NetPBM.decodeGray(TestData.bytes("fingerprints/fvc2000-db3/105_3.pgm")).pixels)

        let eyeRecord = directory.appendingPathComponent("eye.iso").path
        let eye = try CLIHarness.ctl(["record", "encode", "--position", "right-iris", Self.eye, "--compression", "jpeg2000",
                                      "--rate", "1.5", "--quality", "80", "--out", eyeRecord])
        #expect(eye.status == 0, "\(eye)")
        let decodedEye = try IrisImageRecord.decode(Array(Data(contentsOf: URL(fileURLWithPath: eyeRecord))))
        #expect(decodedEye.representations.first?.imageFormat == .monoJPEG2000)
        #expect(decodedEye.representations.first?.qualityBlocks.first?.score == 80)
        let table = try CLIHarness.ctl(["record", "inspect", eyeRecord])
        #expect(table.status == 0 && table.stdout.contains("right-iris") && table.stdout.contains("jpeg2000-lossy"), "\(table)")

        // Not a record: a clear error and exit 1; a bad compression name: a usage error.
        let notRecord = try CLIHarness.ctl(["record", "inspect", Self.finger])
        #expect(notRecord.status == 1 && notRecord.stdout.contains("not an ISO/IEC 19794"), "\(notRecord)")
        let badName = try CLIHarness.ctl(["record", "encode", "--position", "left-index", Self.finger, "--compression", "gzip",
                                          "--out", directory.appendingPathComponent("x.iso").path])
        #expect(badName.status == 2 && badName.stderr.contains("jpeg2000-lossless"), "\(badName)")
    }
}
