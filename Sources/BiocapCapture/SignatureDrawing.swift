import BiocapCore
import BiocapImaging

/// The picture of a finished signature: what the capture result's image and the packet's PNG show.
public enum SignatureDrawing {
    /// 8 pixels per millimetre (203 dpi, a card printer's resolution), cropped to the ink with a small margin,
    /// strokes 0.3–0.8 mm wide by pressure.
    public static let options = SignatureRenderOptions()

    /// The signature drawn with `options`; for a pad whose geometry would make that image absurdly large (a lying
    /// descriptor), drawn at 1 pixel per millimetre instead.
    public static func raster(_ trace: SignatureTrace, options: SignatureRenderOptions = options) throws(ImageError) -> SignatureRaster {
        do {
            return try SignatureRenderer(options: options).render(trace)
        } catch {
            var coarse = options
            coarse.pixelsPerMillimetre = 1
            coarse.widthWhenSizeUnknown = min(options.widthWhenSizeUnknown, 600)
            return try SignatureRenderer(options: coarse).render(trace)
        }
    }

    /// The signature on white, for the capture result's image (JPEG and PGM in the API, the live view).
    @Sendable public static func image(_ trace: SignatureTrace) -> CapturedImage {
        guard let raster = try? raster(trace) else { return .gray(GrayImage(width: 1, height: 1, fill: 255)) }
        return .gray(raster.onWhite)
    }
}
