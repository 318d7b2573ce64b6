import BiocapCore

/// How a biocap device appears to SBI clients: its type, sub-type and sub-ids, derived from what it captures.
/// A scanner that takes slaps is a `Finger`/`Slap` device (1 left slap, 2 right slap, 3 two thumbs), one that takes
/// single fingers only a `Finger`/`Single` device (0); a camera that sees both eyes is an `Iris`/`Double` device (1 left,
/// 2 right, 3 both), one eye only `Iris`/`Single`; a face camera a `Face`/`Full face` device (0). Signature pads have
/// no SBI type and are not offered.
enum SBIDeviceKind: Sendable, Hashable {
    case slapScanner
    case singleFinger
    case irisDouble
    case irisSingle
    case face

    init?(_ descriptor: DeviceDescriptor) {
        let positions = descriptor.capabilities.positions
        switch descriptor.modality {
        case .finger:
            let slaps: Set<FingerPosition> = [.plainLeftFour, .plainRightFour, .plainThumbs]
            let hasSlaps = positions.contains { if case .finger(let f) = $0 { slaps.contains(f) } else { false } }
            self = hasSlaps ? .slapScanner : .singleFinger
        case .iris:
            let eyes = positions.filter { if case .iris = $0 { true } else { false } }
            self = eyes.count >= 2 ? .irisDouble : .irisSingle
        case .face:
            self = .face
        case .signature:
            return nil
        }
    }

    /// `Finger`, `Iris` or `Face`.
    var type: String {
        switch self {
        case .slapScanner, .singleFinger: "Finger"
        case .irisDouble, .irisSingle: "Iris"
        case .face: "Face"
        }
    }

    var subType: String {
        switch self {
        case .slapScanner: "Slap"
        case .singleFinger, .irisSingle: "Single"
        case .irisDouble: "Double"
        case .face: "Full face"
        }
    }

    /// The sub-ids a client may capture from, among those the device's positions allow.
    func subIDs(_ descriptor: DeviceDescriptor) -> [String] {
        let positions = Set(descriptor.capabilities.positions)
        switch self {
        case .slapScanner:
            return [(1, FingerPosition.plainLeftFour), (2, .plainRightFour), (3, .plainThumbs)]
                .filter { positions.contains(.finger($0.1)) }.map { String($0.0) }
        case .irisDouble:
            return ["1", "2", "3"]
        case .irisSingle, .singleFinger, .face:
            return ["0"]
        }
    }
}
