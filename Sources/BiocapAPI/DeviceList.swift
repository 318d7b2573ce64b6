/// `GET /v1/devices`.
public struct DeviceList: Codable, Sendable, Hashable {
    public var devices: [DeviceStatus]

    public init(devices: [DeviceStatus]) { self.devices = devices }
}
