import Foundation

/// Whether this process replays recorded USB sessions (umockdev in the test suite) and must behave
/// like the program that recorded them: `BIOCAP_DEVICE_EMULATION=1`, biocap's counterpart of
/// libfprint's `FP_DEVICE_EMULATION=1`. Drivers then use the deterministic values the recording was
/// made with (the uru4000 image-encryption seeds) instead of random ones. Never set it for real devices.
public enum DeviceEmulation {
    public static let environmentVariable = "BIOCAP_DEVICE_EMULATION"

    /// Read from the environment once, when the standard driver list is first used.
    public static var isRequested: Bool {
        ProcessInfo.processInfo.environment[environmentVariable] == "1"
    }
}
