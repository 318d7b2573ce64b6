import BiocapCore

/// Where one finger lies in a slap image (14.021 SEG): its position and the bounding box in pixels, left/right
/// horizontal and top/bottom vertical coordinates (inclusive, from the top-left corner). Segmentation is done
/// elsewhere; the transaction only carries it.
public struct SlapSegment: Sendable, Hashable {
    public var finger: FingerPosition
    public var left: Int
    public var right: Int
    public var top: Int
    public var bottom: Int
    /// A quality score 0–100 for this finger alone, when the segmenter measured one (written to 14.024 FQM with
    /// biocap's quality algorithm ids).
    public var quality: Int?

    public init(finger: FingerPosition, left: Int, right: Int, top: Int, bottom: Int, quality: Int? = nil) {
        self.finger = finger
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
        self.quality = quality
    }

    var items: [String] { [String(finger.rawValue), String(left), String(right), String(top), String(bottom)] }

    /// Throws unless the finger belongs to `slap` and the box lies inside a `width`×`height` image.
    func validate(in slap: FingerPosition, width: Int, height: Int) throws(RecordError) {
        guard slap.isSlap, slap.fingers.contains(finger) else {
            throw .invalidField(name: "14.021 SEG", value: "\(finger.name) is not a finger of \(slap.name)")
        }
        guard left >= 0, left < right, right < width, top >= 0, top < bottom, bottom < height else {
            throw .invalidField(
                name: "14.021 SEG \(finger.name)", value: "box \(left)–\(right) × \(top)–\(bottom) outside the \(width)×\(height) image")
        }
        if let quality, !(0...100).contains(quality) {
            throw .valueOutOfRange(field: "14.021 SEG \(finger.name) quality", value: quality, allowed: 0...100)
        }
    }
}
