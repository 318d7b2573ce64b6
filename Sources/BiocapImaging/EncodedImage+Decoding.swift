import BiocapCore

extension EncodedImage {
    /// The image at full resolution (colour or grey as `colour` says).
    /// - Throws: `ImageError` when the bytes do not decode (a truncated or corrupt frame).
    public func decoded(with decoder: JPEGDecoder) throws(ImageError) -> CapturedImage {
        switch encoding {
        case .jpeg:
            let image = colour ? try decoder.decode(bytes) : .gray(try decoder.decodeGray(bytes))
            guard image.width == width, image.height == height else {
                throw .malformed("the frame decodes to \(image.width)×\(image.height), its header said \(width)×\(height)")
            }
            return image
        }
    }
}
