/// A planned signature in the writer's own space (millimetres, y up): its strokes in writing order, the pen-up time
/// before each stroke after the first, and the tremor of a shaky hand.
struct HandwrittenSignature: Sendable, Hashable {
    var strokes: [HandwrittenStroke]
    /// `penUpBefore[i]` is the hover time between stroke i−1 and stroke i (seconds); `penUpBefore[0]` is unused (0).
    var penUpBefore: [Double]
    var tremor: PenTremor?
}
