import BiocapDeviceKit

/// The processing unit (VC_PROCESSING_UNIT).
public struct UVCProcessingUnit: Sendable, Hashable {
    public var unitID: UInt8
    public var sourceID: UInt8
    /// bmControls: bit n set when processing-unit control n (UVC table 3-8) is supported.
    public var controls: UInt64

    public init(unitID: UInt8, sourceID: UInt8, controls: UInt64) {
        self.unitID = unitID
        self.sourceID = sourceID
        self.controls = controls
    }
}
