import Foundation

/// The sRGB transfer function (IEC 61966-2-1), which OFIQ's colour and luminance measures undo before they compute.
enum SRGB {
    /// Linear light (0–1) of an sRGB-coded component (0–1).
    static func linear(_ coded: Double) -> Double {
        coded > 0.04045 ? pow((coded + 0.055) / 1.055, 2.4) : coded / 12.92
    }
}
