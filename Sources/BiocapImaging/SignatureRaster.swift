import BiocapCore

/// A rendered signature: dark ink on transparent, and where its pixels lie on the pad.
public struct SignatureRaster: Sendable, Equatable {
    /// Ink as grey + alpha; alpha 0 wherever there is no ink.
    public var image: GrayAlphaImage
    /// The pad position (counts) of the image's top-left corner.
    public var originX: Double
    public var originY: Double
    /// Output pixels per pad count along x and y.
    public var pixelsPerCountX: Double
    public var pixelsPerCountY: Double
    /// Output resolution, when the pad's size in millimetres is known.
    public var pixelsPerMillimetre: Double?

    /// The image position (pixel units, pixel centres at .5) of a pad position.
    public func pixel(padX: Double, padY: Double) -> (x: Double, y: Double) {
        ((padX - originX) * pixelsPerCountX, (padY - originY) * pixelsPerCountY)
    }

    /// The signature on white, for previews, quality checks and JPEG.
    public var onWhite: GrayImage { image.flattened(on: 255) }

    /// PNG with alpha (grey + alpha, 8 bits per sample).
    public func png() throws(ImageError) -> [UInt8] { try PNGCodec.encode(image) }

    /// JPEG of the signature on white.
    public func jpeg(quality: Int = 90) throws(ImageError) -> [UInt8] { try JPEGCodec.encode(.gray(onWhite), quality: quality) }
}
