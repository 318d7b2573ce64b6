/// The line assembly parameters of one swipe sensor (libfprint's `fpi_line_asmbl_ctx`), for sensors
/// that return single lines (or pairs of lines) rather than frames.
public struct SwipeLineGeometry: Sendable, Equatable {
    /// Pixels per line (and width of the assembled image).
    public let lineWidth: Int
    /// Most lines the assembled image may have.
    public let maxHeight: Int
    /// Output lines per unit of estimated movement (the scale factor).
    public let resolution: Int
    /// Width of the median filter over the estimated offsets.
    public let medianFilterSize: Int
    /// How many lines ahead the search for the best-matching next line looks.
    public let maxSearchOffset: Int

    /// A geometry as the driver's libfprint context defines it.
    public init(lineWidth: Int, maxHeight: Int, resolution: Int, medianFilterSize: Int, maxSearchOffset: Int) {
        self.lineWidth = lineWidth
        self.maxHeight = maxHeight
        self.resolution = resolution
        self.medianFilterSize = medianFilterSize
        self.maxSearchOffset = maxSearchOffset
    }
}
