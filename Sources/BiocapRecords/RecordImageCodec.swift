import BiocapCore
import BiocapImaging

/// Compresses record images as a `RecordCompression` says, and decodes compressed record images back to pixels: the
/// one place where records meet the image codecs. JPEG 2000 goes into records as a JP2 file (signature box first),
/// what ISO/IEC 19794 receivers such as MOSIP's validators expect, with a grey colour space; WSQ as NBIS writes it,
/// with the NIST comment carrying the image's ppi.
enum RecordImageCodec {
    /// The compressed bytes of `image`; nil for `.none` (the caller keeps the raw pixels).
    static func compress(_ image: GrayImage, _ compression: RecordCompression) throws(RecordError) -> [UInt8]? {
        let mode: JPEG2000Codec.Compression
        switch compression {
        case .none: return nil
        case .jpeg2000Lossless: mode = .lossless
        case .jpeg2000(let rate): mode = .rate(bitsPerPixel: rate)
        case .wsq(let rate):
            do {
                return try WSQCodec.encode(image, bitRate: rate)
            } catch {
                throw .invalidField(name: "image", value: "cannot be compressed as \(compression): \(error)")
            }
        }
        do {
            return try JPEG2000Codec.encode(.gray(image), compression: mode, container: .jp2)
        } catch {
            throw .invalidField(name: "image", value: "cannot be compressed as \(compression): \(error)")
        }
    }

    /// Decodes a compressed record image that must be 8-bit grey of `width` × `height`.
    static func decodeGray(_ data: [UInt8], width: Int, height: Int, field: String) throws(RecordError) -> GrayImage {
        let decoded: CapturedImage
        switch ImageSignature.detect(data) {
        case .jp2File, .j2kCodestream:
            do { decoded = try JPEG2000Codec.decode(data) } catch {
                throw .invalidField(name: field, value: "JPEG 2000 data does not decode: \(error)")
            }
        case .wsq:
            do { decoded = .gray(try WSQCodec.decode(data)) } catch {
                throw .invalidField(name: field, value: "WSQ data does not decode: \(error)")
            }
        default:
            throw .unsupported("\(field) in a format biocap does not decode to pixels")
        }
        guard case .gray(let image) = decoded else {
            throw .invalidField(name: field, value: "holds a colour image where grey is declared")
        }
        guard image.width == width, image.height == height else {
            throw .invalidField(name: field, value: "decodes to \(image.width)×\(image.height), the record says \(width)×\(height)")
        }
        return image
    }
}
