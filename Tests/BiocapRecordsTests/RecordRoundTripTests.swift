import BiocapCore
import BiocapRecords
import Foundation
import Testing

@Suite struct RecordRoundTripTests {
    @Test func fingerFromRealImageRoundTrips() throws {
        let image = try RecordFixtures.fingerprint()
        let record = try FingerImageRecord(
            image: image, position: .leftThumb, quality: 63, capturedAt: RecordFixtures.captureDate)
        let bytes = try record.encode()
        #expect(bytes.count == 16 + 46 + image.pixels.count, "16-byte header, 46-byte representation header")
        #expect(Array(bytes[0..<8]) == Array("FIR\0020\0".utf8))
        let decoded = try FingerImageRecord.decode(bytes)
        #expect(decoded == record)
        let representation = try #require(decoded.representations.first)
        #expect(representation.position == .leftThumb)
        #expect(representation.qualityBlocks == [QualityBlock(score: 63, algorithmVendorID: 0, algorithmID: 0xB10C)])
        #expect(representation.imageSamplingRate == .uniform(500))
        #expect(representation.captureDateTime.millisecond == 123)
        let decodedDate = try #require(representation.captureDateTime.date)
        #expect(abs(decodedDate.timeIntervalSince(RecordFixtures.captureDate)) < 0.001)
        #expect(try representation.grayImage().pixels == image.pixels)
    }

    @Test func multiRepresentationFingerRoundTrips() throws {
        let record = try RecordFixtures.multiFingerRecord()
        let bytes = try record.encode()
        let decoded = try FingerImageRecord.decode(bytes)
        #expect(decoded == record)
        #expect(decoded.distinctPositionCount == 2)
        #expect(decoded.representations[1].extendedData.first?.commentText == "four fingers")
        #expect(try decoded.encode() == bytes)
    }

    @Test func faceRoundTripsWithRealJPEG() throws {
        let jpeg = try TestDataBytes.photo("astronaut.jpg")
        let size = try #require(RecordFixtures.jpegSize(jpeg))
        let record = try FaceImageRecord(
            jpeg: jpeg, width: size.width, height: size.height, quality: 81, capturedAt: RecordFixtures.captureDate)
        let decoded = try FaceImageRecord.decode(try record.encode())
        #expect(decoded == record)
        #expect(decoded.representations[0].imageInformation.width == UInt16(size.width))
        #expect(decoded.representations[0].imageData == jpeg)
    }

    @Test func multiRepresentationFaceRoundTrips() throws {
        let record = try RecordFixtures.multiFaceRecord()
        let bytes = try record.encode()
        #expect(try FaceImageRecord.decode(bytes) == record)
        #expect(try FaceImageRecord.decode(bytes).representations[1].landmarkPoints.count == 2)
    }

    @Test func irisFromRealImageRoundTrips() throws {
        let image = try RecordFixtures.iris()
        let record = try IrisImageRecord(image: image, eye: .right, quality: 91, capturedAt: RecordFixtures.captureDate)
        let decoded = try IrisImageRecord.decode(try record.encode())
        #expect(decoded == record)
        #expect(decoded.eyesRepresented == 1)
        #expect(try decoded.representations[0].grayImage().pixels == image.pixels)
        #expect(decoded.representations[0].compressionHistory == 1)
    }

    @Test func multiRepresentationIrisRoundTrips() throws {
        let record = try RecordFixtures.multiIrisRecord()
        let bytes = try record.encode()
        #expect(try IrisImageRecord.decode(bytes) == record)
        #expect(bytes[15] == 2, "two eyes represented")
    }

    @Test func encodeRejectsWhatTheStandardForbids() throws {
        var finger = try RecordFixtures.multiFingerRecord()
        finger.representations[0].qualityBlocks = [QualityBlock(score: 101, algorithmVendorID: 0, algorithmID: 0)]
        #expect(throws: RecordError.self) { try finger.encode() }

        var uncertified = try RecordFixtures.multiFingerRecord()
        uncertified.certificationFlag = false
        #expect(throws: RecordError.self) { try uncertified.encode() }

        var wrongSize = try RecordFixtures.multiFingerRecord()
        wrongSize.representations[0].width += 1
        #expect(throws: RecordError.lengthMismatch(
            field: "uncompressed 25×16×8-bit image", declared: 400, actual: 384)) { try wrongSize.encode() }

        #expect(throws: RecordError.self) {
            try FaceImageRecord(jpeg: [0x89, 0x50, 0x4E, 0x47], width: 10, height: 10, quality: 50)
        }
        #expect(throws: RecordError.self) { try FingerImageRecord(representations: []).encode() }
        #expect(throws: RecordError.self) {
            try FingerImageRecord(image: GrayImage(width: 70_000, height: 1), position: .rightThumb, quality: 1)
        }
    }
}
