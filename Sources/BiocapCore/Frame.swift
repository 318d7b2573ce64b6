/// One frame from a device's stream.
///
/// Most devices see one position per frame; a dual iris camera sees both eyes at once, so a frame
/// carries one view per position it shows.
public struct Frame: Sendable, Equatable {
    /// 0, 1, 2 … within one capture stream.
    public var index: Int
    /// Time since the stream started, as the device reports it.
    public var elapsed: Duration
    public var views: [FrameView]
    /// Advice the device gives with no image (a swipe too short to assemble: `swipeSlower`); such a
    /// frame has no views.
    public var guidance: [Guidance]

    public init(index: Int, elapsed: Duration, views: [FrameView], guidance: [Guidance] = []) {
        self.index = index
        self.elapsed = elapsed
        self.views = views
        self.guidance = guidance
    }
}
