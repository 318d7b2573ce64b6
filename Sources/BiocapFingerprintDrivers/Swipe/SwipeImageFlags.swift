/// How an assembled swipe image still differs from a normal one (libfprint's `FpiImageFlags` that
/// the final normalisation undoes): mirrored left–right, upside down, or with inverted grey levels.
public struct SwipeImageFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The image is mirrored left–right.
    public static let horizontallyFlipped = SwipeImageFlags(rawValue: 1 << 0)
    /// The image is upside down.
    public static let verticallyFlipped = SwipeImageFlags(rawValue: 1 << 1)
    /// Ridges are bright and valleys dark.
    public static let colorsInverted = SwipeImageFlags(rawValue: 1 << 2)
}
