import BiocapDeviceKit

/// The camera input terminal (VC_INPUT_TERMINAL with wTerminalType ITT_CAMERA).
public struct UVCCameraTerminal: Sendable, Hashable {
    public var terminalID: UInt8
    /// bmControls: bit n set when camera-terminal control n (UVC table 3-6) is supported.
    public var controls: UInt64

    public init(terminalID: UInt8, controls: UInt64) {
        self.terminalID = terminalID
        self.controls = controls
    }
}
