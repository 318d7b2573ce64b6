import BiocapCore
import BiocapImaging
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// Finger and iris records with JPEG 2000 images: the right codes, a JP2 file inside, pixels back bit-exact when
/// lossless, an independent decoder (glymur over OpenJPEG) agreeing, and damaged image data refused clearly.
@Suite struct CompressedRecordTests {
    static let facePhoto = "img10.jpg"
    static let fingers = ["fvc2000-db1/101_1.pgm", "fvc2000-db3/105_3.pgm", "fvc2000-db2/108_2.pgm"]

    @Test(arguments: fingers) func losslessFingerRecordKeepsEveryPixel(file: String) throws {
        var image = try RecordFixtures.fingerprint(file)
        image.ppi = 500
        let record = try FingerImageRecord(image: image, position: .leftIndex, quality: 61, compression: .jpeg2000Lossless)
        let bytes = try record.encode()
        let decoded = try FingerImageRecord.decode(bytes)
        let representation = try #require(decoded.representations.first)
        #expect(representation.compression == .jpeg2000Lossless)
        #expect(representation.compression.rawValue == 5)
        #expect(ImageSignature.detect(representation.imageData) == .jp2File)
        #expect(Int(representation.width) == image.width && Int(representation.height) == image.height)
        let pixels = try representation.grayImage()
        #expect(pixels.pixels == image.pixels)
        #expect(pixels.ppi == 500)
        // Real prints compress losslessly by about 1.4–2× (sensor noise is incompressible): smaller than raw, at least.
        #expect(bytes.count * 10 < image.pixels.count * 9, "\(file): \(bytes.count) bytes for \(image.pixels.count) pixels")
        #expect(try decoded.encode() == bytes)
    }

    @Test func lossyFingerRecordIsCodeFourAndStaysClose() throws {
        let image = try RecordFixtures.fingerprint()
        let record = try FingerImageRecord(image: image, position: .rightThumb, quality: 50,
                                           compression: .jpeg2000(bitsPerPixel: 1.5))
        let representation = try #require(try FingerImageRecord.decode(record.encode()).representations.first)
        #expect(representation.compression == .jpeg2000Lossy)
        #expect(representation.imageData.count < image.pixels.count * 3 / 16)
        let back = try representation.grayImage()
        #expect(back.width == image.width && back.height == image.height)
        #expect(Self.psnr(image.pixels, back.pixels) > 28)
    }

    @Test func wsqFingerRecordIsCodeTwoAndNBISReadsIt() throws {
        var image = try RecordFixtures.fingerprint("fvc2000-db1/102_2.pgm")
        image.ppi = 500
        let record = try FingerImageRecord(image: image, position: .rightIndex, quality: 70, compression: .wsq(bitsPerPixel: 0.75))
        let representation = try #require(try FingerImageRecord.decode(record.encode()).representations.first)
        #expect(representation.compression == .wsq && representation.compression.rawValue == 2)
        #expect(ImageSignature.detect(representation.imageData) == .wsq)
        #expect(representation.imageData.count < image.pixels.count / 8, "about 15:1 at 0.75 bpp: \(representation.imageData.count)")
        let back = try representation.grayImage()
        #expect(back.width == image.width && back.height == image.height && back.ppi == 500)
        #expect(Self.psnr(image.pixels, back.pixels) > 30)
        #expect(throws: RecordError.self) { try IrisImageRecord(image: RecordFixtures.iris(), eye: .left, quality: 1, compression: .wsq(bitsPerPixel: 1)) }

        guard FormatTools.python != nil else {
            if ExternalTool.required { Issue.record("\(FormatTools.missingReason)") }
            return
        }
        // NIST's NBIS (PyPI wsq) decodes the WSQ file inside the record to what our decoder gives, within ±1.
        let directory = try TestData.temporaryDirectory("wsq-record")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("finger.wsq")
        let raw = directory.appendingPathComponent("finger.raw")
        try Data(representation.imageData).write(to: file)
        let (status, output) = try FormatTools.run(script: """
            import sys, wsq
            from PIL import Image
            image = Image.open(sys.argv[1])
            open(sys.argv[2], 'wb').write(image.tobytes())
            print(image.size[0], image.size[1])
            """, arguments: [file.path, raw.path])
        #expect(status == 0 && output.hasPrefix("\(image.width) \(image.height)"), "\(output)")
        let nbis = try Array(Data(contentsOf: raw))
        #expect(nbis.count == back.pixels.count)
        #expect(zip(nbis, back.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
    }

    @Test func faceRecordInJPEG2000() throws {
        let photo = try JPEGCodec.decode(TestDataBytes.photo(Self.facePhoto))
        let record = try FaceImageRecord(image: photo, quality: 80, compression: .jpeg2000Lossless)
        let representation = try #require(try FaceImageRecord.decode(record.encode()).representations.first)
        #expect(representation.imageInformation.dataType == .jpeg2000Lossless)
        #expect(ImageSignature.detect(representation.imageData) == .jp2File)
        #expect(try JPEG2000Codec.decode(representation.imageData) == photo, "lossless: the pixels come back exactly")
        let lossy = try FaceImageRecord(image: photo, quality: 80, compression: .jpeg2000(bitsPerPixel: 1))
        #expect(try FaceImageRecord.decode(lossy.encode()).representations.first?.imageInformation.dataType == .jpeg2000Lossy)
        #expect(throws: RecordError.self) { try FaceImageRecord(image: photo, quality: 80, compression: .wsq(bitsPerPixel: 1)) }
    }

    @Test func irisRecordInJPEG2000() throws {
        let image = try RecordFixtures.iris()
        let record = try IrisImageRecord(image: image, eye: .left, quality: 77, compression: .jpeg2000Lossless)
        let representation = try #require(try IrisImageRecord.decode(record.encode()).representations.first)
        #expect(representation.imageFormat == .monoJPEG2000)
        #expect(representation.compressionHistory == 1)
        #expect(try representation.grayImage().pixels == image.pixels)
        let lossy = try IrisImageRecord(image: image, eye: .right, quality: 77, compression: .jpeg2000(bitsPerPixel: 2))
        #expect(try IrisImageRecord.decode(lossy.encode()).representations.first?.compressionHistory == 2)
    }

    /// glymur (Python over OpenJPEG, not our wrapper) reads the JP2 file inside our record to the same pixels.
    @Test func independentDecoderReadsTheRecordImage() throws {
        guard FormatTools.python != nil else {
            if ExternalTool.required { Issue.record("\(FormatTools.missingReason)") }
            return
        }
        let image = try RecordFixtures.fingerprint("fvc2000-db3/105_3.pgm")
        let record = try FingerImageRecord(image: image, position: .leftIndex, quality: 61, compression: .jpeg2000Lossless)
        let representation = try #require(try FingerImageRecord.decode(record.encode()).representations.first)
        let directory = try TestData.temporaryDirectory("j2k-record")
        defer { try? FileManager.default.removeItem(at: directory) }
        let jp2 = directory.appendingPathComponent("finger.jp2")
        let raw = directory.appendingPathComponent("finger.raw")
        try Data(representation.imageData).write(to: jp2)
        let (status, output) = try FormatTools.run(script: """
            import sys, glymur, numpy
            j = glymur.Jp2k(sys.argv[1])
            pixels = j[:]
            colr = [b for b in j.box if b.box_id == 'jp2h'][0].box
            colour = [b.colorspace for b in colr if b.box_id == 'colr'][0]
            open(sys.argv[2], 'wb').write(numpy.ascontiguousarray(pixels, dtype=numpy.uint8).tobytes())
            print(pixels.shape[1], pixels.shape[0], pixels.ndim, colour)
            """, arguments: [jp2.path, raw.path])
        #expect(status == 0, "\(output)")
        #expect(output.split(separator: " ").prefix(3) == ["\(image.width)", "\(image.height)", "2"], "\(output)")
        // Enumerated colour space 17 is greyscale (ISO/IEC 15444-1 I.5.3.3).
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("17"), "\(output)")
        #expect(try Array(Data(contentsOf: raw)) == image.pixels)
    }

    @Test func damagedImageDataIsAClearError() throws {
        let image = try RecordFixtures.fingerprint()
        var representation = try #require(
            FingerImageRecord(image: image, position: .leftIndex, quality: 61, compression: .jpeg2000Lossless).representations.first)
        let whole = representation.imageData
        // Cut short: the record is well-formed, the image is not.
        representation.imageData = Array(whole.prefix(whole.count / 2))
        #expect(throws: RecordError.self) { try representation.grayImage() }
        // A JP2 file of another size than the record declares.
        let other = try JPEG2000Codec.encode(.gray(RecordFixtures.smallImage()), container: .jp2)
        representation.imageData = other
        do {
            _ = try representation.grayImage()
            Issue.record("a 24×16 image accepted as \(representation.width)×\(representation.height)")
        } catch {
            #expect(error.description.contains("24×16"), "\(error)")
        }
        // Bytes that say JPEG 2000 and are not.
        var state: UInt64 = 11
        for _ in 0..<200 {
            var mutated = whole
            for _ in 0..<8 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let index = Int(state >> 33) % mutated.count
                mutated[index] = UInt8(truncatingIfNeeded: state >> 17)
            }
            representation.imageData = mutated
            _ = try? representation.grayImage()  // decodes or throws; never traps
        }
    }

    @Test func compressionNamesParse() throws {
        #expect(try RecordCompression(name: "none") == .none)
        #expect(try RecordCompression(name: "jpeg2000-lossless") == .jpeg2000Lossless)
        #expect(try RecordCompression(name: "jpeg2000") == .jpeg2000(bitsPerPixel: 0.75))
        #expect(try RecordCompression(name: "jpeg2000", bitsPerPixel: 2.25) == .jpeg2000(bitsPerPixel: 2.25))
        #expect(try RecordCompression(name: "wsq") == .wsq(bitsPerPixel: 0.75))
        for (name, rate) in [("jpeg", nil), ("jpeg2000", 0), ("jpeg2000", 8), ("jpeg2000", Double.nan), ("none", 1), ("wsq", 0.01)] as [(String, Double?)] {
            #expect(throws: RecordError.self, "\(name) \(String(describing: rate))") {
                try RecordCompression(name: name, bitsPerPixel: rate)
            }
        }
    }

    static func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let squared = zip(a, b).reduce(0.0) { $0 + pow(Double($1.0) - Double($1.1), 2) }
        let mse = squared / Double(max(a.count, 1))
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }
}
