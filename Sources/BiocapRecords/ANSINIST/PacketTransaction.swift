import BiocapCore
import Foundation

/// Turns a capture packet into an ANSI/NIST-ITL 1-2011 transaction: Type-1 (the packet as the transaction), one
/// Type-2 (enrolment and operator), then one Type-10 per face representation, one Type-14 per finger or slap
/// representation (and an image-less one, FGP and AMP only, per excused finger no image holds) and one Type-17 per
/// iris representation, each decoded from the packet's ISO/IEC 19794 records
/// with its image bytes passed through unchanged. Signatures (19794-7) and PNG companions have no record type
/// here and are left out.
public enum PacketTransaction {
    /// The transaction of `packet`. `segments` gives, per slap position, where each finger lies in that slap's
    /// image (14.021 SEG). Throws when the packet is inconsistent, a record does not decode, a value cannot be
    /// expressed (e.g. a bit-packed finger image), or more than 99 image records would need IDCs.
    public static func build(
        _ packet: CapturePacket, segments: [FingerPosition: [SlapSegment]] = [:], options: PacketTransactionOptions = .init()
    ) throws(RecordError) -> NISTTransaction {
        try packet.validate(decodingRecords: false)
        let manifest = packet.manifest
        var recordsByID: [String: PacketRecord] = [:]
        for record in packet.records { recordsByID[record.id] = record }
        let context = Context(
            kit: manifest.kitID, exceptions: manifest.exceptions, segments: segments, options: options,
            type2Reference: options.version.hasType2CrossReference ? 0 : nil)
        var faces: [NISTFacialImage] = [], fingers: [NISTFingerprintImage] = [], irises: [NISTIrisImage] = []
        var segmentedSlaps: Set<FingerPosition> = []
        for entry in manifest.captures {
            guard let record = recordsByID[entry.recordID] else { continue }  // validate() proved every entry has one
            switch record.format {
            case .isoFinger:
                for representation in try FingerImageRecord.decode(record.bytes).representations {
                    fingers.append(try context.finger(representation, capturedAt: entry.capturedAt))
                    if segments[representation.position] != nil { segmentedSlaps.insert(representation.position) }
                }
            case .isoFace:
                for representation in try FaceImageRecord.decode(record.bytes).representations {
                    faces.append(try context.face(representation, capturedAt: entry.capturedAt))
                }
            case .isoIris:
                for representation in try IrisImageRecord.decode(record.bytes).representations {
                    irises.append(try context.iris(representation, capturedAt: entry.capturedAt))
                }
            case .isoSignature, .png:
                continue
            }
        }
        // A finger excused from capture whose image no record holds still gets a Type-14: FGP and AMP, no image.
        let imaged = Set(fingers.flatMap { $0.positions.flatMap(\.fingers) })
        var excused: Set<FingerPosition> = []
        for exception in manifest.exceptions {
            guard case .finger(let finger) = exception.position, !finger.isSlap, finger != .unknown, !imaged.contains(finger),
                  excused.insert(finger).inserted else { continue }
            fingers.append(NISTFingerprintImage(
                idc: 0, impressionType: Int(FingerImageRepresentation.liveScanPlain), sourceAgency: manifest.kitID,
                captureDate: NISTDate(manifest.createdAt), geometry: nil, bitsPerPixel: nil, positions: [finger],
                amputations: [NISTAmputation(finger: finger, reason: exception.reason)],
                type2Reference: context.type2Reference, imageData: nil))
        }
        if let orphan = segments.keys.first(where: { !segmentedSlaps.contains($0) }) {
            throw .invalidField(name: "slap segments", value: "given for \(orphan.name), which the packet has no image of")
        }
        let imageCount = faces.count + fingers.count + irises.count
        guard imageCount <= 99 else {
            throw .valueOutOfRange(field: "image records (IDC 1–99)", value: imageCount, allowed: 0...99)
        }
        let text = [manifest.enrolmentID, manifest.operatorID]
        let header = NISTTransactionInformation(
            version: options.version.rawValue, typeOfTransaction: options.typeOfTransaction,
            date: NISTDate(manifest.createdAt), priority: options.priority, destinationAgency: options.destinationAgency,
            originatingAgency: manifest.kitID, controlNumber: manifest.packetID, domainName: options.domainName,
            domainVersion: options.domainVersion, greenwichMeanTime: manifest.createdAt,
            declaresUTF8: text.contains { $0.utf8.contains { $0 >= 0x80 } })
        var records = [
            try header.record(),
            try NISTDescriptiveText(idc: 0, enrolmentID: manifest.enrolmentID, operatorID: manifest.operatorID).record(),
        ]
        var idc = 0
        func next() -> Int {
            idc += 1
            return idc
        }
        for var face in faces {
            face.idc = next()
            records.append(try face.record())
        }
        for var finger in fingers {
            finger.idc = next()
            records.append(try finger.record())
        }
        for var iris in irises {
            iris.idc = next()
            records.append(try iris.record())
        }
        return NISTTransaction(records: records)
    }

    /// The transaction's bytes (traditional encoding).
    /// The slap segments a packet's manifest records (each slap entry's fingertips, boxes and scores), as the
    /// builder's `segments` take them.
    public static func segments(in manifest: PacketManifest) -> [FingerPosition: [SlapSegment]] {
        var result: [FingerPosition: [SlapSegment]] = [:]
        for entry in manifest.captures {
            guard case .finger(let slap) = entry.position, slap.isSlap, let fingers = entry.segments, !fingers.isEmpty else { continue }
            result[slap] = fingers.map { segment in
                SlapSegment(finger: segment.position, left: segment.box.x, right: segment.box.x + max(segment.box.width, 1) - 1,
                            top: segment.box.y, bottom: segment.box.y + max(segment.box.height, 1) - 1, quality: segment.score)
            }
        }
        return result
    }

    public static func encode(
        _ packet: CapturePacket, segments: [FingerPosition: [SlapSegment]] = [:], options: PacketTransactionOptions = .init()
    ) throws(RecordError) -> [UInt8] {
        try build(packet, segments: segments, options: options).encode()
    }

    /// What every image record of one packet shares; makes the typed records (IDCs are assigned afterwards).
    struct Context {
        let kit: String
        let exceptions: [BiometricException]
        let segments: [FingerPosition: [SlapSegment]]
        let options: PacketTransactionOptions
        let type2Reference: Int?

        func finger(_ representation: FingerImageRepresentation, capturedAt: Date) throws(RecordError) -> NISTFingerprintImage {
            let position = representation.position
            let compression: NISTCompression
            switch representation.compression {
            case .uncompressed: compression = .none
            case .uncompressedBitPacked:
                throw .unsupported("bit-packed finger image (\(position.name)): ANSI/NIST NONE holds whole bytes per pixel")
            case .wsq: compression = .wsq20
            case .jpeg: compression = NISTCompression.jpeg(representation.imageData)
            case .jpeg2000Lossy: compression = .jp2
            case .jpeg2000Lossless: compression = .jp2l
            case .png: compression = .png
            }
            guard representation.bitDepth >= 8 else {
                throw .unsupported("\(representation.bitDepth)-bit finger image (\(position.name)): BPX is at least 8")
            }
            let units: NISTScaleUnits = representation.scaleUnits == .pixelsPerInch ? .pixelsPerInch : .pixelsPerCentimetre
            let image = representation.imageSamplingRate, scan = representation.scanSamplingRate
            let slapSegments = segments[position] ?? []
            let qualities: [NISTQualityMetric] = position.isSlap
                ? slapSegments.compactMap { segment in
                    segment.quality.map {
                        NISTQualityMetric(position: segment.finger, score: $0, vendorID: QualityBlock.biocapAlgorithmVendorID,
                                          productCode: Int(QualityBlock.biocapAlgorithmID))
                    }
                }
                : position == .unknown ? [] : representation.qualityBlocks.filter { $0.algorithmID != 0 }.map {
                    NISTQualityMetric($0, position: position)
                }
            let amputations = exceptions.compactMap { exception -> NISTAmputation? in
                guard case .finger(let finger) = exception.position, !finger.isSlap, position.fingers.contains(finger) else { return nil }
                return NISTAmputation(finger: finger, reason: exception.reason)
            }
            return NISTFingerprintImage(
                idc: 0, impressionType: Int(representation.impressionType), sourceAgency: kit,
                captureDate: NISTDate(representation.captureDateTime.date ?? capturedAt),
                geometry: NISTImageGeometry(
                    width: Int(representation.width), height: Int(representation.height), scaleUnits: units,
                    horizontalPixelScale: Int(image.horizontal), verticalPixelScale: Int(image.vertical), compression: compression),
                bitsPerPixel: Int(representation.bitDepth), positions: [position],
                scannedHorizontalPixelScale: scan == image ? nil : Int(scan.horizontal),
                scannedVerticalPixelScale: scan == image ? nil : Int(scan.vertical), amputations: amputations,
                segments: slapSegments, qualities: qualities, type2Reference: type2Reference, imageData: representation.imageData)
        }

        func face(_ representation: FaceImageRepresentation, capturedAt: Date) throws(RecordError) -> NISTFacialImage {
            let info = representation.imageInformation
            let compression: NISTCompression = switch info.dataType {
            case .jpeg: NISTCompression.jpeg(representation.imageData)
            case .jpeg2000Lossy: .jp2
            case .jpeg2000Lossless: .jp2l
            case .png: .png
            }
            let colourSpace: NISTColourSpace = switch info.colourSpace {
            case FaceImageInformation.rgb24: .srgb
            case FaceImageInformation.greyscale8: .gray
            default: .undefined
            }
            let sources = ["UNSPECIFIED", "UNKNOWN PHOTO", "DIGITAL CAMERA", "SCANNER", "UNKNOWN VIDEO", "ANALOGUE VIDEO", "DIGITAL VIDEO"]
            let technology = Int(representation.captureDevice.technologyID)
            return NISTFacialImage(
                idc: 0, sourceAgency: kit, captureDate: NISTDate(representation.captureDateTime.date ?? capturedAt),
                geometry: .unscaled(width: Int(info.width), height: Int(info.height), compression: compression),
                colourSpace: colourSpace, acquisitionProfile: options.faceAcquisitionProfile,
                acquisitionSource: technology < sources.count ? sources[technology] : "VENDOR",
                qualities: representation.qualityBlocks.filter { $0.algorithmID != 0 }.map { NISTQualityMetric($0) },
                type2Reference: type2Reference, imageData: representation.imageData)
        }

        func iris(_ representation: IrisImageRepresentation, capturedAt: Date) throws(RecordError) -> NISTIrisImage {
            let format = representation.imageFormat
            let compression: NISTCompression
            switch format {
            case .monoRaw, .rgbRaw: compression = .none
            case .monoJPEG, .rgbJPEG:
                throw .unsupported("JPEG iris image (\(representation.eye.name)): 17.011 allows NONE, PNG, JP2 and JP2L only")
            case .monoJPEG2000, .rgbJPEG2000: compression = representation.compressionHistory == 1 ? .jp2l : .jp2
            case .monoPNG, .rgbPNG: compression = .png
            }
            let colour = format.channels == 3
            let bytesPerSample = (Int(representation.bitDepth) + 7) / 8
            return NISTIrisImage(
                idc: 0, eye: representation.eye, sourceAgency: kit,
                captureDate: NISTDate(representation.captureDateTime.date ?? capturedAt),
                geometry: .unscaled(width: Int(representation.width), height: Int(representation.height), compression: compression),
                bitsPerPixel: compression == .none ? 8 * bytesPerSample * format.channels : Int(representation.bitDepth) * format.channels,
                colourSpace: colour ? (compression == .none ? .rgb : .srgb) : .gray,
                qualities: representation.qualityBlocks.filter { $0.algorithmID != 0 }.map { NISTQualityMetric($0) },
                type2Reference: type2Reference, imageData: representation.imageData)
        }
    }
}
