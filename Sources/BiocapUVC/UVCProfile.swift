import BiocapCore
import BiocapDeviceKit

/// What a UVC camera is used for, which decides the format it streams and the positions it captures.
public enum UVCProfile: String, Sendable, Codable, CaseIterable {
    /// A colour face camera: MJPEG at 1280×720 or more preferred, else YUY2/NV12.
    case face
    /// A near-infrared iris camera: 8/16-bit grey preferred, else the luma of YUY2, at 640×480 or more.
    case iris

    /// Cameras whose use is known; an unknown UVC camera is a face camera unless configured.
    public static let knownCameras: [USBID: (profile: UVCProfile, model: String)] = [
        USBID(vendorID: 0x046d, productID: 0x081b): (.face, "Logitech C310")
    ]

    /// The profile for a camera: `overrides` (configuration) first, then the known table, else face.
    public static func profile(for id: USBID, overrides: [USBID: UVCProfile] = [:]) -> UVCProfile {
        overrides[id] ?? knownCameras[id]?.profile ?? .face
    }

    public var modality: Modality { self == .face ? .face : .iris }

    public var positions: [BiometricPosition] { self == .face ? [.face] : [.iris(.right), .iris(.left)] }

    public var colour: Bool { self == .face }

    /// Width (at least) of the image the quality gate scores, when an MJPEG frame may be decoded
    /// reduced for it (the capture's result still gets the full frame): a face camera's 1280×720
    /// is gated at 640×360, 1920×1080 at 960×540 (1/2: 3/8 would give 720×405 but decodes slower,
    /// `JPEGScalingFactor.hasSIMDInverseDCT`). The face detector works at 320 px wide anyway;
    /// 640 keeps the eyes (ISO/IEC 19794-5: ≥ 90 px apart at full resolution) above the eye
    /// cascade's window. `nil`: the gate scores the full frame (iris: sharpness needs every pixel).
    public var gateWidth: Int? { self == .face ? 640 : nil }

    /// The smallest acceptable frame.
    public var minimumSize: (width: Int, height: Int) { self == .face ? (1280, 720) : (640, 480) }

    /// Pixel formats in order of preference.
    var preference: [[UVCPixelFormat]] {
        switch self {
        case .face: [[.mjpeg], [.yuy2, .nv12], [.gray8, .gray16]]
        case .iris: [[.gray8, .gray16], [.yuy2, .nv12], [.mjpeg]]
        }
    }

    /// The format and frame to stream: the most preferred format family that has a frame of at least
    /// the minimum size (its smallest such frame), else the largest decodable frame of any format.
    public func choose(from interfaces: [UVCStreamingInterface]) -> (interface: UVCStreamingInterface, format: UVCFormatDescriptor, frame: UVCFrameDescriptor)? {
        let candidates = interfaces.flatMap { interface in
            interface.formats.filter(\.pixelFormat.isDecodable).flatMap { format in
                format.frames.filter { $0.width > 0 && $0.height > 0 }.map { (interface, format, $0) }
            }
        }
        let minimum = minimumSize
        for family in preference {
            let large = candidates.filter {
                family.contains($0.1.pixelFormat) && $0.2.width >= minimum.width && $0.2.height >= minimum.height
            }
            if let best = large.min(by: { $0.2.width * $0.2.height < $1.2.width * $1.2.height }) {
                return (best.0, best.1, best.2)
            }
        }
        guard let largest = candidates.max(by: { $0.2.width * $0.2.height < $1.2.width * $1.2.height }) else { return nil }
        return (largest.0, largest.1, largest.2)
    }
}
