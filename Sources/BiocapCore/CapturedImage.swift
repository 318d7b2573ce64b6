/// An image as a device delivers it: greyscale (fingerprint, near-infrared iris) or colour (face).
public enum CapturedImage: Sendable, Equatable {
    case gray(GrayImage)
    case rgb(RGBImage)

    public var width: Int {
        switch self {
        case .gray(let image): image.width
        case .rgb(let image): image.width
        }
    }

    public var height: Int {
        switch self {
        case .gray(let image): image.height
        case .rgb(let image): image.height
        }
    }

    /// The greyscale view: the image itself, or the luma of a colour image.
    public var gray: GrayImage {
        switch self {
        case .gray(let image): image
        case .rgb(let image): image.luma()
        }
    }
}
