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
    /// Pyramid step: 1.2 finds the same faces as OpenCV's usual 1.1 on our portraits at half the cost.
    static let pyramidStep = 1.2
    /// Smallest face looked for, as a fraction of the frame height: a face this small has its eyes
    /// about 35 px apart on a 720-line camera, far below what enrolment needs (ISO/IEC 19794-5: 90),
    /// but still close enough to be told to come closer.
    static let smallestFace = 0.125

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
    private var crop: [UInt8] = []

    init(cascades: Cascades) {
        faceDetector = HaarDetector(cascade: cascades.face)
        faceDetector.scaleFactor = Self.pyramidStep
        eyeDetector = cascades.eye.map { HaarDetector(cascade: $0) }
        eyeDetector?.minNeighbours = 2
    }

    /// Faces in the frame, most certain first; eyes are looked for in the first only.
    @_optimize(speed)
    mutating func find(luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> [Face] {
        let shrink = max(1, Int((Double(max(width, height)) / Double(Self.workingWidth)).rounded()))
        let workingWidth = width / shrink, workingHeight = height / shrink
        guard workingWidth >= faceDetector.cascade.windowWidth, workingHeight >= faceDetector.cascade.windowHeight else {
            return []
        }
        Self.boxShrink(luma, width: width, x0: 0, y0: 0, x1: workingWidth * shrink, y1: workingHeight * shrink,
                       factor: shrink, into: &working)
        let image = working
        let detections = image.withUnsafeBufferPointer {
            faceDetector.detect($0, width: workingWidth, height: workingHeight,
                                minimumSize: Int(Double(workingHeight) * Self.smallestFace))
        }
        var faces = detections.map { detection in
            Face(x0: max(0, Int(detection.x * Double(shrink))), y0: max(0, Int(detection.y * Double(shrink))),
                 x1: min(width, Int((detection.x + detection.width) * Double(shrink))),
                 y1: min(height, Int((detection.y + detection.height) * Double(shrink))),
                 neighbours: detection.neighbours, eyes: [])
        }
        if !faces.isEmpty { faces[0].eyes = findEyes(in: faces[0], luma: luma, width: width, height: height) }
        return faces
    }

    /// Eyes in the upper part of the face box: the most certain hit in each half.
    @_optimize(speed)
    private mutating func findEyes(in face: Face, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> [(x: Double, y: Double)] {
        guard var eyeDetector else { return [] }
        defer { self.eyeDetector = eyeDetector }
        let faceWidth = face.x1 - face.x0
        let factor = max(1, faceWidth / Self.eyeSearchFaceWidth)
        let x0 = face.x0, y0 = face.y0 + (face.y1 - face.y0) / 8
        let searchWidth = faceWidth / factor, searchHeight = (face.y1 - face.y0) * 5 / 8 / factor
        guard searchWidth >= eyeDetector.cascade.windowWidth * 2, searchHeight >= eyeDetector.cascade.windowHeight else {
            return []
        }
        Self.boxShrink(luma, width: width, x0: x0, y0: y0, x1: x0 + searchWidth * factor, y1: y0 + searchHeight * factor,
                       factor: factor, into: &crop)
        let image = crop
        let hits = image.withUnsafeBufferPointer { eyeDetector.detect($0, width: searchWidth, height: searchHeight) }
        let middle = Double(searchWidth) / 2
        // Eyes are about a quarter of the face wide; larger hits are brows with eyes, or nostrils.
        let plausible = hits.filter { $0.width <= Double(searchWidth) * 0.45 && $0.width >= Double(searchWidth) * 0.12 }
        let left = plausible.first { $0.centreX < middle }, right = plausible.first { $0.centreX >= middle }
        return [left, right].compactMap { $0 }.map { hit in
            (x: Double(x0) + hit.centreX * Double(factor), y: Double(y0) + hit.centreY * Double(factor))
        }
    }

    /// Box-averages the region x0..<x1, y0..<y1 by `factor` each way.
    @_optimize(speed)
    static func boxShrink(_ source: UnsafeBufferPointer<UInt8>, width: Int, x0: Int, y0: Int, x1: Int, y1: Int,
                          factor: Int, into target: inout [UInt8]) {
        let targetWidth = (x1 - x0) / factor, targetHeight = (y1 - y0) / factor
        if target.count != targetWidth * targetHeight { target = [UInt8](repeating: 0, count: targetWidth * targetHeight) }
        let area = factor * factor
        target.withUnsafeMutableBufferPointer { out in
            for ty in 0..<targetHeight {
                for tx in 0..<targetWidth {
                    var sum = 0
                    for y in (y0 + ty * factor)..<(y0 + (ty + 1) * factor) {
                        let row = y * width
                        for x in (x0 + tx * factor)..<(x0 + (tx + 1) * factor) { sum += Int(source[row + x]) }
                    }
                    out[ty * targetWidth + tx] = UInt8((sum + area / 2) / area)
                }
            }
        }
    }
}
