import BiocapCore

/// Scores frames of any modality. Keeps scratch buffers between calls so scoring a frame allocates
/// nothing once warmed up for a frame size (beyond the returned report). Not thread-safe: one per
/// capture session.
public final class QualityAssessor: FrameScoring {
    private var luma: [UInt8] = []
    private var finger = FingerQuality()
    private var iris = IrisQuality()
    private var face = FaceQuality()

    public init() {}

    /// Scores `image` as a capture of `position`: a 0–100 score (ISO/IEC 29794 scale), the metrics
    /// behind it and operator guidance, most important first. A colour image given for a finger or
    /// an iris is scored on its luma.
    public func assess(_ image: CapturedImage, position: BiometricPosition) -> QualityReport {
        switch position {
        case .finger(let fingerPosition):
            return withGray(image) { pixels, width, height, ppi in
                finger.assess(pixels, width: width, height: height, ppi: ppi, position: fingerPosition)
            }
        case .iris:
            return withGray(image) { pixels, width, height, _ in
                iris.assess(pixels, width: width, height: height)
            }
        case .face:
            return assessFace(image, tracking: false, pixelScale: 1)
        case .signature:
            // A signature is judged on its pen samples (`SignatureQuality`); a picture of one carries no timing or pressure.
            return QualityReport(modality: .signature, score: 0, metrics: [QualityMetric(name: "pen-samples", value: 0)],
                                 guidance: [.signAgain])
        }
    }

    /// Scores one view of a stream's frame, frames in order: a face is followed from the previous
    /// frame (`FaceQuality`'s tracking), and a view decoded reduced for the gate
    /// (`FrameView.fullResolution`) has its eye distance judged in full-resolution pixels.
    /// Other positions are scored as by `assess(_:position:)`.
    public func assess(_ view: FrameView) -> QualityReport {
        guard view.position == .face else { return assess(view.image, position: view.position) }
        let scale = view.fullResolution.map { Double($0.width) / Double(max(1, view.image.width)) } ?? 1
        return assessFace(view.image, tracking: true, pixelScale: scale)
    }

    private func assessFace(_ image: CapturedImage, tracking: Bool, pixelScale: Double) -> QualityReport {
        withGray(image) { luma, width, height, _ in
            guard case .rgb(let rgb) = image else {
                return face.assess(rgb: nil, luma: luma, width: width, height: height, tracking: tracking, pixelScale: pixelScale)
            }
            return rgb.pixels.withUnsafeBufferPointer {
                face.assess(rgb: $0, luma: luma, width: width, height: height, tracking: tracking, pixelScale: pixelScale)
            }
        }
    }

    /// Runs `body` on the image's grey pixels: the image's own buffer, or its luma in a reused buffer.
    private func withGray<Result>(
        _ image: CapturedImage,
        _ body: (UnsafeBufferPointer<UInt8>, _ width: Int, _ height: Int, _ ppi: Int?) -> Result
    ) -> Result {
        switch image {
        case .gray(let gray):
            return gray.pixels.withUnsafeBufferPointer { body($0, gray.width, gray.height, gray.ppi) }
        case .rgb(let rgb):
            let count = rgb.width * rgb.height
            if luma.count != count { luma = [UInt8](repeating: 0, count: count) }
            LumaConversion.convert(rgb.pixels, into: &luma)
            return luma.withUnsafeBufferPointer { body($0, rgb.width, rgb.height, nil) }
        }
    }
}
