import BiocapCore
import BiocapImaging
import BiocapRecords
import BiocapTestSupport
import Foundation

/// Deterministic generator (SplitMix64) so mutation tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

enum RecordFixtures {
    /// 2024-05-06 07:08:09.123 UTC.
    static let captureDate = Date(timeIntervalSince1970: 1_714_979_289.123)
    /// Whole seconds, so ISO-8601 JSON round-trips it exactly.
    static let manifestDate = Date(timeIntervalSince1970: 1_714_979_289)

    static let jp2Header: [UInt8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]

    static func mosip(_ name: String) throws -> [UInt8] {
        try TestData.bytes("iso-samples/mosip-mock/\(name)")
    }

    static func fingerprint(_ name: String = "fvc2000-db1/101_1.pgm") throws -> GrayImage {
        try NetPBM.decodeGray(TestData.bytes("fingerprints/\(name)"))
    }

    static func iris(_ name: String = "001_1_1.pgm") throws -> GrayImage {
        try NetPBM.decodeGray(TestData.bytes("iris/casia1/\(name)"))
    }

    /// A small synthetic image, for tests that encode many records.
    static func smallImage(width: Int = 24, height: Int = 16) -> GrayImage {
        var image = GrayImage(width: width, height: height, ppi: 500)
        for y in 0..<height { for x in 0..<width { image[x, y] = UInt8((x * 7 + y * 13) & 0xFF) } }
        return image
    }

    /// Width and height from a JPEG's first SOFn marker.
    static func jpegSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                let width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
                return (width, height)
            }
            index += 2 + length
        }
        return nil
    }

    /// A two-representation finger record with certification blocks, a JPEG 2000 slap and extended data.
    static func multiFingerRecord() throws -> FingerImageRecord {
        var record = try FingerImageRecord(
            image: smallImage(), position: .rightIndex, quality: 77, capturedAt: captureDate,
            device: CaptureDevice(technologyID: 2, vendorID: 0x1234, typeID: 7))
        record.certificationFlag = true
        record.representations[0].certificationBlocks = [FingerCertificationBlock(authorityID: 0x40, schemeID: 2)]
        let slap = FingerImageRepresentation(
            captureDateTime: CaptureDateTime(captureDate), qualityBlocks: [.biocap(score: 55), .biocap(score: 255)],
            certificationBlocks: [], position: .plainLeftFour, representationNumber: 1,
            compression: .jpeg2000Lossless, impressionType: FingerImageRepresentation.unknownImpression,
            width: 1600, height: 1000, imageData: jp2Header + [UInt8](repeating: 0x5A, count: 40),
            extendedData: [.comment("four fingers"), FingerExtendedDataBlock(typeCode: 0x0100, data: [])])
        record.representations.append(slap)
        return record
    }

    static func multiFaceRecord() throws -> FaceImageRecord {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x11, count: 30) + [0xFF, 0xD9]
        var record = try FaceImageRecord(jpeg: jpeg, width: 480, height: 640, quality: 64, capturedAt: captureDate)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        record.representations.append(
            FaceImageRepresentation(
                captureDateTime: .unknown, captureDevice: CaptureDevice(technologyID: 6, vendorID: 1, typeID: 2),
                qualityBlocks: [], facialInformation: FacialInformation(
                    gender: 2, eyeColour: 3, hairColour: 4, subjectHeight: 170, propertyMask: 0x00_0102,
                    expression: 1, poseYaw: 3, posePitch: 250, poseRoll: 1, poseYawUncertainty: 5),
                landmarkPoints: [
                    FaceLandmarkPoint(type: 1, code: 0x31, x: 200, y: 300),
                    FaceLandmarkPoint(type: 1, code: 0x32, x: 280, y: 301, z: 0),
                ],
                imageInformation: FaceImageInformation(
                    faceImageType: FaceImageInformation.fullFrontal, dataType: .png, width: 300, height: 400,
                    spatialSamplingRateLevel: 2, postAcquisitionProcessing: 3, crossReference: 1,
                    colourSpace: FaceImageInformation.greyscale8),
                imageData: png))
        record.temporalSemantics = 40
        return record
    }

    static func multiIrisRecord() throws -> IrisImageRecord {
        var record = try IrisImageRecord(image: smallImage(), eye: .left, quality: 88, capturedAt: captureDate)
        record.representations.append(
            IrisImageRepresentation(
                captureDateTime: CaptureDateTime(captureDate), qualityBlocks: [.biocap(score: 12)],
                representationNumber: 2, eye: .right, imageType: IrisImageRepresentation.cropped,
                imageFormat: .monoJPEG2000,
                imageProperties: IrisImageRepresentation.properties(horizontal: 2, vertical: 1, compressionHistory: 2),
                width: 640, height: 480, range: 30, rollAngle: 100, rollAngleUncertainty: 5, irisCentreSmallestX: 300,
                irisCentreLargestX: 310, irisCentreSmallestY: 230, irisCentreLargestY: 240, irisDiameterSmallest: 200,
                irisDiameterLargest: 210, imageData: [0xFF, 0x4F, 0xFF, 0x51, 0, 0, 0]))
        return record
    }
}

enum TestDataBytes {
    static func photo(_ name: String) throws -> [UInt8] { try TestData.bytes("face/photos/\(name)") }
}
