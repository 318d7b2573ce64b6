/// A device arriving on or leaving the bus.
public enum USBHotplugEvent: Sendable {
    case arrived(USBAttachedDevice)
    /// The device is gone; its handles now fail every transfer with `noDevice`.
    case left(USBDeviceInfo)
}
