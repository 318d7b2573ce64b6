import BiocapCapture
import BiocapCore
import BiocapQuality
import BiocapRecords
import BiocapSBIProtocol

/// The ISO/IEC 19794 records SBI hands out, made as MOSIP's validators check them: one finger per 19794-4:2011 record
/// (a slap's fingertips cut out by its segmentation) with a lossless JPEG 2000 image in a JP2 file (compression 5);
/// irises as 19794-6:2011 records with a cropped (type 3), lossless mono JPEG 2000 image; faces as 19794-5:2011
/// records with a lossless JPEG 2000 image (data type 2). Independent of the daemon's own packet compression.
enum SBIRecordMaker {
    struct Made: Sendable {
        var position: BiometricPosition
        var record: [UInt8]
        var quality: Int
    }

    /// One record per position in `returned`, from the capture's results.
    static func records(for results: [CaptureResult], returned: [BiometricPosition]) throws(SBIErrorInfo) -> [Made] {
        var made: [Made] = []
        for position in returned {
            do {
                made.append(try record(for: position, in: results))
            } catch let error as SBIErrorInfo {
                throw error
            } catch {
                throw SBIErrorInfo(.extractionFailed, "\(position.name): the record could not be made: \(error)")
            }
        }
        return made
    }

    private static func record(for position: BiometricPosition, in results: [CaptureResult]) throws -> Made {
        if let result = results.first(where: { $0.position == position }) {
            return try direct(result)
        }
        // A finger of a captured slap: its fingertip from the segmentation.
        guard case .finger(let finger) = position, let slap = finger.slap,
              let result = results.first(where: { $0.position == .finger(slap) }) else {
            throw SBIErrorInfo(.noBiometricObject, "\(position.name) was not captured")
        }
        guard let segment = result.segmentation?.fingers.first(where: { $0.position == finger }), case .gray(let image) = result.image else {
            throw SBIErrorInfo(.noBiometricObject, "\(SBIBioNames.name(finger)) was not found in the slap")
        }
        var fingertip = SlapSegmenter.crop(image, segment)
        fingertip.ppi = image.ppi ?? result.device.capabilities.ppi ?? 500
        let record = try FingerImageRecord(image: fingertip, position: finger, quality: segment.score,
                                           capturedAt: result.capturedAt, compression: .jpeg2000Lossless)
        return Made(position: position, record: try record.encode(), quality: segment.score)
    }

    private static func direct(_ result: CaptureResult) throws -> Made {
        let score = result.quality.score
        switch result.position {
        case .finger(let finger):
            var image = result.image.gray
            if image.ppi == nil { image.ppi = result.device.capabilities.ppi ?? 500 }
            let record = try FingerImageRecord(image: image, position: finger, quality: score, capturedAt: result.capturedAt,
                                               compression: .jpeg2000Lossless)
            return Made(position: result.position, record: try record.encode(), quality: score)
        case .iris(let eye):
            var record = try IrisImageRecord(image: result.image.gray, eye: eye, quality: score, capturedAt: result.capturedAt,
                                             compression: .jpeg2000Lossless)
            // MOSIP wants the cropped image type (3): the camera's frame is the eye, centred, at VGA size.
            for index in record.representations.indices { record.representations[index].imageType = IrisImageRepresentation.cropped }
            return Made(position: result.position, record: try record.encode(), quality: score)
        case .face:
            let record = try FaceImageRecord(image: result.image, quality: score, compression: .jpeg2000Lossless,
                                             capturedAt: result.capturedAt)
            return Made(position: result.position, record: try record.encode(), quality: score)
        case .signature:
            throw SBIErrorInfo(.extractionFailed, "signatures are not served over SBI")
        }
    }
}
