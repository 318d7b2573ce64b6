/// The image description fields shared by the tagged image records (Types 10, 14, 17, fields 006–011): size,
/// scale, pixel spacing and compression.
public struct NISTImageGeometry: Sendable, Hashable {
    /// HLL, VLL: pixels per line and lines (10–99999).
    public var width: Int
    public var height: Int
    /// SLC.
    public var scaleUnits: NISTScaleUnits
    /// THPS, TVPS: pixels per unit (or the pixel aspect ratio when `scaleUnits` is `.none`).
    public var horizontalPixelScale: Int
    public var verticalPixelScale: Int
    /// CGA.
    public var compression: NISTCompression

    public init(
        width: Int, height: Int, scaleUnits: NISTScaleUnits, horizontalPixelScale: Int, verticalPixelScale: Int,
        compression: NISTCompression
    ) {
        self.width = width
        self.height = height
        self.scaleUnits = scaleUnits
        self.horizontalPixelScale = horizontalPixelScale
        self.verticalPixelScale = verticalPixelScale
        self.compression = compression
    }

    /// No physical scale known: a square pixel aspect ratio (SLC 0, THPS = TVPS = 1).
    public static func unscaled(width: Int, height: Int, compression: NISTCompression) -> NISTImageGeometry {
        NISTImageGeometry(width: width, height: height, scaleUnits: .none, horizontalPixelScale: 1, verticalPixelScale: 1,
                          compression: compression)
    }

    static let lineRange = 10...99_999
    static let scaleRange = 1...99_999

    var fields: [NISTField] {
        [
            NISTField(6, String(width)), NISTField(7, String(height)), NISTField(8, String(scaleUnits.rawValue)),
            NISTField(9, String(horizontalPixelScale)), NISTField(10, String(verticalPixelScale)),
            NISTField(11, compression.rawValue),
        ]
    }

    init(_ values: NISTFieldValues) throws(RecordError) {
        let code = try values.text(11, "CGA")
        guard let compression = NISTCompression(rawValue: code) else {
            throw .invalidField(name: "\(values.name) \(values.tag(11, "CGA"))", value: code)
        }
        self.init(
            width: try values.integer(6, "HLL", Self.lineRange), height: try values.integer(7, "VLL", Self.lineRange),
            scaleUnits: NISTScaleUnits(rawValue: try values.integer(8, "SLC", 0...2)) ?? .none,
            horizontalPixelScale: try values.integer(9, "THPS", Self.scaleRange),
            verticalPixelScale: try values.integer(10, "TVPS", Self.scaleRange), compression: compression)
    }

    func validate(_ name: String) throws(RecordError) {
        guard Self.lineRange.contains(width), Self.lineRange.contains(height) else {
            throw .invalidField(name: "\(name) HLL×VLL", value: "\(width)×\(height) (each 10–99999)")
        }
        guard Self.scaleRange.contains(horizontalPixelScale), Self.scaleRange.contains(verticalPixelScale) else {
            throw .invalidField(name: "\(name) THPS/TVPS", value: "\(horizontalPixelScale)/\(verticalPixelScale)")
        }
    }

    /// Checks the image data against the description: raw pixels must fill width × height × bytes per pixel;
    /// compressed data must start with its format's signature.
    func check(_ data: [UInt8], bytesPerPixel: Int, _ name: String) throws(RecordError) {
        if compression == .none {
            let expected = width * height * bytesPerPixel
            guard data.count == expected else {
                throw .lengthMismatch(field: "\(name) uncompressed \(width)×\(height) image", declared: expected, actual: data.count)
            }
        } else {
            try ImageSignature.require(compression.signatures, in: data, field: "\(name) \(compression.rawValue) image data")
        }
    }
}
