import BiocapDeviceKit

/// An output terminal (VC_OUTPUT_TERMINAL), usually the USB streaming terminal.
public struct UVCOutputTerminal: Sendable, Hashable {
    public var terminalID: UInt8
    public var terminalType: UInt16
    public var sourceID: UInt8

    public init(terminalID: UInt8, terminalType: UInt16, sourceID: UInt8) {
        self.terminalID = terminalID
        self.terminalType = terminalType
        self.sourceID = sourceID
    }
}
