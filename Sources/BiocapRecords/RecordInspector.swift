import BiocapCore
import Foundation

/// Reads any ISO/IEC 19794 record biocap knows (finger -4, face -5, iris -6, signature -7) by its format identifier,
/// or an ANSI/NIST-ITL transaction (traditional encoding, `1.001:` first), and describes it. Strict: the format's
/// own decoder validates every field first.
public enum RecordInspector {
    /// The record's description.
    /// - Throws: `RecordError.invalidField` for bytes that are no record biocap reads, else the decoder's error.
    public static func describe(_ bytes: [UInt8]) throws(RecordError) -> RecordDescription {
        if bytes.starts(with: FingerImageRecord.formatIdentifier) {
            let record = try FingerImageRecord.decode(bytes)
            return RecordDescription(format: RecordFormat.isoFinger.rawValue, bytes: bytes.count,
                                     representations: record.representations.map(describe))
        }
        if bytes.starts(with: IrisImageRecord.formatIdentifier) {
            let record = try IrisImageRecord.decode(bytes)
            return RecordDescription(format: RecordFormat.isoIris.rawValue, bytes: bytes.count,
                                     representations: record.representations.map(describe))
        }
        if bytes.starts(with: FaceImageRecord.formatIdentifier) {
            let record = try FaceImageRecord.decode(bytes)
            return RecordDescription(format: RecordFormat.isoFace.rawValue, bytes: bytes.count,
                                     representations: record.representations.map(describe))
        }
        if bytes.starts(with: SignatureRecord.formatIdentifier) {
            let record = try SignatureRecord.decode(bytes)
            let signature = RecordDescription.Representation(
                position: "signature", compression: "samples", width: nil, height: nil, bitDepth: nil, ppi: nil,
                quality: record.captureInfo?.qualityBlocks.first.map { Int($0.score) }, dataBytes: record.samples.count)
            return RecordDescription(format: RecordFormat.isoSignature.rawValue, bytes: bytes.count, representations: [signature])
        }
        if bytes.starts(with: Array("1.001:".utf8)) {
            let transaction = try NISTTransaction.decode(bytes)
            return RecordDescription(format: Self.ansiNISTFormat, bytes: bytes.count,
                                     representations: transaction.records.compactMap(describe))
        }
        let head = bytes.prefix(4).map { String(format: "%02X", $0) }.joined(separator: " ")
        throw .invalidField(name: "record", value: "not an ISO/IEC 19794-4/-5/-6/-7 record biocap reads (it starts \(head.isEmpty ? "empty" : head))")
    }

    /// The format name of an ANSI/NIST-ITL transaction in a description.
    public static let ansiNISTFormat = "ansi-nist-itl-1-2011"

    /// An image record of a transaction (Type-10 face, Type-14 fingerprint, Type-17 iris); nil for the others.
    static func describe(_ record: NISTRecord) -> RecordDescription.Representation? {
        let position: String
        switch record.type {
        case 10: position = "face"
        case 14:
            let code = record.field(13)?.subfields?.first?.first.flatMap { Int($0) } ?? 0
            position = FingerPosition(rawValue: UInt8(clamping: code))?.name ?? "finger-\(code)"
        case 17:
            position = switch record.value(3) { case "1": "right-iris"; case "2": "left-iris"; default: "unknown-iris" }
        default: return nil
        }
        let data = record.field(NISTField.imageDataNumber)?.binary?.count ?? 0
        let rate = record.value(9).flatMap(Int.init)
        let ppi: Int? = switch record.value(8) {
        case "1": rate
        case "2": rate.map { Int((Double($0) * 2.54).rounded()) }
        default: nil
        }
        return RecordDescription.Representation(
            position: "\(position) (type \(record.type))", compression: record.value(11) ?? "-",
            width: record.value(6).flatMap(Int.init), height: record.value(7).flatMap(Int.init),
            bitDepth: record.type == 10 ? nil : record.value(12).flatMap(Int.init), ppi: ppi, quality: nil, dataBytes: data)
    }

    static func describe(_ finger: FingerImageRepresentation) -> RecordDescription.Representation {
        let ppi: Int = switch finger.scaleUnits {
        case .pixelsPerInch: Int(finger.imageSamplingRate.horizontal)
        case .pixelsPerCentimetre: Int((Double(finger.imageSamplingRate.horizontal) * 2.54).rounded())
        }
        return RecordDescription.Representation(
            position: finger.position.name, compression: name(finger.compression), width: Int(finger.width),
            height: Int(finger.height), bitDepth: Int(finger.bitDepth), ppi: ppi,
            quality: finger.qualityBlocks.first.map { Int($0.score) }, dataBytes: finger.imageData.count)
    }

    static func describe(_ iris: IrisImageRepresentation) -> RecordDescription.Representation {
        let format: String = switch iris.imageFormat {
        case .monoRaw, .rgbRaw: "none"
        case .monoJPEG, .rgbJPEG: "jpeg"
        case .monoJPEG2000, .rgbJPEG2000: iris.compressionHistory == 1 ? "jpeg2000-lossless" : iris.compressionHistory == 2 ? "jpeg2000-lossy" : "jpeg2000"
        case .monoPNG, .rgbPNG: "png"
        }
        return RecordDescription.Representation(
            position: iris.eye.name, compression: format, width: Int(iris.width), height: Int(iris.height),
            bitDepth: Int(iris.bitDepth), ppi: nil, quality: iris.qualityBlocks.first.map { Int($0.score) },
            dataBytes: iris.imageData.count)
    }

    static func describe(_ face: FaceImageRepresentation) -> RecordDescription.Representation {
        let format: String = switch face.imageInformation.dataType {
        case .jpeg: "jpeg"
        case .jpeg2000Lossy: "jpeg2000-lossy"
        case .jpeg2000Lossless: "jpeg2000-lossless"
        case .png: "png"
        }
        return RecordDescription.Representation(
            position: "face", compression: format, width: Int(face.imageInformation.width),
            height: Int(face.imageInformation.height), bitDepth: nil, ppi: nil,
            quality: face.qualityBlocks.first.map { Int($0.score) }, dataBytes: face.imageData.count)
    }

    static func name(_ compression: FingerImageCompression) -> String {
        switch compression {
        case .uncompressed: "none"
        case .uncompressedBitPacked: "bit-packed"
        case .wsq: "wsq"
        case .jpeg: "jpeg"
        case .jpeg2000Lossy: "jpeg2000-lossy"
        case .jpeg2000Lossless: "jpeg2000-lossless"
        case .png: "png"
        }
    }
}
