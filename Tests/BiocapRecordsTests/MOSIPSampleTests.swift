import BiocapCore
import BiocapRecords
import Testing

/// Real ISO/IEC 19794 records written by MOSIP's mock device service (JPEG 2000 image data inside).
@Suite struct MOSIPSampleTests {
    static let jp2Signature: [UInt8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]

    @Test func leftIndexFingerDecodes() throws {
        let bytes = try RecordFixtures.mosip("Left_Index.iso")
        let record = try FingerImageRecord.decode(bytes)
        #expect(record.representations.count == 1)
        #expect(record.certificationFlag)
        let finger = try #require(record.representations.first)
        print("Left_Index.iso:", finger.position, finger.compression, "\(finger.width)x\(finger.height)",
              "rate", finger.imageSamplingRate, "quality", finger.qualityBlocks, "certs", finger.certificationBlocks,
              "impression", finger.impressionType, "date", finger.captureDateTime, "image", finger.imageData.count,
              "extended", finger.extendedData.map { ($0.typeCode, $0.data.count) })
        #expect(finger.position == .leftIndex)
        #expect(finger.compression == .jpeg2000Lossless)
        #expect(finger.bitDepth == 8)
        #expect(finger.scaleUnits == .pixelsPerInch)
        #expect(finger.scanSamplingRate == .uniform(500) && finger.imageSamplingRate == .uniform(500))
        #expect(finger.width == 280 && finger.height == 448)
        #expect(finger.qualityBlocks.first?.score == 57)
        #expect(finger.certificationBlocks.count == 2)
        #expect(finger.captureDateTime.year == 2022 && finger.captureDateTime.month == 12)
        #expect(finger.imageData.count == 98_650)
        #expect(finger.imageData.starts(with: Self.jp2Signature))
        #expect(Array(finger.imageData.suffix(2)) == [0xFF, 0xD9], "JPEG 2000 EOC marker ends the codestream")
        #expect(finger.extendedData.map(\.typeCode) == [1, 2, 3])
        #expect(finger.extendedData.last?.commentText == "This is of Finger (7)")
        #expect(try record.encode() == bytes, "re-encoding reproduces the original bytes")
    }

    @Test func faceDecodes() throws {
        let bytes = try RecordFixtures.mosip("Face.iso")
        let record = try FaceImageRecord.decode(bytes)
        let face = try #require(record.representations.first)
        print("Face.iso:", face.imageInformation, "quality", face.qualityBlocks, "facial", face.facialInformation,
              "landmarks", face.landmarkPoints.count, "date", face.captureDateTime, "image", face.imageData.count)
        #expect(record.representations.count == 1)
        #expect(face.imageInformation.dataType == .jpeg2000Lossless)
        #expect(face.imageInformation.width == 240 && face.imageInformation.height == 320)
        #expect(face.imageInformation.faceImageType == FaceImageInformation.fullFrontal)
        #expect(face.qualityBlocks.first?.score == 80)
        #expect(face.facialInformation.gender == 0xFF)
        #expect(face.landmarkPoints.isEmpty)
        #expect(face.imageData.count == 67_014)
        #expect(face.imageData.starts(with: Self.jp2Signature))
        #expect(try record.encode() == bytes)
    }

    @Test(arguments: [
        IrisSample(file: "Left_Iris.iso", eye: .left, width: 417, height: 313, quality: 0x60, imageType: 3, history: 1),
        IrisSample(file: "Right_Iris.iso", eye: .right, width: 423, height: 317, quality: 0x61, imageType: 3, history: 1),
        IrisSample(file: "Auth_Left_Iris.iso", eye: .left, width: 391, height: 293, quality: 0x50, imageType: 7, history: 2),
    ])
    func irisDecodes(sample: IrisSample) throws {
        let (file, eye, width, height, quality) = (sample.file, sample.eye, sample.width, sample.height, sample.quality)
        let bytes = try RecordFixtures.mosip(file)
        let record = try IrisImageRecord.decode(bytes)
        let iris = try #require(record.representations.first)
        print("\(file):", iris.eye, iris.imageFormat, "type", iris.imageType, "\(iris.width)x\(iris.height)",
              "props", iris.imageProperties, "quality", iris.qualityBlocks, "device", iris.captureDevice,
              "date", iris.captureDateTime, "image", iris.imageData.count)
        #expect(record.representations.count == 1)
        #expect(record.eyesRepresented == 1)
        #expect(iris.eye == eye)
        #expect(iris.imageFormat == .monoJPEG2000)
        #expect(iris.imageType == sample.imageType)
        #expect(Int(iris.width) == width && Int(iris.height) == height)
        #expect(iris.bitDepth == 8)
        #expect(iris.compressionHistory == sample.history)
        #expect(iris.rollAngle == IrisImageRepresentation.undefinedAngle)
        #expect(Int(iris.qualityBlocks.first?.score ?? 0) == quality)
        #expect(iris.imageData.count == bytes.count - 73)
        #expect(iris.imageData.starts(with: Self.jp2Signature))
        #expect(try record.encode() == bytes)
    }

    @Test func recordsRejectEachOthersFormat() throws {
        let face = try RecordFixtures.mosip("Face.iso")
        #expect(throws: RecordError.badMagic(expected: Array("FIR\0".utf8), found: Array("FAC\0".utf8))) {
            try FingerImageRecord.decode(face)
        }
        var wrongVersion = try RecordFixtures.mosip("Left_Iris.iso")
        wrongVersion[5] = UInt8(ascii: "1")
        #expect(throws: RecordError.badVersion(expected: Array("020\0".utf8), found: Array("010\0".utf8))) {
            try IrisImageRecord.decode(wrongVersion)
        }
    }
}

struct IrisSample: Sendable, CustomTestStringConvertible {
    let file: String
    let eye: EyePosition
    let width: Int
    let height: Int
    let quality: Int
    let imageType: UInt8
    let history: UInt8

    var testDescription: String { file }
}
