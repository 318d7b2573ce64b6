import BiocapDeviceKit

/// What a UVC camera's configuration descriptor says: its controls and streaming formats.
public struct UVCDeviceDescription: Sendable, Hashable {
    /// bcdUVC, e.g. 0x0100 or 0x0110.
    public var uvcVersion: UInt16
    /// The VideoControl interface number (the wIndex low byte of unit/terminal requests).
    public var controlInterface: Int
    public var cameraTerminal: UVCCameraTerminal?
    public var processingUnit: UVCProcessingUnit?
    public var outputTerminals: [UVCOutputTerminal]
    public var streamingInterfaces: [UVCStreamingInterface]

    public init(
        uvcVersion: UInt16, controlInterface: Int, cameraTerminal: UVCCameraTerminal?, processingUnit: UVCProcessingUnit?,
        outputTerminals: [UVCOutputTerminal], streamingInterfaces: [UVCStreamingInterface]
    ) {
        self.uvcVersion = uvcVersion
        self.controlInterface = controlInterface
        self.cameraTerminal = cameraTerminal
        self.processingUnit = processingUnit
        self.outputTerminals = outputTerminals
        self.streamingInterfaces = streamingInterfaces
    }

    /// Probe/commit block length for this UVC version: 26 (1.0), 34 (1.1), 48 (1.5 and later).
    public var probeLength: Int {
        if uvcVersion >= 0x0150 { 48 } else if uvcVersion >= 0x0110 { 34 } else { 26 }
    }

    /// The version as text, e.g. `1.00`.
    public var versionString: String {
        let major = uvcVersion >> 8
        let minor = String(uvcVersion & 0xff, radix: 16)
        return "\(major).\(minor.count == 1 ? "0" + minor : minor)"
    }
}
