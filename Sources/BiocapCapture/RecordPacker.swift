import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapRecords

/// Packs a capture result into its ISO/IEC 19794 record: finger images 8-bit at the device's resolution, compressed
/// as the kit is configured (19794-4; JPEG 2000 lossless unless set otherwise), iris images mono, compressed as
/// configured too (19794-6; JPEG 2000 lossless unless set otherwise), face
/// images as JPEG (19794-5), signatures as their pen samples (19794-7:2007) with the rendered PNG as a companion
/// record. A value: any thread may use it.
public struct RecordPacker: Sendable {
    /// JPEG quality for face records: high enough for face recognition, small enough to queue offline.
    public static let faceJPEGQuality = 92

    /// How finger images are compressed (biocapd's `fingerCompression`).
    public var fingerCompression: RecordCompression
    /// How iris images are compressed (biocapd's `irisCompression`).
    public var irisCompression: RecordCompression

    public init(fingerCompression: RecordCompression = .jpeg2000Lossless, irisCompression: RecordCompression = .jpeg2000Lossless) {
        self.fingerCompression = fingerCompression
        self.irisCompression = irisCompression
    }

    /// - Throws: `RecordError` or `ImageError` when the image cannot be encoded.
    @Sendable public func pack(_ result: CaptureResult) throws -> PacketRecord {
        let id = result.position.name
        switch result.position {
        case .finger(let finger):
            var image = result.image.gray
            if image.ppi == nil { image.ppi = result.device.capabilities.ppi }
            let record = try FingerImageRecord(image: image, position: finger, quality: result.quality.score,
                                               capturedAt: result.capturedAt, compression: fingerCompression)
            return PacketRecord(id: id, format: .isoFinger, bytes: try record.encode())
        case .iris(let eye):
            let record = try IrisImageRecord(image: result.image.gray, eye: eye, quality: result.quality.score,
                                             capturedAt: result.capturedAt, compression: irisCompression)
            return PacketRecord(id: id, format: .isoIris, bytes: try record.encode())
        case .face:
            let jpeg = try JPEGCodec.encode(result.image, quality: Self.faceJPEGQuality)
            let record = try FaceImageRecord(jpeg: jpeg, width: result.image.width, height: result.image.height,
                                             quality: result.quality.score, capturedAt: result.capturedAt)
            return PacketRecord(id: id, format: .isoFace, bytes: try record.encode())
        case .signature:
            guard let trace = result.signature else {
                throw RecordError.invalidField(name: "signature", value: "the result carries no pen samples")
            }
            let record = SignatureRecord(trace: trace, capturedAt: result.capturedAt, quality: result.quality.score)
            return PacketRecord(id: id, format: .isoSignature, bytes: try record.encode())
        }
    }

    /// The records that go into a packet beside the result's record, each with an id the packet prefixes with the
    /// position's: for a slap, one ISO/IEC 19794-4 record per fingertip found (id = the finger's position, the
    /// fingertip's axis-aligned box cut from the slap, compressed like the slap, its own score); for a signature, its
    /// image as PNG with transparency (`SignatureDrawing.options`), for the card (id `image`).
    @Sendable public func companions(_ result: CaptureResult) throws -> [PacketRecord] {
        if let segmentation = result.segmentation, case .gray(let slap) = result.image {
            var ppi = slap.ppi ?? result.device.capabilities.ppi
            if ppi == nil { ppi = 500 }
            return try segmentation.fingers.map { segment in
                var fingertip = SlapSegmenter.crop(slap, segment)
                fingertip.ppi = ppi
                let record = try FingerImageRecord(image: fingertip, position: segment.position, quality: segment.score,
                                                   capturedAt: result.capturedAt, compression: fingerCompression)
                return PacketRecord(id: segment.position.name, format: .isoFinger, bytes: try record.encode())
            }
        }
        guard result.position == .signature, let trace = result.signature else { return [] }
        let png = try SignatureDrawing.raster(trace).png()
        return [PacketRecord(id: "image", format: .png, bytes: png)]
    }
}
