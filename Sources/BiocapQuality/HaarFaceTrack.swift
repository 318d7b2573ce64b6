/// The face `HaarFaceFinder` follows from frame to frame, in working-image pixels: where to look
/// for it next (a window around it, sizes near its own) and the other faces of the last full search.
struct HaarFaceTrack {
    /// Frames followed before the whole frame is searched again (someone stepping into view shows
    /// up within this many frames; a third of a second at 30 frames/s).
    static let refreshInterval = 10
    /// The window looked in reaches this share of the face's size beyond each side: a head moving
    /// fast across a 30 frames/s camera moves far less between two frames.
    static let searchMargin = 0.5
    /// The face may grow or shrink by about this factor between frames. The sizes looked for run
    /// from 1/1.25 to 1.4 times the last size: the pyramid's 1.2 steps then fall about evenly on both
    /// sides of it, so the box does not drift smaller frame after frame.
    static let sizeChange = 1.3
    static let sizeRangeFactors = (smaller: 1.25, larger: 1.4)

    var subject: HaarDetector.Detection
    var others: [HaarDetector.Detection]
    /// Working-image size the track belongs to: a new frame size starts over.
    var width: Int
    var height: Int
    var framesFollowed = 0
    /// Mean width of the subject's two eyes in the last frame, as a share of the face's width
    /// (`HaarFaceFinder.findEyes`); `nil` when not both were found.
    var eyeShare: Double?

    init(subject: HaarDetector.Detection, others: [HaarDetector.Detection], width: Int, height: Int) {
        self.subject = subject
        self.others = others
        self.width = width
        self.height = height
    }

    /// Whether the track may be followed in a frame of this size (same size, not due for a full search).
    func isCurrent(width: Int, height: Int) -> Bool {
        width == self.width && height == self.height && framesFollowed < Self.refreshInterval
    }

    /// The window to search, clipped to the image.
    func searchWindow(width: Int, height: Int) -> (x0: Int, y0: Int, x1: Int, y1: Int) {
        let margin = Self.searchMargin * subject.width * Self.sizeChange
        return (max(0, Int(subject.x - margin)), max(0, Int(subject.y - margin)),
                min(width, Int((subject.x + subject.width + margin).rounded(.up))),
                min(height, Int((subject.y + subject.height + margin).rounded(.up))))
    }

    /// Face sizes (pixels) to look for.
    var sizeRange: ClosedRange<Int> {
        let lower = Int(subject.width / Self.sizeRangeFactors.smaller)
        return lower...max(lower, Int((subject.width * Self.sizeRangeFactors.larger).rounded(.up)))
    }

    /// The track after the face was found at `detection`.
    func followed(to detection: HaarDetector.Detection) -> HaarFaceTrack {
        var next = self
        next.subject = detection
        next.framesFollowed += 1
        return next
    }
}
