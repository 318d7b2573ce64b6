import BiocapDeviceKit

/// One alternate setting of a video-streaming interface and its video endpoint.
public struct UVCAlternateSetting: Sendable, Hashable {
    public var setting: Int
    /// Endpoint address (bit 7 set for IN), `nil` when the setting has no endpoint (zero bandwidth).
    public var endpoint: UInt8?
    /// bmAttributes & 3: 1 isochronous, 2 bulk.
    public var transferType: UInt8
    /// wMaxPacketSize as sent: bits 0–10 the size, bits 11–12 additional transactions per microframe.
    public var rawMaxPacketSize: UInt16

    public init(setting: Int, endpoint: UInt8?, transferType: UInt8, rawMaxPacketSize: UInt16) {
        self.setting = setting
        self.endpoint = endpoint
        self.transferType = transferType
        self.rawMaxPacketSize = rawMaxPacketSize
    }

    public var isIsochronous: Bool { endpoint != nil && transferType == 1 }
    public var isBulk: Bool { endpoint != nil && transferType == 2 }

    /// Bytes per service interval: packet size × (1 + additional transactions).
    public var bytesPerInterval: Int {
        let size = Int(rawMaxPacketSize & 0x7ff)
        let transactions = 1 + Int((rawMaxPacketSize >> 11) & 0x3)
        return size * transactions
    }
}
