import BiocapDeviceKit

/// A video-streaming interface: its formats and alternate settings.
public struct UVCStreamingInterface: Sendable, Hashable {
    public var interfaceNumber: Int
    /// bEndpointAddress from the input header.
    public var endpoint: UInt8
    public var formats: [UVCFormatDescriptor]
    public var alternateSettings: [UVCAlternateSetting]
    /// bStillCaptureMethod of the input header.
    public var stillCaptureMethod: UVCStillCaptureMethod
    /// bTriggerSupport of the input header: the camera has a hardware trigger (a button).
    public var triggerSupport: Bool

    public init(
        interfaceNumber: Int, endpoint: UInt8, formats: [UVCFormatDescriptor], alternateSettings: [UVCAlternateSetting],
        stillCaptureMethod: UVCStillCaptureMethod = .none, triggerSupport: Bool = false
    ) {
        self.interfaceNumber = interfaceNumber
        self.endpoint = endpoint
        self.formats = formats
        self.alternateSettings = alternateSettings
        self.stillCaptureMethod = stillCaptureMethod
        self.triggerSupport = triggerSupport
    }

    /// The bulk setting when the video endpoint is bulk (then there is no bandwidth to choose).
    public var bulkSetting: UVCAlternateSetting? {
        alternateSettings.first { $0.isBulk && $0.endpoint == endpoint }
    }

    /// Isochronous settings on the video endpoint, smallest bandwidth first.
    public var isochronousSettings: [UVCAlternateSetting] {
        alternateSettings.filter { $0.isIsochronous && $0.endpoint == endpoint }
            .sorted { ($0.bytesPerInterval, $0.setting) < ($1.bytesPerInterval, $1.setting) }
    }

    /// The smallest isochronous setting carrying `payloadSize` bytes per interval, else the largest.
    public func isochronousSetting(forPayload payloadSize: Int) -> UVCAlternateSetting? {
        let settings = isochronousSettings
        return settings.first { $0.bytesPerInterval >= payloadSize } ?? settings.last
    }
}
