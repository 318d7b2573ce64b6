import BiocapCore
import BiocapDeviceKit

/// The USB IDs the AES3500 driver handles.
public enum AES3500IDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x08ff, productID: 0x5731): "AES3500 TruePrint",
    ]
}
