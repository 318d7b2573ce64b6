import BiocapCore
import COpenJPEG

/// JPEG 2000 through OpenJPEG: 8-bit grey and RGB images to and from codestreams (`.j2k`) and JP2 files (`.jp2`),
/// lossless (reversible 5/3 wavelet) or lossy at a rate in bits per pixel (irreversible 9/7). Corrupt or truncated
/// input is an `ImageError` carrying OpenJPEG's own messages; nothing is printed. Each call makes its own codec, so
/// calls may run on any thread at once.
public enum JPEG2000Codec {
    /// The wrapping of the codestream.
    public enum Container: String, Sendable, CaseIterable {
        /// A bare codestream (`.j2k`, `.j2c`): what ISO/IEC 19794 records embed.
        case codestream = "j2k"
        /// The JP2 file format (`.jp2`): the codestream in boxes with the colour space.
        case jp2
    }

    /// How much to keep.
    public enum Compression: Sendable, Hashable {
        /// Reversible 5/3 wavelet: decodes to exactly the pixels encoded.
        case lossless
        /// Irreversible 9/7 wavelet at about this many bits per pixel (over all components).
        case rate(bitsPerPixel: Double)
    }

    /// Images larger than this many pixels are refused on decode (a lying header must not allocate gigabytes).
    public static let maximumPixels = 100_000_000

    // MARK: Encoding

    /// Encodes a grey or RGB image.
    /// - Throws: `ImageError.codec` for a rate outside (0, 8 × components) bits per pixel, and with OpenJPEG's messages when it fails.
    public static func encode(_ image: CapturedImage, compression: Compression = .lossless, container: Container = .codestream)
        throws(ImageError) -> [UInt8] {
        let (width, height, channels, pixels): (Int, Int, Int, [UInt8]) = switch image {
        case .gray(let gray): (gray.width, gray.height, 1, gray.pixels)
        case .rgb(let rgb): (rgb.width, rgb.height, 3, rgb.pixels)
        }
        var parameters = opj_cparameters_t()
        opj_set_default_encoder_parameters(&parameters)
        parameters.tcp_numlayers = 1
        parameters.cp_disto_alloc = 1
        switch compression {
        case .lossless:
            parameters.irreversible = 0
            parameters.tcp_rates.0 = 0
        case .rate(let bitsPerPixel):
            guard bitsPerPixel.isFinite, bitsPerPixel > 0, bitsPerPixel < Double(8 * channels) else {
                throw .codec("a JPEG 2000 rate must be more than 0 and less than \(8 * channels) bits per pixel, not \(bitsPerPixel)")
            }
            parameters.irreversible = 1
            // OpenJPEG takes a compression ratio: uncompressed bits over compressed bits.
            parameters.tcp_rates.0 = Float(Double(8 * channels) / bitsPerPixel)
        }
        // Resolution levels: OpenJPEG's default is 6, but each level halves the image, so small ones get fewer.
        var levels: Int32 = 1
        while levels < 6, (min(width, height) >> Int(levels)) >= 1 { levels += 1 }
        parameters.numresolution = levels
        parameters.tcp_mct = channels == 3 ? 1 : 0

        var components = [opj_image_cmptparm_t](repeating: opj_image_cmptparm_t(), count: channels)
        for index in components.indices {
            components[index].dx = 1
            components[index].dy = 1
            components[index].w = UInt32(width)
            components[index].h = UInt32(height)
            components[index].prec = 8
            components[index].sgnd = 0
        }
        let colourSpace = channels == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY
        guard let openImage = components.withUnsafeMutableBufferPointer({ opj_image_create(UInt32(channels), $0.baseAddress, colourSpace) }) else {
            throw .codec("OpenJPEG could not allocate a \(width)×\(height) image")
        }
        defer { opj_image_destroy(openImage) }
        openImage.pointee.x0 = 0
        openImage.pointee.y0 = 0
        openImage.pointee.x1 = UInt32(width)
        openImage.pointee.y1 = UInt32(height)
        for channel in 0..<channels {
            guard let data = openImage.pointee.comps[channel].data else { throw .codec("OpenJPEG gave a component without data") }
            pixels.withUnsafeBufferPointer { source in
                for index in 0..<(width * height) { data[index] = Int32(source[index * channels + channel]) }
            }
        }

        // OpenJPEG holds unretained pointers to these two: they must outlive the codec and the stream (defers run last
        // to first, so this one runs after both are destroyed).
        let messages = JPEG2000Messages(), output = JPEG2000Stream()
        defer { withExtendedLifetime((output, messages)) {} }
        guard let codec = opj_create_compress(container == .jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K) else {
            throw .codec("OpenJPEG could not create an encoder")
        }
        defer { opj_destroy_codec(codec) }
        messages.attach(to: codec)
        guard opj_setup_encoder(codec, &parameters, openImage) != 0 else { throw .codec(messages.failure("setting up the encoder")) }
        guard let stream = output.makeStream() else { throw .codec("OpenJPEG could not create a stream") }
        defer { opj_stream_destroy(stream) }
        guard opj_start_compress(codec, openImage, stream) != 0, opj_encode(codec, stream) != 0, opj_end_compress(codec, stream) != 0 else {
            throw .codec(messages.failure("encoding"))
        }
        return output.bytes
    }

    // MARK: Decoding

    /// The container `bytes` start with: the JP2 signature box, or a codestream's SOC and SIZ markers.
    public static func container(of bytes: [UInt8]) -> Container? {
        let jp2Signature: [UInt8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]
        if bytes.starts(with: jp2Signature) { return .jp2 }
        if bytes.starts(with: [0xFF, 0x4F, 0xFF, 0x51]) { return .codestream }
        return nil
    }

    /// Decodes a codestream or JP2 file to grey (one component) or RGB (three; a fourth, alpha, is dropped). Components
    /// deeper than 8 bits are scaled to 8; signed ones are offset to unsigned.
    /// - Throws: `.unsupportedFormat` for anything else, `.invalidSize` for an absurd size, `.malformed` with OpenJPEG's
    ///   messages for corrupt or truncated data.
    public static func decode(_ bytes: [UInt8]) throws(ImageError) -> CapturedImage {
        guard let container = container(of: bytes) else { throw .unsupportedFormat("not JPEG 2000 (no JP2 signature or SOC/SIZ markers)") }
        return try decode(bytes, as: container)
    }

    private static func decode(_ bytes: [UInt8], as container: Container) throws(ImageError) -> CapturedImage {
        // OpenJPEG holds unretained pointers to these two: they must outlive the codec and the stream.
        let messages = JPEG2000Messages(), input = JPEG2000Stream(reading: bytes)
        defer { withExtendedLifetime((input, messages)) {} }
        guard let codec = opj_create_decompress(container == .jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K) else {
            throw .codec("OpenJPEG could not create a decoder")
        }
        defer { opj_destroy_codec(codec) }
        messages.attach(to: codec)
        var parameters = opj_dparameters_t()
        opj_set_default_decoder_parameters(&parameters)
        guard opj_setup_decoder(codec, &parameters) != 0 else { throw .codec(messages.failure("setting up the decoder")) }
        // Strict: a truncated codestream is an error, not an image decoded as far as it went.
        guard opj_decoder_set_strict_mode(codec, 1) != 0 else { throw .codec(messages.failure("setting strict mode")) }
        guard let stream = input.makeStream() else { throw .codec("OpenJPEG could not create a stream") }
        defer { opj_stream_destroy(stream) }
        var decoded: UnsafeMutablePointer<opj_image_t>?
        guard opj_read_header(stream, codec, &decoded) != 0, let image = decoded else {
            throw .malformed(messages.failure("reading the JPEG 2000 header"))
        }
        defer { opj_image_destroy(image) }
        let (width, height) = (Int(image.pointee.x1) - Int(image.pointee.x0), Int(image.pointee.y1) - Int(image.pointee.y0))
        guard width > 0, height > 0, width * height <= maximumPixels else { throw .invalidSize(width: width, height: height) }
        let count = Int(image.pointee.numcomps)
        guard count == 1 || count == 3 || count == 4, let comps = image.pointee.comps else {
            throw .unsupportedFormat("JPEG 2000 with \(count) components (grey, RGB and RGBA are read)")
        }
        guard opj_decode(codec, stream, image) != 0, opj_end_decompress(codec, stream) != 0 else {
            throw .malformed(messages.failure("decoding"))
        }
        let channels = count == 1 ? 1 : 3
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for channel in 0..<channels {
            let component = comps[channel]
            guard Int(component.w) == width, Int(component.h) == height, component.dx == 1, component.dy == 1, let data = component.data else {
                throw .unsupportedFormat("JPEG 2000 with subsampled components")
            }
            guard (1...16).contains(component.prec) else { throw .unsupportedFormat("JPEG 2000 component of \(component.prec) bits") }
            let offset: Int32 = component.sgnd != 0 ? 1 << (component.prec - 1) : 0
            let shift = Int32(component.prec) - 8
            for index in 0..<(width * height) {
                var value = data[index] + offset
                value = shift >= 0 ? value >> shift : value << -shift
                pixels[index * channels + channel] = UInt8(clamping: value)
            }
        }
        return channels == 1 ? .gray(try GrayImage(width: width, height: height, pixels: pixels))
            : .rgb(try RGBImage(width: width, height: height, pixels: pixels))
    }
}
