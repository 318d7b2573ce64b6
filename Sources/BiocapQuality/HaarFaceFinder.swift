/// Finds faces with OpenCV's frontal-face Haar cascade and, inside the likeliest face, the eyes with
/// the eye cascade. The frame is first shrunk (box average) to about `workingWidth` pixels wide, so
/// the cost hardly depends on the camera's resolution. Buffers are kept between frames.
struct HaarFaceFinder {
    /// A face in frame pixels.
    struct Face: Equatable {
        var x0: Int, y0: Int, x1: Int, y1: Int
        var neighbours: Int
        /// Eye centres found by the eye cascade (0, 1 or 2; left of the image first).
        var eyes: [(x: Double, y: Double)]

        static func == (a: Face, b: Face) -> Bool {
            a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1 && a.neighbours == b.neighbours
                && a.eyes.count == b.eyes.count
        }
    }

    /// The cascades in use, read once per process.
    struct Cascades: Sendable {
        var face: HaarCascade
        var eye: HaarCascade?
    }

    static let faceCascadeFile = "haarcascade_frontalface_alt2.xml"
    static let eyeCascadeFile = "haarcascade_eye.xml"
    /// Longer side the frame is shrunk to (about) before detection: 320 × 180 for a 1280 × 720
    /// camera, where faces down to `smallestFace` of the height are still well above the cascade's
    /// 20-pixel window.
    static let workingWidth = 320
    /// Width the face is brought to before looking for eyes (eyes then span about 25 pixels, just
    /// above the eye cascade's 20-pixel window).
    static let eyeSearchFaceWidth = 120
    /// An eye hit wider than this share of the face is a brow with the eye, or nostrils.
    static let largestEyeShare = 0.45
    /// Pyramid step: 1.2 finds the same faces as OpenCV's usual 1.1 on our portraits at half the cost.
    static let pyramidStep = 1.2
    /// Smallest face looked for, as a fraction of the frame height: a face this small has its eyes
    /// about 35 px apart on a 720-line camera, far below what enrolment needs (ISO/IEC 19794-5: 90),
    /// but still close enough to be told to come closer.
    static let smallestFace = 0.125
    /// In a followed stream (`tracking`: a capture's frames), when no face of at least `smallestFace` is in the
    /// frame, smaller ones down to this share of the height are looked for on an image shrunk half as much
    /// (`distantSearch`): someone standing well back (a face about a tenth of the frame) is then told to come
    /// closer rather than that there is no face.
    static let smallestDistantFace = 0.07
    /// The distant search about triples the cost of a frame without a face, so a stream looks for a distant face
    /// on every this many frames without one, and on every frame while one is being found there (so that its
    /// guidance does not flicker). One-off calls (no `tracking`) never do: a still is scored at the size it was
    /// taken, and their cost stays that of the full search.
    static let distantSearchInterval = 4
    /// Faces at least this share of the height are searched first; smaller ones only when they
    /// could matter (see `fullSearch`). An enrolment portrait's face is 0.35–0.8 of the height.
    static let largeFace = 0.2
    /// Another face counts when at least this share of the subject's width (`FaceQuality`).
    static let otherFaceShare = 0.45

    /// The system cascades, or why they could not be read (then the caller falls back).
    static let systemCascades: Result<Cascades, HaarCascadeError> = loadCascades(directory: HaarCascade.systemDirectory)

    static func loadCascades(directory: String) -> Result<Cascades, HaarCascadeError> {
        do throws(HaarCascadeError) {
            let face = try HaarCascade.load(path: directory + "/" + faceCascadeFile)
            let eye = try? HaarCascade.load(path: directory + "/" + eyeCascadeFile)
            return .success(Cascades(face: face, eye: eye))
        } catch {
            return .failure(error)
        }
    }

    private var faceDetector: HaarDetector
    private var eyeDetector: HaarDetector?
    private var working: [UInt8] = []
    private var distant: [UInt8] = []
    private var framesWithoutFace = 0
    private var distantFaceFound = false
    private var crop: [UInt8] = []
    private var eyeCrop: [UInt8] = []
    private var eyeScan: [UInt8] = []
    private var track: HaarFaceTrack?

    /// How the last `find` looked for faces (for diagnostics and tests).
    enum Search: Equatable { case full, tracked }
    private(set) var lastSearch = Search.full
    /// How the last `find` looked for the subject's eyes: all plausible sizes, or only near their size
    /// in the previous frame (a followed face whose eyes were both found there, and are again).
    enum EyeSearch: Equatable { case allSizes, nearLastSize }
    private(set) var lastEyeSearch = EyeSearch.allSizes

    init(cascades: Cascades) {
        faceDetector = HaarDetector(cascade: cascades.face)
        faceDetector.scaleFactor = Self.pyramidStep
        eyeDetector = cascades.eye.map { HaarDetector(cascade: $0) }
        eyeDetector?.minNeighbours = 2
        eyeDetector?.coarseRows = false
    }

    /// Faces in the frame, most certain first; eyes are looked for in the first only.
    ///
    /// With `tracking`, a face found in the previous call is first looked for near where it was
    /// (`HaarFaceTrack`): a window around it, at sizes close to its own. Only when it is not there,
    /// or every `HaarFaceTrack.refreshInterval` frames (to notice someone stepping into view), is
    /// the whole frame searched. Without it every call is a full search.
    @_optimize(speed)
    mutating func find(luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int, tracking: Bool = false) -> [Face] {
        let shrink = max(1, Int((Double(max(width, height)) / Double(Self.workingWidth)).rounded()))
        let workingWidth = width / shrink, workingHeight = height / shrink
        guard workingWidth >= faceDetector.cascade.windowWidth, workingHeight >= faceDetector.cascade.windowHeight else {
            track = nil
            return []
        }
        Self.boxShrink(luma, width: width, x0: 0, y0: 0, x1: workingWidth * shrink, y1: workingHeight * shrink,
                       factor: shrink, into: &working)
        var detections: [HaarDetector.Detection]?
        lastSearch = .tracked
        if tracking, let previous = track, previous.isCurrent(width: workingWidth, height: workingHeight) {
            detections = followTrack(previous, width: workingWidth, height: workingHeight)
        }
        var scale = shrink
        if detections == nil {
            lastSearch = .full
            let all = fullSearch(width: workingWidth, height: workingHeight)
            track = all.first.map { HaarFaceTrack(subject: $0, others: Array(all.dropFirst()), width: workingWidth, height: workingHeight) }
            detections = all
            let distantDue = tracking && (distantFaceFound || framesWithoutFace % Self.distantSearchInterval == 0)
            framesWithoutFace = all.isEmpty ? framesWithoutFace + 1 : 0
            distantFaceFound = false
            if all.isEmpty, distantDue, let found = distantSearch(luma: luma, width: width, height: height, shrink: shrink) {
                // Found on the finer image, so not followed (the track lives on the working image): the next frame
                // is searched in full again, until the subject comes close enough.
                detections = found.detections
                scale = found.shrink
                distantFaceFound = true
            }
        }
        var faces = (detections ?? []).map { detection in
            Face(x0: max(0, Int(detection.x * Double(scale))), y0: max(0, Int(detection.y * Double(scale))),
                 x1: min(width, Int((detection.x + detection.width) * Double(scale))),
                 y1: min(height, Int((detection.y + detection.height) * Double(scale))),
                 neighbours: detection.neighbours, eyes: [])
        }
        if !tracking { track = nil }
        if !faces.isEmpty {
            // A followed face's eyes are looked for near the size they had in the last frame first.
            let hint = lastSearch == .tracked ? track?.eyeShare : nil
            var (eyes, eyeShare) = findEyes(in: faces[0], luma: luma, width: width, height: height, sizeNear: hint)
            lastEyeSearch = hint == nil ? .allSizes : .nearLastSize
            if hint != nil, eyes.count < 2 {
                (eyes, eyeShare) = findEyes(in: faces[0], luma: luma, width: width, height: height, sizeNear: nil)
                lastEyeSearch = .allSizes
            }
            faces[0].eyes = eyes
            track?.eyeShare = eyes.count == 2 ? eyeShare : nil
        }
        return faces
    }

    /// How many eyes (0, 1 or 2) the eye cascade finds in `face`, all plausible sizes searched: whether a
    /// face other than the subject is one. The subject's eyes and the tracking are left as they are.
    mutating func eyeCount(in face: Face, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> Int {
        findEyes(in: face, luma: luma, width: width, height: height, sizeNear: nil).eyes.count
    }

    /// Forgets the tracked face: the next frame is searched in full.
    mutating func resetTracking() { track = nil }

    /// The whole working image, large faces first: the levels for faces of at least
    /// `largeFace` of the height are scanned, and the finer levels (down to `smallestFace`) only
    /// when they could still hold something that counts — a subject (nothing large found) or
    /// another face at least `otherFaceShare` as wide as the largest one found. Hits of both
    /// passes are grouped together, as one pyramid.
    @_optimize(speed)
    private mutating func fullSearch(width: Int, height: Int) -> [HaarDetector.Detection] {
        let smallest = Int(Double(height) * Self.smallestFace)
        let large = max(smallest, Int(Double(height) * Self.largeFace))
        let image = working
        return image.withUnsafeBufferPointer { pixels in
            faceDetector.collect(pixels, width: width, height: height, minimumSize: large)
            let coarse = faceDetector.groupedHits()
            // Any face found may turn out the subject; the narrowest sets how small another may be.
            let narrowest = coarse.map(\.width).min() ?? 0
            let needed = coarse.isEmpty ? smallest : max(smallest, Int(narrowest * Self.otherFaceShare))
            if needed < large {
                // The coarse hits stay: fine and coarse hits of one face are grouped together.
                faceDetector.collect(pixels, width: width, height: height, minimumSize: needed, belowSize: large)
            }
            return faceDetector.groupCollected()
        }
    }

    /// Faces from `smallestDistantFace` up to `smallestFace` of the height, on the frame shrunk about half as much
    /// as for the full search (to about twice `workingWidth`), where such a face still covers the cascade's
    /// 20-pixel window; `nil` when the frame is too small for a finer image, or none is there. Only the frames
    /// without a larger face pay for it.
    @_optimize(speed)
    private mutating func distantSearch(
        luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int, shrink: Int
    ) -> (detections: [HaarDetector.Detection], shrink: Int)? {
        let fine = max(1, Int((Double(max(width, height)) / Double(2 * Self.workingWidth)).rounded()))
        guard fine < shrink else { return nil }
        let fineWidth = width / fine, fineHeight = height / fine
        let smallest = max(faceDetector.cascade.windowWidth, Int(Double(fineHeight) * Self.smallestDistantFace))
        let largest = Int(Double(fineHeight) * Self.smallestFace)
        guard smallest < largest, fineWidth >= faceDetector.cascade.windowWidth else { return nil }
        let found: [HaarDetector.Detection]
        if fine == 1 {
            found = faceDetector.detect(luma, width: width, height: height, minimumSize: smallest, maximumSize: largest)
        } else {
            Self.boxShrink(luma, width: width, x0: 0, y0: 0, x1: fineWidth * fine, y1: fineHeight * fine, factor: fine, into: &distant)
            let image = distant
            found = image.withUnsafeBufferPointer {
                faceDetector.detect($0, width: fineWidth, height: fineHeight, minimumSize: smallest, maximumSize: largest)
            }
        }
        return found.isEmpty ? nil : (found, fine)
    }

    /// The tracked face near where it was, or `nil` when it is not found there (then the caller
    /// searches in full). Other faces are those of the last full search.
    @_optimize(speed)
    private mutating func followTrack(_ previous: HaarFaceTrack, width: Int, height: Int) -> [HaarDetector.Detection]? {
        let window = previous.searchWindow(width: width, height: height)
        let cropWidth = window.x1 - window.x0, cropHeight = window.y1 - window.y0
        guard cropWidth >= faceDetector.cascade.windowWidth, cropHeight >= faceDetector.cascade.windowHeight else { return nil }
        if crop.count != cropWidth * cropHeight { crop = [UInt8](repeating: 0, count: cropWidth * cropHeight) }
        working.withUnsafeBufferPointer { source in
            crop.withUnsafeMutableBufferPointer { target in
                for y in 0..<cropHeight {
                    for x in 0..<cropWidth { target[y * cropWidth + x] = source[(window.y0 + y) * width + window.x0 + x] }
                }
            }
        }
        let image = crop
        let sizes = previous.sizeRange
        let found = image.withUnsafeBufferPointer {
            faceDetector.detect($0, width: cropWidth, height: cropHeight, minimumSize: sizes.lowerBound, maximumSize: sizes.upperBound)
        }
        guard var subject = found.first else {
            track = nil
            return nil
        }
        subject.x += Double(window.x0)
        subject.y += Double(window.y0)
        track = previous.followed(to: subject)
        return [subject] + previous.others
    }

    /// Eyes in the upper part of the face box: the most certain hit in each half, and their mean
    /// width as a share of the face's. With `sizeNear` (such a share), only eyes of about that size
    /// are looked for (`HaarFaceTrack.sizeRangeFactors`): a followed face's eyes hardly change size
    /// from one frame to the next, and the pyramid then has three or four levels instead of eleven.
    @_optimize(speed)
    private mutating func findEyes(in face: Face, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
                                   sizeNear share: Double?) -> (eyes: [(x: Double, y: Double)], share: Double?) {
        guard var eyeDetector else { return ([], nil) }
        defer { self.eyeDetector = eyeDetector }
        let faceWidth = face.x1 - face.x0
        let factor = max(1, faceWidth / Self.eyeSearchFaceWidth)
        let x0 = face.x0, y0 = face.y0 + (face.y1 - face.y0) / 8
        let searchWidth = faceWidth / factor, searchHeight = (face.y1 - face.y0) * 5 / 8 / factor
        guard searchWidth >= eyeDetector.cascade.windowWidth * 2, searchHeight >= eyeDetector.cascade.windowHeight else {
            return ([], nil)
        }
        Self.boxShrink(luma, width: width, x0: x0, y0: y0, x1: x0 + searchWidth * factor, y1: y0 + searchHeight * factor,
                       factor: factor, into: &eyeCrop)
        // The box shrink works in whole steps; the rest of the way to `eyeSearchFaceWidth` is
        // bilinear, so the eye cascade always scans a face of that width (its cost grows with the area).
        var image = eyeCrop, scanWidth = searchWidth, scanHeight = searchHeight
        if searchWidth > Self.eyeSearchFaceWidth * 9 / 8 {
            scanWidth = Self.eyeSearchFaceWidth
            scanHeight = max(eyeDetector.cascade.windowHeight, searchHeight * scanWidth / searchWidth)
            eyeCrop.withUnsafeBufferPointer {
                HaarDetector.resample($0, width: searchWidth, height: searchHeight, into: &eyeScan, width: scanWidth, height: scanHeight)
            }
            image = eyeScan
        }
        let toFrame = Double(factor) * Double(searchWidth) / Double(scanWidth)
        // Eyes are about a quarter of the face wide; larger hits are brows with eyes, or nostrils, so the
        // pyramid stops at the largest plausible eye.
        let largestEye = Int(Double(scanWidth) * Self.largestEyeShare)
        var sizes = 0...largestEye
        if let share {
            let expected = share * Double(scanWidth)
            let largest = min(largestEye, Int((expected * HaarFaceTrack.sizeRangeFactors.larger).rounded(.up)))
            sizes = min(largest, Int(expected / HaarFaceTrack.sizeRangeFactors.smaller))...largest
        }
        let hits = image.withUnsafeBufferPointer {
            eyeDetector.detect($0, width: scanWidth, height: scanHeight, minimumSize: sizes.lowerBound, maximumSize: sizes.upperBound)
        }
        let middle = Double(scanWidth) / 2
        let plausible = hits.filter { $0.width <= Double(largestEye) && $0.width >= Double(scanWidth) * 0.12 }
        let left = plausible.first { $0.centreX < middle }, right = plausible.first { $0.centreX >= middle }
        let found = [left, right].compactMap { $0 }
        let eyes = found.map { hit in (x: Double(x0) + hit.centreX * toFrame, y: Double(y0) + hit.centreY * toFrame) }
        let meanShare = found.isEmpty ? nil : found.map(\.width).reduce(0, +) / Double(found.count) / Double(scanWidth)
        return (eyes, meanShare)
    }

    /// Box-averages the region x0..<x1, y0..<y1 by `factor` each way: each target row first sums
    /// its `factor` source rows column by column (a loop the compiler vectorises), then adds
    /// `factor` neighbouring column sums.
    @_optimize(speed)
    static func boxShrink(_ source: UnsafeBufferPointer<UInt8>, width: Int, x0: Int, y0: Int, x1: Int, y1: Int,
                          factor: Int, into target: inout [UInt8]) {
        let targetWidth = (x1 - x0) / factor, targetHeight = (y1 - y0) / factor
        if target.count != targetWidth * targetHeight { target = [UInt8](repeating: 0, count: targetWidth * targetHeight) }
        let area = UInt32(factor * factor), span = targetWidth * factor
        var columns = [UInt32](repeating: 0, count: span)
        target.withUnsafeMutableBufferPointer { out in
            columns.withUnsafeMutableBufferPointer { columns in
                for ty in 0..<targetHeight {
                    for x in 0..<span { columns[x] = 0 }
                    for y in (y0 + ty * factor)..<(y0 + (ty + 1) * factor) {
                        let row = y * width + x0
                        for x in 0..<span { columns[x] &+= UInt32(source[row + x]) }
                    }
                    for tx in 0..<targetWidth {
                        var sum: UInt32 = 0
                        for x in (tx * factor)..<((tx + 1) * factor) { sum &+= columns[x] }
                        out[ty * targetWidth + tx] = UInt8(truncatingIfNeeded: (sum + area / 2) / area)
                    }
                }
            }
        }
    }
}
