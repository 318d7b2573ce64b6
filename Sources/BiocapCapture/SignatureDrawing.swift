import BiocapCore

/// The image of a finished signature for its capture result.
public enum SignatureDrawing {
    // TEMPORARY until the renderer lands (helper A): a blank canvas.
    @Sendable public static func image(_ trace: SignatureTrace) -> CapturedImage {
        .gray(GrayImage(width: 400, height: 200, fill: 255))
    }
}
