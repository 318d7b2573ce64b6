import BiocapDeviceKit
import BiocapUVC

/// Which camera the simulated UVC transport pretends to be.
public enum SimulatedUVCModel: String, Sendable, Hashable, CaseIterable {
    /// A colour face camera: MJPEG 1280×720 and 1920×1080, YUY2 640×480 and 1280×720.
    case face
    /// A near-infrared iris camera: Y8 (Y800) 640×480 and YUY2 640×480.
    case iris

    /// One frame size of one format as the simulated camera describes it.
    struct Mode: Sendable, Hashable {
        var format: UVCPixelFormat
        var width: Int
        var height: Int
    }

    /// Formats in bFormatIndex order, each with its frames in bFrameIndex order.
    var formats: [(format: UVCPixelFormat, frames: [(width: Int, height: Int)])] {
        switch self {
        case .face: [(.mjpeg, [(1280, 720), (1920, 1080)]), (.yuy2, [(640, 480), (1280, 720)])]
        case .iris: [(.gray8, [(640, 480)]), (.yuy2, [(640, 480)])]
        }
    }

    /// bStillCaptureMethod: the face camera sends method 2 stills on its video endpoint; the iris
    /// camera has no still capture (method 1 is left to the host).
    var stillMethod: UInt8 { self == .face ? 2 : 0 }

    /// Still sizes of the format at the 1-based `format` index (its VS_STILL_IMAGE_FRAME), in
    /// still-index order: the face camera's MJPEG format offers 1920×1080 and 1280×720 stills.
    func stillSizes(format: UInt8) -> [(width: Int, height: Int)] {
        self == .face && format == 1 ? [(1920, 1080), (1280, 720)] : []
    }

    /// The still mode at 1-based indexes, nil when out of range.
    func stillMode(format: UInt8, frame: UInt8) -> Mode? {
        let sizes = stillSizes(format: format)
        guard frame >= 1, Int(frame) <= sizes.count, let video = mode(format: format, frame: 1) else { return nil }
        return Mode(format: video.format, width: sizes[Int(frame) - 1].width, height: sizes[Int(frame) - 1].height)
    }

    /// Frame intervals offered for every frame (100 ns): 30 and 15 fps; the default is 15 fps.
    static let intervals: [UInt32] = [333_333, 666_666]
    static let defaultInterval: UInt32 = 666_666

    /// dwMaxPayloadTransferSize the camera asks for.
    var maxPayload: Int { self == .face ? 3072 : 2048 }

    var vendorModel: String { self == .face ? "Simulated UVC face camera" : "Simulated UVC iris camera" }

    /// The mode at 1-based indexes, nil when out of range.
    func mode(format: UInt8, frame: UInt8) -> Mode? {
        let formats = formats
        guard format >= 1, Int(format) <= formats.count else { return nil }
        let frames = formats[Int(format) - 1].frames
        guard frame >= 1, Int(frame) <= frames.count else { return nil }
        let size = frames[Int(frame) - 1]
        return Mode(format: formats[Int(format) - 1].format, width: size.width, height: size.height)
    }
}
