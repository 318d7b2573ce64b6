import BiocapCore

/// SBI's names for positions (`Left IndexFinger`, `Right Thumb`, iris `Left`/`Right`, `UNKNOWN`) and biocap's.
enum SBIBioNames {
    static let fingers: [(String, FingerPosition)] = [
        ("Left IndexFinger", .leftIndex), ("Left MiddleFinger", .leftMiddle), ("Left RingFinger", .leftRing),
        ("Left LittleFinger", .leftLittle), ("Right IndexFinger", .rightIndex), ("Right MiddleFinger", .rightMiddle),
        ("Right RingFinger", .rightRing), ("Right LittleFinger", .rightLittle), ("Left Thumb", .leftThumb),
        ("Right Thumb", .rightThumb), ("UNKNOWN", .unknown),
    ]

    static func finger(_ name: String) -> FingerPosition? { fingers.first { $0.0 == name }?.1 }

    static func name(_ finger: FingerPosition) -> String { fingers.first { $0.1 == finger }?.0 ?? "UNKNOWN" }

    static func eye(_ name: String) -> EyePosition? {
        switch name {
        case "Left": .left
        case "Right": .right
        case "UNKNOWN": .undefined
        default: nil
        }
    }

    static func name(_ eye: EyePosition) -> String {
        switch eye {
        case .left: "Left"
        case .right: "Right"
        case .undefined: "UNKNOWN"
        }
    }

    /// SBI's `bioSubType` of a captured position; nil for a face (which has none).
    static func subType(_ position: BiometricPosition) -> String? {
        switch position {
        case .finger(let finger): name(finger)
        case .iris(let eye): name(eye)
        case .face, .signature: nil
        }
    }
}
